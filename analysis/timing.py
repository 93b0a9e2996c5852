"""Decision points scored in time: first occurrence, held postures, and a skill against 1/k.

A decision point whose historical option is a change of course (not the actor's status quo)
matches a run only when the actor *first* takes that option inside the window: taking it earlier
is a miss, never taking it is a miss. For a kind, the first time any of its instances takes it
counts. A point whose historical option is the status quo matches when the actor holds that
option on every day of the window (its posture on a day is the choice of its latest decision row
on or before that day, the status quo before any row); for a kind, every instance must hold it.

The model forecasts each point with the share of runs that match; the reference forecasts do not
read the model: a fixed 1/k (k options) and the status quo (1 if history kept the status quo,
else 0). Brier = (1 - p)^2 for a point that history matched; skill = 1 - Brier_model / Brier_ref
summed over points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class TimedPoint:
    """What a decision point needs for scoring in time (days from the scenario's start)."""

    id: str
    actor: str
    decision: str
    options: tuple[str, ...]
    status_quo: str
    historical: str
    first_day: int
    last_day: int

    @property
    def change_of_course(self) -> bool:
        return self.historical != self.status_quo


def _rows_of(decisions: pd.DataFrame, point: TimedPoint) -> pd.DataFrame:
    by_actor = (decisions["actor"] == point.actor) | (decisions["kind"] == point.actor)
    return decisions[by_actor & (decisions["decision"] == point.decision)]


def first_day_taken(decisions: pd.DataFrame, point: TimedPoint) -> pd.Series:
    """Per run: the first day the actor (any instance of a kind) took the historical option."""
    rows = _rows_of(decisions, point)
    taken = rows[rows["choice"] == point.historical]
    return taken.groupby("run")["day"].min()


def held_through_window(decisions: pd.DataFrame, point: TimedPoint, runs: Sequence[int]) -> pd.Series:
    """Per run: did every instance hold the historical option on every day of the window?"""
    rows = _rows_of(decisions, point)
    rows = rows[rows["day"] <= point.last_day]
    held = pd.Series(True, index=pd.Index(list(runs), name="run"))
    if rows.empty:
        return held if point.historical == point.status_quo else ~held
    # posture at the window's start: the latest row on or before it; then every row inside it
    before = rows[rows["day"] <= point.first_day].sort_values(["run", "actor", "day"])
    at_start = before.groupby(["run", "actor"])["choice"].last()
    inside = rows[rows["day"] > point.first_day]
    bad_start = at_start[at_start != point.historical].reset_index()["run"].unique()
    bad_inside = inside[inside["choice"] != point.historical]["run"].unique()
    held[held.index.isin(bad_start) | held.index.isin(bad_inside)] = False
    return held


def matches(decisions: pd.DataFrame, point: TimedPoint, runs: Sequence[int]) -> pd.Series:
    """Per run (one scenario's decisions): did the run match the point in time?"""
    index = pd.Index(list(runs), name="run")
    if point.change_of_course:
        first = first_day_taken(decisions, point).reindex(index)
        return (first >= point.first_day) & (first <= point.last_day)
    return held_through_window(decisions, point, runs).reindex(index, fill_value=True)


def brier_table(decisions: pd.DataFrame, points: Sequence[TimedPoint], runs: Sequence[int]) -> pd.DataFrame:
    """Per point: share matched, Brier of the model and of the two references."""
    rows = []
    for point in points:
        share = float(matches(decisions, point, runs).mean())
        k = len(point.options)
        rows.append(
            {
                "id": point.id,
                "kind": "change" if point.change_of_course else "hold",
                "share_match": share,
                "brier_model": (1.0 - share) ** 2,
                "brier_uniform": (1.0 - 1.0 / k) ** 2,
                "brier_status_quo": 0.0 if not point.change_of_course else 1.0,
            }
        )
    return pd.DataFrame(rows)


def skill(table: pd.DataFrame, reference: str = "brier_uniform") -> float:
    return 1.0 - table["brier_model"].sum() / table[reference].sum()


def bootstrap_skill(
    decisions: pd.DataFrame,
    points: Sequence[TimedPoint],
    runs: Sequence[int],
    n: int = 500,
    seed: int = 0,
    level: float = 0.9,
) -> tuple[float, float]:
    """A percentile interval of the skill against 1/k, resampling runs with replacement."""
    runs = list(runs)
    hits = np.column_stack([matches(decisions, p, runs).to_numpy(dtype=float) for p in points])
    ref = np.array([(1.0 - 1.0 / len(p.options)) ** 2 for p in points]).sum()
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n):
        pick = rng.integers(0, len(runs), len(runs))
        share = hits[pick].mean(axis=0)
        values.append(1.0 - ((1.0 - share) ** 2).sum() / ref)
    tail = (1.0 - level) / 2
    return float(np.quantile(values, tail)), float(np.quantile(values, 1 - tail))
