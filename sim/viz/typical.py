"""A quick seeded batch behind the page: the typical run, how common a path is, and the batch's
probabilities shown beside each run.

The page runs ``QUICK_RUNS`` runs of the chosen scenario in-process (as ``run_once``, with no
time series and no decision table) when a session opens or resets, and caches them per scenario
file, seed and moved sliders. Only outcome rows are kept: no model outlives its run.

The labels below are the viz's own (the layers forbid importing ``analysis.labels``); each is
defined once here, from the outcome columns of ``sim.outcomes``:

- *collapse day*: ``regime_collapse_day``; a run where the regime survives counts as day
  ``n_days`` (the day after the period, i.e. survival to 31 Dec is "later than any collapse").
- *the army is sent*: ``iraqi_army_deployed``.
- *PMF brigades defy orders*: ``pmf_brigades_defected > 0``.
- *Iran lets Assad go*: ``iran_letgo_day`` is not NaN (at any point in the period).
- *a path like this*: same collapse yes/no; if both collapsed, collapse days within
  ``LIKE_DAYS`` of each other; same army sent yes/no; same PMF brigades defying orders yes/no.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import statistics
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from sim.run.runner import build_model
from sim.scenario import Scenario, load_scenario

QUICK_RUNS = 200
_BATCH_LOCK = threading.Lock()
LIKE_DAYS = 1
Row = Mapping[str, Any]


def period_days(scenario: Scenario) -> int:
    """Number of simulated days (27 Nov - 31 Dec: 35)."""
    return (scenario.period.end - scenario.period.start).days + 1


def _day_or(value: float, never: float) -> float:
    """A day column with "never" (NaN) counted as ``never``."""
    return never if value != value else float(value)


def _defied(row: Row) -> bool:
    return int(row["pmf_brigades_defected"]) > 0


def _let_go(row: Row) -> bool:
    return row["iran_letgo_day"] == row["iran_letgo_day"]


def main_outcomes(row: Row, days: int) -> tuple[float, ...]:
    """The outcomes a typical run is chosen on: collapse day (survival = ``days``), the
    fighters' peak, the factions' withdrawal day, Iran's let-go day (never = ``days``), the
    army sent (0/1) and the PMF brigades that went against orders."""
    return (
        _day_or(row["regime_collapse_day"], days),
        float(row["faction_fighters_peak"]),
        _day_or(row["faction_withdrawal_day"], days),
        _day_or(row["iran_letgo_day"], days),
        float(bool(row["iraqi_army_deployed"])),
        float(row["pmf_brigades_defected"]),
    )


def typical_run(rows: Sequence[Row], days: int) -> int:
    """The run closest to the batch's medians on the main outcomes: the smallest sum of
    absolute distances, each outcome divided by its spread (interquartile range, else the
    range, else 1); ties go to the lowest run index."""
    table = [main_outcomes(row, days) for row in rows]
    columns = list(zip(*table, strict=True))
    medians = [statistics.median(c) for c in columns]
    spreads = [_spread(c) for c in columns]

    def distance(values: tuple[float, ...]) -> float:
        return sum(abs(v - m) / s for v, m, s in zip(values, medians, spreads, strict=True))

    best = min(range(len(rows)), key=lambda i: (distance(table[i]), int(rows[i]["run"])))
    return int(rows[best]["run"])


def _spread(column: Sequence[float]) -> float:
    if len(column) > 1:
        q1, _, q3 = statistics.quantiles(column, n=4, method="inclusive")
        if q3 > q1:
            return q3 - q1
    width = max(column) - min(column)
    return width if width > 0 else 1.0


def is_like(a: Row, b: Row) -> bool:
    """Whether two runs took "a path like this" (see the module docstring)."""
    if bool(a["regime_collapsed"]) != bool(b["regime_collapsed"]):
        return False
    if a["regime_collapsed"] and abs(a["regime_collapse_day"] - b["regime_collapse_day"]) > (
        LIKE_DAYS
    ):
        return False
    return bool(a["iraqi_army_deployed"]) == bool(b["iraqi_army_deployed"]) and _defied(
        a
    ) == _defied(b)


def share_like(row: Row, rows: Sequence[Row]) -> float:
    """The share of the batch's runs whose path is like ``row``'s (0-1)."""
    return sum(is_like(row, other) for other in rows) / len(rows)


@dataclasses.dataclass(frozen=True, slots=True)
class Summary:
    """The batch probabilities shown beside a run."""

    runs: int
    p_collapse: float
    median_collapse: str  # a date, or "after 31 Dec" when fewer than half the runs collapse
    p_army: float
    p_defied: float
    p_letgo: float
    median_peak: float

    def lines(self) -> list[str]:
        """The summary as short lines of text."""
        return [
            f"P(regime collapses) {percent(self.p_collapse)}",
            f"median collapse date {self.median_collapse}",
            f"P(Iraqi army sent) {percent(self.p_army)}",
            f"P(PMF brigades defy orders) {percent(self.p_defied)}",
            f"P(Iran lets Assad go) {percent(self.p_letgo)}",
            f"median fighters' peak {self.median_peak:,.0f}",
        ]


def summarise(rows: Sequence[Row], scenario: Scenario) -> Summary:
    """The batch probabilities of ``rows``; the median collapse date counts survival as later
    than any collapse."""
    days = period_days(scenario)
    median_day = statistics.median_low(_day_or(r["regime_collapse_day"], days) for r in rows)
    n = len(rows)
    return Summary(
        runs=n,
        p_collapse=sum(bool(r["regime_collapsed"]) for r in rows) / n,
        median_collapse=(
            f"after {_day_month(scenario.period.end)}"
            if median_day >= days
            else _day_month(scenario.date_of(int(median_day)))
        ),
        p_army=sum(bool(r["iraqi_army_deployed"]) for r in rows) / n,
        p_defied=sum(_defied(r) for r in rows) / n,
        p_letgo=sum(_let_go(r) for r in rows) / n,
        median_peak=statistics.median(float(r["faction_fighters_peak"]) for r in rows),
    )


def _day_month(date: dt.date) -> str:
    return f"{date.day} {date:%b}"


def quick_batch(scenario: Scenario, seed: int, overrides: Mapping[str, float]) -> list[Row]:
    """The outcome rows of runs 0..QUICK_RUNS-1 (cached per scenario file, seed, overrides)."""
    source = str(scenario.source_path) if scenario.source_path else scenario.name
    key = tuple(sorted(overrides.items()))
    with _BATCH_LOCK:  # sessions opening together wait for one batch instead of each running it
        return _cached_batch(source, scenario.sha256, seed, key)


@functools.lru_cache(maxsize=32)
def _cached_batch(
    source: str, sha256: str, seed: int, overrides: tuple[tuple[str, float], ...]
) -> list[Row]:
    """``sha256`` is part of the key only: an edited file is a new batch."""
    scenario, fixed = load_scenario(source), dict(overrides)
    return [_outcome(scenario, run, seed, fixed) for run in range(QUICK_RUNS)]


def _outcome(scenario: Scenario, run: int, seed: int, overrides: dict[str, float]) -> Row:
    """The outcome row of run ``run``, as ``run_once`` computes it (same model, same draws), but
    without its decision table: a quarter faster."""
    model, _ = build_model(scenario, run, seed, overrides, record_narrative=False)
    return {"run": run, **model.run()}


def percent(share: float) -> str:
    """'37 %', and '< 1 %' for a share that rounds to zero but is not zero."""
    if 0 < share < 0.005:
        return "< 1 %"
    return f"{round(share * 100)} %"


def describe_path(row: Row, scenario: Scenario) -> str:
    """What "a path like this" fixes, in words: '(the regime falls 7 Dec ± 1 day, no Iraqi army,
    no PMF brigade defies orders)'."""
    if row["regime_collapsed"]:
        day = scenario.date_of(int(row["regime_collapse_day"]))
        fate = f"the regime falls {_day_month(day)} ± {LIKE_DAYS} day"
    else:
        fate = "the regime survives the month"
    army = "the Iraqi army sent" if row["iraqi_army_deployed"] else "no Iraqi army"
    pmf = "PMF brigades defy orders" if _defied(row) else "no PMF brigade defies orders"
    return f"{fate}, {army}, {pmf}"
