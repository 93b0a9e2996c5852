"""Fuzz: malformed and odd scenario files through :func:`sim.scenario.load_scenario` (what
``axis-sim validate`` and every other command call), in this process.

Asserts over every case: no exception other than :class:`ScenarioError` (no traceback), no case
over the time bound (no hang), every refusal names a file, and no invalid file accepted (the
definition is in :mod:`scenario_mutations`). The counts are printed (``pytest -s``) and kept in
docs/hardening.md.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
import yaml
from fuzzing import Hang, Tally, time_bound
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_mutations import TOP, cases

from sim.scenario import ScenarioError, load_scenario

pytestmark = pytest.mark.slow

SEED = 20241127
PER_KIND = 40  # x 20 invalid kinds = 800 cases
ODD = 150
GENERATED = 200  # hypothesis examples


def load_one(folder: Path, files: dict[str, bytes], invalid: bool, label: str, tally: Tally):
    """Write the files, load the first, and tally what happened."""
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    path = folder / next(iter(files))
    try:
        with time_bound():
            load_scenario(path)
    except ScenarioError as exc:
        named = ".yaml" in str(exc) or str(folder) in str(exc)
        tally.add("refused" if named else "refused without a message", f"{label}: {exc}")
        return
    except Hang:
        tally.add("hang", label)
        return
    except Exception as exc:
        tally.add("crash", f"{label}: {type(exc).__name__}: {exc}")
        return
    tally.add("invalid accepted" if invalid else "accepted", label)


def check(tally: Tally) -> None:
    print(tally.summary())
    bad = {k: tally.counts[k] for k in ("crash", "hang", "invalid accepted")}
    bad["refused without a message"] = tally.counts["refused without a message"]
    assert not any(bad.values()), (tally.summary(), tally.failures())


def test_seeded_mutations_of_the_bundled_files(tmp_path):
    tally = Tally("seeded scenario mutations")
    for i, case in enumerate(cases(SEED, PER_KIND, ODD)):
        folder = tmp_path / f"c{i}"
        folder.mkdir()
        load_one(folder, case.files, case.invalid, f"#{i} {case.kind}", tally)
    check(tally)
    assert tally.total >= PER_KIND * 20 + ODD
    assert tally.counts["accepted"] > 0  # the odd cases include valid files (CRLF, BOM, ...)


# Generated content injected into a real scenario ------------------------------------------
FIELDS = ["name", "title", "question", "period", "runs", "seed", "parameters", "uncertainty",
          "events", "decisions", "observables", "drop", "extends"]  # fmt: skip

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def has_nonfinite(value: object) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(has_nonfinite(v) for v in value.values())
    if isinstance(value, list):
        return any(has_nonfinite(v) for v in value)
    return False


GENERATED_TALLY = Tally("generated scenario content")


@settings(
    max_examples=GENERATED,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    field=st.sampled_from(FIELDS) | st.text(min_size=1, max_size=10),
    under=st.sampled_from(["top", "parameter", "uncertainty", "event"]),
    value=values,
)
def test_generated_values_in_a_child_scenario(field, under, value):
    data = {"extends": "baseline.yaml", "name": "fuzz", "title": "t", "question": "q"}
    if under == "top":
        data[field] = value
    elif under == "parameter":
        data["parameters"] = {"iran.commitment_to_assad": value}
    elif under == "uncertainty":
        data["uncertainty"] = {"iran.commitment_to_assad": value}
    else:
        data["events"] = [{"id": "e", "kind": "strike", "date": "2024-12-01", field: value}]
    unknown = under == "top" and field not in FIELDS
    invalid = has_nonfinite(value) or unknown
    text = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        load_one(Path(folder), {TOP: text}, invalid, f"{field}={value!r:.200}", GENERATED_TALLY)
    bad = sum(GENERATED_TALLY.counts[k] for k in ("crash", "hang", "invalid accepted"))
    assert bad == 0, (GENERATED_TALLY.summary(), GENERATED_TALLY.failures())


def test_generated_count_reached():
    """Runs after the generated test (file order): its cases were all counted."""
    print(GENERATED_TALLY.summary())
    assert GENERATED_TALLY.total >= GENERATED or GENERATED_TALLY.total == 0
