"""The house keeps its floors: import-linter's layer contract holds and no module imports
itself back through others (annotation-only imports included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent


def test_layer_contract_holds():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_no_import_cycles_among_sim_modules():
    graph = grimp.build_graph("sim", "analysis", cache_dir=None)
    imports = nx.DiGraph()
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            imports.add_edge(module, imported)
    cycles = sorted(sorted(c) for c in nx.simple_cycles(imports))
    assert cycles == [], f"import cycles: {cycles}"


def test_nothing_below_the_model_imports_it():
    graph = grimp.build_graph("sim", cache_dir=None)
    below = ("sim.core", "sim.agents", "sim.world", "sim.outcomes", "sim.registry", "sim.scenario")
    importers = graph.find_modules_that_directly_import("sim.model")
    assert not [m for m in importers if m.startswith(below)]
