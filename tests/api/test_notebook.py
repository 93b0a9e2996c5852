"""The example notebook runs, top to bottom, in a kernel of this virtual environment."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "api_tour.ipynb"


def this_python_kernel(folder: Path) -> KernelManager:
    """A kernel manager whose kernel is this interpreter (not whatever `python` is on PATH)."""
    spec = folder / "kernels" / "axis-sim"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "axis-sim", "language": "python"})
    )
    specs = KernelSpecManager(kernel_dirs=[str(folder / "kernels")])
    return KernelManager(kernel_name="axis-sim", kernel_spec_manager=specs)


def test_example_notebook_runs(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    work = tmp_path / "cwd"
    work.mkdir()
    km = this_python_kernel(tmp_path)
    assert km.kernel_spec.argv[0] == sys.executable
    NotebookClient(notebook, km=km, timeout=120, resources={"metadata": {"path": work}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "hawkish_iran" in text and "collapse_survival" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 2
    assert list(work.iterdir()) == []  # the batch went where the notebook said, not here
