"""Golden file: a small seeded batch of the baseline and two counterfactuals, recorded once.

Any change to the model's behaviour (outcomes, decisions, time series) changes this record. A
refactoring must leave it identical; a deliberate change of behaviour regenerates it with
``pytest tests/test_golden.py --force-regen`` and says why in the commit.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pytest

from sim.run.runner import run_once
from sim.scenario import load_scenario

GOLDEN_SCENARIOS = ("baseline", "iraq_sends_army", "iran_all_in")
GOLDEN_RUNS = 12
GOLDEN_SEED = 20241127


def _plain(value: Any) -> Any:
    """A YAML-stable form of one cell: floats rounded to 9 places, NaN as None."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    if isinstance(value, int):
        return int(value)
    return str(value)


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:20]


def golden_record() -> dict[str, Any]:
    """Outcomes in full; decisions and time series as a count and a digest, per run."""
    record: dict[str, Any] = {}
    for name in GOLDEN_SCENARIOS:
        spec = load_scenario(name)
        runs = []
        for run in range(GOLDEN_RUNS):
            result = run_once(spec, run, GOLDEN_SEED, timeseries=True)
            cols = result.decisions
            decision_lines = [
                "|".join(str(cols[c][i]) for c in cols) for i in range(len(cols["day"]))
            ]
            series_lines = [
                "|".join(f"{k}={_plain(v)}" for k, v in row.items())
                for row in result.timeseries or []
            ]
            runs.append(
                {
                    "outcome": {k: _plain(v) for k, v in result.outcome.items()},
                    "decisions": len(decision_lines),
                    "decisions_digest": _digest(decision_lines),
                    "timeseries_digest": _digest(series_lines),
                }
            )
        record[name] = runs
    return record


def test_golden_batch_is_unchanged(data_regression: pytest.FixtureRequest) -> None:
    data_regression.check(golden_record(), basename="golden_batch")
