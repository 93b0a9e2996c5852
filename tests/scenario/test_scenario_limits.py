"""The scenario examples of issue 14: each is a ScenarioError naming the file (and the line and
field where known), quickly, never another exception or a hang."""

# ruff: noqa: E501 (one scenario snippet a line reads best)
from __future__ import annotations

import time
from pathlib import Path

import pytest

from sim.scenario import SCENARIO_DIR, ScenarioError, load_scenario

HEAD = "extends: baseline.yaml\nname: child\ntitle: t\nquestion: q\n"


def write(folder: Path, text: str | bytes, name: str = "s.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


CASES = {
    "impossible_day": (HEAD + "period: {start: 2024-11-27, end: 2031-02-30}\n", "line 5: field 'period.end'"),
    "month_zero": (HEAD + "period: {start: 2024-00-10, end: 2024-12-31}\n", "line 5: field 'period.start'"),
    "impossible_event_date": (
        HEAD + "events:\n  - {id: e, date: 2024-02-30, kind: strike, description: d, source: s, intensity: 0.5}\n",
        "line 6: field 'events[id=e].date'",
    ),
    "year_9999": (HEAD + "period: {start: 2024-11-27, end: 9999-12-31}\n", "line 5: field 'period'"),
    "period_over_a_year": (HEAD + "period: {start: 2024-01-01, end: 2025-06-01}\n", "at most 366"),
    "nan_parameter": (HEAD + "parameters: {iran.commitment_to_assad: .NaN}\n", "finite number"),
    "inf_parameter": (HEAD + "parameters: {iran.commitment_to_assad: -.inf}\n", "finite number"),
    "nan_uncertainty": (
        HEAD + "uncertainty:\n  iran.commitment_to_assad: {dist: uniform, low: .nan, high: 0.9}\n",
        "field 'uncertainty.iran.commitment_to_assad.low'",
    ),
    "nan_intensity": (
        HEAD + "events:\n  - {id: e, date: 2024-12-01, kind: strike, description: d, source: s, intensity: .nan}\n",
        "events[id=e].intensity",
    ),
    "nan_observable": (
        HEAD + "observables:\n  - {id: o, outcome: fall_day_hama, range: [.nan, 3], source: s}\n",
        "observables[id=o].range",
    ),
    "observable_wrong_type": (
        HEAD + "observables:\n  - {id: o, outcome: regime_collapsed, range: [0, 1], source: s}\n",
        "regime_collapsed is bool",
    ),
    "drop_5": (HEAD + "drop: 5\n", "line 5: field 'drop'"),
    "drop_unknown_id": (HEAD + "drop: [no_such_event]\n", "no_such_event"),
    "drop_mapping": (HEAD + "drop: [{a: 1}]\n", "field 'drop'"),
    "id_mapping": (
        HEAD + "events:\n  - {id: {a: 1}, date: 2024-12-01, kind: strike, description: d, source: s, intensity: 0.5}\n",
        "line 6: field 'events.",
    ),
    "choice_weights_short": (
        HEAD + "uncertainty:\n  iran.commitment_to_assad: {dist: choice, values: [0.2, 0.8], weights: [1]}\n",
        "weights must be",
    ),
    "choice_weights_overflow": (
        HEAD + "uncertainty:\n  iran.commitment_to_assad: {dist: choice, values: [0.2, 0.8], weights: [1e308, 1e308]}\n",
        "weights must be",
    ),
    "top_level_list": ("- a\n- b\n", "must be a YAML mapping"),
    "top_level_scalar": ("42\n", "must be a YAML mapping"),
    "deep_nesting": (HEAD + "parameters: " + "[" * 1000 + "]" * 1000 + "\n", "nest"),
    "long_name": ("name: " + "a" * 200_000 + "\ntitle: t\nquestion: q\n", "200,000 characters"),
    "name_over_64": ("name: " + "a" * 65 + "\ntitle: t\nquestion: q\n", "field 'name'"),
    "alias": (HEAD + "title: &t x\nquestion: *t\n", "anchors and aliases"),
    "extends_empty": ('extends: ""\nname: x\n', "line 1: field 'extends'"),
    "extends_root": ("extends: /\nname: x\n", "field 'extends'"),
    "extends_outside": ("extends: /etc/hostname\nname: x\n", "field 'extends'"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_with_file_and_field(case, tmp_path):
    text, expected = CASES[case]
    path = write(tmp_path, text)
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert time.perf_counter() - started < 2  # refused by a bound, not slowly
    assert str(path) in str(caught.value) and expected in str(caught.value), str(caught.value)


def test_not_utf8_names_the_line(tmp_path):
    path = write(tmp_path, HEAD.encode() + b"title: caf\xe9\n")
    with pytest.raises(ScenarioError, match=r"s\.yaml, line 5: not UTF-8"):
        load_scenario(path)


def test_file_size_is_bounded(tmp_path):
    path = write(tmp_path, HEAD + "#" + "x" * 300_000 + "\n")
    with pytest.raises(ScenarioError, match=r"may hold at most 262,144"):
        load_scenario(path)


def test_extends_chain_is_bounded(tmp_path):
    for k in range(30):
        parent = f"f{k + 1}.yaml" if k < 29 else "baseline.yaml"
        write(tmp_path, f"extends: {parent}\nname: f{k}\ntitle: t\nquestion: q\n", f"f{k}.yaml")
    with pytest.raises(ScenarioError, match=r"chain of more than 8 files"):
        load_scenario(tmp_path / "f0.yaml")


def test_extends_stays_in_the_folder_tree_and_never_echoes_the_other_file(tmp_path):
    write(tmp_path, "name: secret\ntitle: t\nquestion: q\npassword_field: hunter2\n", "o.yaml")
    child = write(tmp_path / "sub", "extends: ../o.yaml\nname: c\ntitle: t\nquestion: q\n")
    with pytest.raises(ScenarioError, match=r"outside the scenario's folder") as caught:
        load_scenario(child)
    assert "password_field" not in str(caught.value) and "hunter2" not in str(caught.value)
    # the same parent, explicitly allowed, is read (and then its own error is reported)
    with pytest.raises(ScenarioError, match=r"password_field"):
        load_scenario(child, extends_roots=[tmp_path])


def test_extends_into_a_subfolder_and_the_bundled_files_is_allowed(tmp_path):
    write(tmp_path / "parts", "extends: baseline.yaml\nname: p\ntitle: t\nquestion: q\n", "p.yaml")
    top = write(tmp_path, "extends: parts/p.yaml\nname: top\ntitle: t\nquestion: q\n")
    assert load_scenario(top).name == "top"
    absolute = write(tmp_path, f"extends: {SCENARIO_DIR / 'baseline.yaml'}\n" + HEAD[23:], "a.yaml")
    assert load_scenario(absolute).name == "child"


@pytest.mark.parametrize("ref", ["", " ", "/", ".", "..", "x" * 300, "a/" * 3000])
def test_bad_references_are_refused(ref):
    with pytest.raises(ScenarioError, match=r"give a scenario name|longer than the file system"):
        load_scenario(ref)


def test_the_bundled_files_still_load():
    for name in ("baseline", "iran_all_in", "pro_iran_prime_minister"):
        assert load_scenario(name).name == name
