"""Every command's output fits an 80-column terminal: no line longer, no word broken, and every
``--help`` ends with examples."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sim.cli import app
from sim.registry import parameters
from sim.scenario import load_scenario

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1"})


def assert_fits(text: str) -> None:
    long = [line for line in text.splitlines() if len(line.rstrip()) > 80]
    assert not long, f"{len(long)} lines over 80 columns, e.g. {long[0]!r}"


def words(text: str) -> set[str]:
    return set(text.replace("│", " ").split())


@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_and_shows_examples(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert_fits(result.output)
    assert "Examples" in result.output and f"axis-sim {command}" in result.output


def test_run_fits_with_dates_and_readable_numbers():
    result = invoke("run", "--seed", "5", "--trace")
    assert result.exit_code == 0, result.output
    assert_fits(result.output)
    assert "e+0" not in result.output and "e-0" not in result.output
    assert "Dec 2024" in result.output  # outcome days as calendar dates
    assert re.search(r"\b\d,\d{3}\b", result.output)  # fighters with a thousands separator


def test_params_fits_without_breaking_words():
    result = invoke("params")
    assert result.exit_code == 0
    assert_fits(result.output)
    seen = words(result.output)
    for p in parameters().values():
        assert set(p.meaning.split()) <= seen, p.key
        assert p.key in seen


@pytest.mark.parametrize(
    "args",
    [
        ("show", "iraq_sends_army"),
        ("validate", "baseline", "sadr_sistani_silent"),
        ("scenarios",),
        ("params", "kataib_hezbollah"),
    ],
)
def test_model_commands_fit(args):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert_fits(result.output)


def test_batch_export_compare_and_fidelity_fit(tmp_path):
    out = str(tmp_path / "b")
    for args in (
        (
            "batch",
            "baseline",
            "iran_all_in",
            "--runs",
            "3",
            "--out",
            out,
            "--executor",
            "sequential",
        ),
        ("export", out, "--format", "csv"),
        ("fidelity", out),
        ("compare", out, "--out", str(tmp_path / "report")),
    ):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
        assert_fits(result.output)
        if args[0] == "fidelity":  # every decision point, its role and its date score, whole
            for point in load_scenario("baseline").decisions:
                assert point.id in result.output, point.id
            assert "Validation skill" in result.output and " val " in result.output


def test_show_marks_inherited_entries_and_dropped_ones():
    output = invoke("show", "sadr_sistani_silent").output
    assert "(from baseline.yaml)" in output
    assert "sadr_calls_for_non_intervention" in output.split("dropped from the parent:")[1]
    assert "context.sistani_disapproval = 0" in output


def test_did_you_mean_for_parameters_actors_kinds_and_options(tmp_path):
    bad = tmp_path / "typos.yaml"
    bad.write_text(
        "extends: baseline.yaml\nname: typos\ntitle: t\nquestion: q\n"
        "parameters: {iran.comitment_to_assad: 0.5}\n"
        "events:\n  - {id: e1, date: 2024-12-01, kind: strke, description: d, source: s}\n"
        "  - {id: e2, date: 2024-12-01, kind: note, actor: sistany, description: d, source: s}\n"
        "decisions:\n  - {id: pmf_kept_home, force: deploy_to_sirya}\n",
        encoding="utf-8",
    )
    result = invoke("validate", str(bad))
    assert result.exit_code == 2
    for hint in (
        "did you mean 'iran.commitment_to_assad'?",
        "did you mean 'strike'?",
        "did you mean 'sistani'?",
        "did you mean 'deploy_to_syria'?",
    ):
        assert hint in result.output.replace("\n", " "), hint
    assert invoke("params", "kataib_hezbolah").output.count("did you mean 'kataib_hezbollah'?")


def test_a_scenario_without_extends_or_events_warns(tmp_path):
    bare = tmp_path / "bare.yaml"
    bare.write_text("name: bare\ntitle: t\nquestion: q\n", encoding="utf-8")
    for command in ("validate", "run"):
        result = invoke(command, str(bare))
        assert result.exit_code == 0, result.output
        assert "warning:" in result.output and "no `extends:` and no events" in result.output
    assert "warning:" not in invoke("validate", "baseline").output
