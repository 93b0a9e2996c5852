"""The analysis reads files only, and only the command line reaches up into it (run-time imports;
annotation-only imports under ``if TYPE_CHECKING:`` do not count)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ("sim.run", "sim.model", "sim.batch.engine", "sim.scenario")


def runtime_imports(path: Path) -> list[str]:
    """The modules ``path`` imports when it runs (at any depth, outside TYPE_CHECKING blocks)."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.extend([node.module] + [f"{node.module}.{a.name}" for a in node.names])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def imports_any(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in runtime_imports(path) if m.startswith(prefixes)]


def test_the_scan_sees_lazy_imports_and_skips_annotation_ones(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sim.model\n"
        "def f():\n    from sim.scenario import load_scenario\n"
    )
    assert imports_any(module, MODEL) == ["sim.scenario", "sim.scenario.load_scenario"]


@pytest.mark.parametrize("path", sorted((ROOT / "analysis").glob("*.py")), ids=lambda p: p.name)
def test_analysis_never_runs_the_model(path):
    assert imports_any(path, MODEL) == []


def test_only_the_command_line_and_the_python_api_import_the_analysis():
    offenders = {
        str(path.relative_to(ROOT)): imports_any(path, ("analysis",))
        for path in sorted((ROOT / "sim").rglob("*.py"))
        if not {"cli", "api"} & set(path.relative_to(ROOT / "sim").parts)
    }
    assert {path: found for path, found in offenders.items() if found} == {}
