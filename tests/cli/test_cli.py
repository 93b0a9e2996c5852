"""The command line end to end (typer's runner, same process)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sim.cli import app
from sim.scenario import bundled_scenarios

runner = CliRunner()


def test_run_prints_a_dated_narrative_and_the_outcome_row():
    result = runner.invoke(app, ["run", "baseline", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "27 Nov" in result.output and "falls to the" in result.output
    assert "8 Dec 2024" in result.output or "—" in result.output  # dates, not day numbers
    assert "regime_collapse_day" in result.output and "Outcome" in result.output


def test_set_changes_the_run():
    plain = runner.invoke(app, ["run", "--seed", "5"]).output
    forced = runner.invoke(
        app,
        [
            "run",
            "--seed",
            "5",
            "--set",
            "iran.commitment_to_assad=0.95",
            "--set",
            "iran.exasperation_with_assad=0.1",
        ],
    ).output
    assert "iran.commitment_to_assad=0.95" in forced and plain != forced


def test_trace_shows_every_option_with_its_terms():
    result = runner.invoke(app, ["run", "--trace"])
    assert (
        "Every decision" in result.output and "war_risk" in result.output and "p=" in result.output
    )


def test_params_table_and_filter():
    everything = runner.invoke(app, ["params"]).output
    iran = runner.invoke(app, ["params", "iran"]).output
    assert "iran.commitment_to_assad" in everything and "front.contest_exponent" in everything
    assert "iran.commitment_to_assad" in iran and "front.contest_exponent" not in iran
    factions = runner.invoke(app, ["params", "resistance_faction"]).output
    assert "kataib_hezbollah.fear_of_strikes" in factions
    assert runner.invoke(app, ["params", "mossad"]).exit_code == 2


def test_scenarios_lists_every_bundled_scenario():
    output = runner.invoke(app, ["scenarios"]).output
    for path in bundled_scenarios():
        assert path.stem in output


def test_validate_accepts_the_bundled_scenarios():
    result = runner.invoke(app, ["validate", *[str(p) for p in bundled_scenarios()]])
    assert result.exit_code == 0 and result.output.count("ok ") == len(bundled_scenarios())


def test_demo_batches_every_scenario_and_writes_the_report(tmp_path):
    result = runner.invoke(app, ["demo", "--out", str(tmp_path), "--runs", "4", "--workers", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "batch" / "manifest.json").read_text())
    assert sorted(manifest["scenarios"]) == sorted(p.stem for p in bundled_scenarios())
    html = (tmp_path / "batch" / "report" / "report.html").read_text()
    assert all(p.stem in html for p in bundled_scenarios())
    assert "2024-11-27" in (tmp_path / "baseline_narrative.md").read_text()
