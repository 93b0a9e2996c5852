"""Bad input gets a clear message (file, line, field, what is allowed) and exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim.scenario import SCENARIO_DIR, ScenarioError, load_scenario

BASE = (SCENARIO_DIR / "baseline.yaml").as_posix()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def child(body: str) -> str:
    return f"extends: {BASE}\nname: child\ntitle: t\nquestion: q\n{body}"


CASES = {
    "malformed_yaml": ("name: x\ntitle: [unclosed\n", ["line", "malformed YAML"]),
    "unknown_field": (child("colour: red\n"), ["line 5", "colour", "unknown field", "allowed:"]),
    "unknown_parameter": (
        child("parameters:\n  iran.zeal: 0.5\n"),
        ["parameters.iran.zeal", "unknown parameter", "line 6"],
    ),
    "out_of_range": (
        child("parameters:\n  iran.commitment_to_assad: 1.5\n"),
        ["parameters.iran.commitment_to_assad", "outside the allowed range [0.05, 0.95]"],
    ),
    "bad_distribution": (
        child("uncertainty:\n  iran.pragmatism: {dist: beta, a: 1}\n"),
        ["uncertainty.iran.pragmatism", "allowed: uniform, triangular"],
    ),
    "unknown_actor": (
        child(
            "decisions:\n  - {id: x, actor: saudi, decision: posture, "
            "date: 2024-12-01, historical: press, source: s}\n"
        ),
        ["decisions[id=x].actor", "unknown actor 'saudi'", "allowed:", "line 6"],
    ),
    "unknown_decision": (
        child(
            "decisions:\n  - {id: x, actor: iran, decision: invade, "
            "date: 2024-12-01, historical: press, source: s}\n"
        ),
        ["decisions[id=x].decision", "allowed: posture, hts_channel"],
    ),
    "unknown_option": (
        child("decisions:\n  - id: army_stays_home\n    force: parachute\n"),
        [
            "decisions[id=army_stays_home].force",
            "unknown option 'parachute'",
            "allowed: send, border_only",
            "line 7",
        ],
    ),
    "date_outside_period": (
        child("events:\n  - {id: e, date: 2025-03-01, kind: note, description: d, source: s}\n"),
        ["events[id=e].date", "outside the period 2024-11-27 to 2024-12-31"],
    ),
    "unknown_event_kind": (
        child(
            "events:\n  - {id: e, date: 2024-12-01, kind: earthquake, description: d, source: s}\n"
        ),
        ["events[id=e].kind", "allowed: strike"],
    ),
    "missing_extends": (
        "extends: nowhere.yaml\nname: x\ntitle: t\nquestion: q\n",
        ["field 'extends'", "no such scenario file", "line 1"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_explained(case, tmp_path):
    text, fragments = CASES[case]
    path = write(tmp_path, f"{case}.yaml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from: {message}"


def test_extends_loop_is_refused(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\nname: a\ntitle: t\nquestion: q\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\nname: b\ntitle: t\nquestion: q\n")
    with pytest.raises(ScenarioError, match=r"inheritance loop \(a.yaml -> b.yaml -> a.yaml\)"):
        load_scenario(tmp_path / "a.yaml")


def test_error_in_an_inherited_entry_points_at_the_file_that_sets_it(tmp_path):
    parent = write(tmp_path, "parent.yaml", child("parameters:\n  iran.switching_cost: 0.2\n"))
    kid = write(
        tmp_path,
        "kid.yaml",
        f"extends: {parent.as_posix()}\nname: kid\nparameters:\n  iran.switching_cost: 0.9\n",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(kid)
    assert f"{kid}, line 4: field 'parameters.iran.switching_cost'" in str(info.value)


def test_command_line_exit_status_2_and_no_traceback(tmp_path):
    path = write(tmp_path, "bad.yaml", CASES["out_of_range"][0])
    for args in (["validate", str(path)], ["run", str(path)]):
        done = subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "outside the allowed range" in done.stderr


def test_set_is_validated_like_the_file():
    done = subprocess.run(
        [sys.executable, "-m", "sim", "run", "--set", "iran.commitment_to_assad=7"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "outside the allowed range" in done.stderr
    assert "Traceback" not in done.stderr


def test_fixing_a_parameter_in_a_child_removes_its_inherited_uncertainty():
    spec = load_scenario("iran_all_in")
    assert "iran.commitment_to_assad" not in spec.uncertainty
    assert spec.parameters["iran.commitment_to_assad"] == 0.95
    assert "front.cohesion_initial" in spec.uncertainty  # the rest is inherited


def test_command_line_keeps_bracketed_field_paths(tmp_path):
    """Rich must not read `[id=x]` in a field path as markup and drop it."""
    path = write(tmp_path, "bad.yaml", CASES["unknown_actor"][0])
    done = subprocess.run(
        [sys.executable, "-m", "sim", "validate", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "field 'decisions[id=x].actor'" in done.stderr
    assert done.stderr.count("iraqi_government,") == 1  # kinds naming their instance listed once
