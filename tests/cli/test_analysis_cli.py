"""The typer command functions of ``axis-sim compare`` and ``axis-sim fidelity``."""

from __future__ import annotations

import pytest
import typer
from conftest_analysis import write_batch
from typer.testing import CliRunner

from sim.cli.analysis_commands import compare_command, fidelity_command

app = typer.Typer()
app.command("compare")(compare_command)
app.command("fidelity")(fidelity_command)
runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_batch(tmp_path_factory.mktemp("cli") / "b", {"baseline": 0.0}, runs=4)


def test_compare_writes_the_report_and_names_left_out_figures(folder, tmp_path):
    result = runner.invoke(app, ["compare", str(folder), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert "Left out paired_differences" in result.output
    assert (tmp_path / "r" / "report.html").exists()


def test_compare_unknown_baseline_exits_2_with_the_scenarios_on_stderr(folder):
    result = runner.invoke(app, ["compare", str(folder), "--baseline", "nope"])
    assert result.exit_code == 2
    assert "unknown baseline scenario 'nope'" in result.stderr and "baseline" in result.stderr


def test_compare_missing_folder_exits_2(tmp_path):
    result = runner.invoke(app, ["compare", str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert "batch folder not found" in result.stderr


def test_fidelity_prints_tables_and_brier_sentences(folder):
    result = runner.invoke(app, ["fidelity", str(folder)])
    assert result.exit_code == 0, result.output
    assert "baseline: decision points" in result.output
    assert "factions_withdraw" in result.output and "Brier score" in result.output
    timing = result.output.split("when the runs first took history's option")[1]
    assert all(column in timing for column in ("Early", "In window", "Late", "Never"))


def test_fidelity_corrupted_outcomes_exits_2(tmp_path):
    broken = write_batch(tmp_path / "b", {"baseline": 0.0}, runs=2)
    (broken / "outcomes.parquet").write_bytes(b"not parquet at all")
    result = runner.invoke(app, ["fidelity", str(broken)])
    assert result.exit_code == 2
    assert "outcomes.parquet" in result.stderr


def test_command_module_imports_no_analysis_internals_at_import_time():
    import subprocess
    import sys

    code = "import sys, sim.cli.analysis_commands; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
