"""The headline table of a batch: one row per scenario, in words an analyst reads first.

Labels and definitions come from :data:`analysis.labels.HEADLINES` (the same in the README, the
report and the viz). Every probability carries a 90 % interval from an :class:`IntervalSource`:
by default the Wilson score interval over the runs; a source that also reflects parameter
uncertainty (an ensemble) can be passed instead without changing the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.labels import HEADLINE, LEVEL
from analysis.stats import cell_rng, wilson_interval

Z90 = 1.6448536269514722
"""The 95 % standard normal quantile (two-sided 90 % intervals)."""

SMALL_SAMPLE = 30
"""Fewer runs than this and a number is flagged as resting on a small sample."""

SHARES: dict[str, tuple[str, Callable[[pd.Series], pd.Series]]] = {
    "p_collapse": ("regime_collapsed", lambda column: column.astype(bool)),
    "p_army": ("iraqi_army_deployed", lambda column: column.astype(bool)),
    "p_iran_lets_go": ("iran_posture_final", lambda column: column == "let_go"),
    "p_home_before_fall": ("factions_withdrew_before_collapse", lambda column: column.astype(bool)),
    "p_brigade_defects": ("pmf_brigades_defected", lambda column: column > 0),
}
"""How each headline probability is counted, run by run (definitions in HEADLINES)."""


def hits_of(runs: pd.DataFrame, key: str) -> np.ndarray:
    """The run-by-run 0/1 values of a headline probability (empty when the column is absent)."""
    column, count = SHARES[key]
    if column not in runs.columns:
        return np.empty(0)
    return count(runs[column]).to_numpy(dtype=float)


@dataclass(frozen=True)
class IntervalSource:
    """Where the 90 % interval of a headline probability comes from.

    ``share(scenario, key, hits)`` gets the scenario, the headline key and the run-by-run 0/1
    values, and returns (low, high).
    """

    description: str
    share: Callable[[str, str, np.ndarray], tuple[float, float]]


def wilson_over_runs(_scenario: str, _key: str, hits: np.ndarray) -> tuple[float, float]:
    """The 90 % Wilson score interval of the share of runs (sampling noise only)."""
    return wilson_interval(int(hits.sum()), len(hits), z=Z90)


WILSON_OVER_RUNS = IntervalSource(
    "90 % Wilson score interval over the runs (sampling noise of the runs only; it does not "
    "include the uncertainty of the parameters the runs share)",
    wilson_over_runs,
)

MEMBER_COLUMN = "ensemble_member"  # the ensemble member a run drew (sim/run/sampling.py)
MEMBER_RESAMPLES = 2000
MEMBER_SEED = 20241208


def member_bootstrap(
    hits: np.ndarray, members: np.ndarray, rng: np.random.Generator, level: float = LEVEL
) -> tuple[float, float]:
    """Two-level percentile bootstrap of a share: resample the parameter draws (ensemble members,
    or runs when every run draws its own), then the runs within each (binomially)."""
    if len(hits) == 0:
        return np.nan, np.nan
    labels, group = np.unique(members, return_inverse=True)
    n = np.bincount(group).astype(float)
    k = np.bincount(group, weights=hits)
    picks = rng.integers(len(labels), size=(MEMBER_RESAMPLES, len(labels)))
    successes = rng.binomial(n[picks].astype(int), k[picks] / n[picks]).sum(axis=1)
    shares = successes / n[picks].sum(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(shares, [tail, 1 - tail])
    return float(low), float(high)


def over_members(outcomes: pd.DataFrame) -> IntervalSource:
    """90 % intervals that include parameter uncertainty: the union of the two-level bootstrap
    over parameter draws and runs (:func:`member_bootstrap`) and the Wilson interval over the
    runs (which keeps a share of 0 or 1 from a bare 0 % or 100 %). See docs/inference.md."""
    has_members = MEMBER_COLUMN in outcomes.columns

    def share(scenario: str, key: str, hits: np.ndarray) -> tuple[float, float]:
        if has_members:
            runs = outcomes[outcomes["scenario"] == scenario][MEMBER_COLUMN]
            members = runs.fillna(-1).to_numpy(dtype=float)
        else:
            members = np.arange(len(hits), dtype=float)
        members = members if len(members) == len(hits) else np.arange(len(hits), dtype=float)
        rng = cell_rng(MEMBER_SEED, scenario, key)
        low, high = member_bootstrap(hits, members, rng)
        wilson = wilson_over_runs(scenario, key, hits)
        return min(low, wilson[0]), max(high, wilson[1])

    kind = "ensemble members" if has_members else "runs, each with its own parameter draw"
    return IntervalSource(
        "90 % interval including parameter uncertainty: a two-level bootstrap over the "
        f"parameter draws ({kind}) and the runs within each, widened to the Wilson score "
        "interval over the runs where that is wider (so no share is a bare 0 % or 100 %)",
        share,
    )


def start_of(start: dt.date | Mapping[str, dt.date], scenario: str) -> dt.date:
    """Day 0 of a scenario (one date for all, or one per scenario)."""
    return start[scenario] if isinstance(start, Mapping) else start


def as_date(start: dt.date, day: float) -> dt.date | None:
    """The calendar date of a day number (None for NaN)."""
    return None if pd.isna(day) else start + dt.timedelta(days=float(day))


def numbers(runs: pd.DataFrame, column: str) -> np.ndarray:
    """The known values of a numeric column (empty when the column is absent)."""
    if column not in runs.columns:
        return np.empty(0)
    return runs[column].dropna().to_numpy(dtype=float)


def scenario_summary(
    outcomes: pd.DataFrame,
    start: dt.date | Mapping[str, dt.date],
    order: Sequence[str],
    intervals: IntervalSource = WILSON_OVER_RUNS,
) -> pd.DataFrame:
    """Per scenario (in ``order``): the headline probabilities with their 90 % intervals, the
    median collapse date with the 5–95 % range of the runs that collapse, the median peak of
    faction fighters and Sudani's mean standing. Columns ``KEY``, ``KEY_low``, ``KEY_high``."""
    rows = []
    tail = (1 - LEVEL) / 2
    for name in order:
        runs = outcomes[outcomes["scenario"] == name]
        row: dict[str, object] = {"scenario": name, "runs": len(runs)}
        for key in SHARES:
            hits = hits_of(runs, key)
            row[key] = hits.mean() if len(hits) else np.nan
            row[f"{key}_low"], row[f"{key}_high"] = intervals.share(name, key, hits)
        day0 = start_of(start, name)
        days = numbers(runs, "regime_collapse_day")
        low, median, high = np.quantile(days, [tail, 0.5, 1 - tail]) if len(days) else [np.nan] * 3
        row |= {"n_collapsed": len(days), "collapse_date": as_date(day0, median)}
        row |= {"collapse_date_low": as_date(day0, low), "collapse_date_high": as_date(day0, high)}
        peak = numbers(runs, "faction_fighters_peak")
        quantiles = np.quantile(peak, [tail, 0.5, 1 - tail]) if len(peak) else [np.nan] * 3
        row["median_peak_fighters_low"], row["median_peak_fighters"] = quantiles[0], quantiles[1]
        row["median_peak_fighters_high"] = quantiles[2]
        standing = numbers(runs, "sudani_standing_final")
        row["mean_standing"] = standing.mean() if len(standing) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


COLUMNS: tuple[str, ...] = (
    "p_collapse",
    "collapse_date",
    "p_army",
    "p_iran_lets_go",
    "p_home_before_fall",
    "p_brigade_defects",
    "median_peak_fighters",
    "mean_standing",
)
"""The headline columns, in table order."""


def day_month(value: dt.date) -> str:
    """``8 Dec``."""
    return f"{value.day} {value:%b}"


def date_range(low: dt.date, high: dt.date) -> str:
    """``6–12 Dec``, ``8 Dec`` or ``29 Nov–3 Dec``."""
    if low == high:
        return day_month(low)
    if (low.year, low.month) == (high.year, high.month):
        return f"{low.day}–{day_month(high)}"
    return f"{day_month(low)}–{day_month(high)}"


def cell(row: Mapping[str, object], key: str) -> str:
    """One headline value in words, with its interval in brackets."""
    value = row[key]
    if value is None or pd.isna(value):  # None, NaN, or NaT in a column of dates
        return "never" if key == "collapse_date" else "—"
    if key.startswith("p_"):
        low, high = row[f"{key}_low"], row[f"{key}_high"]
        return f"{100 * float(value):.0f} % ({100 * low:.0f}–{100 * high:.0f})"  # type: ignore[operator]
    if key == "collapse_date":
        low, high = row["collapse_date_low"], row["collapse_date_high"]
        count = int(row["n_collapsed"])  # type: ignore[call-overload]
        few = f"; {count} run{'s' if count > 1 else ''}" if count < SMALL_SAMPLE else ""
        return f"{day_month(value)} ({date_range(low, high)}{few})"  # type: ignore[arg-type]
    if key == "median_peak_fighters":
        low, high = row[f"{key}_low"], row[f"{key}_high"]
        return f"{float(value):,.0f} ({float(low):,.0f}–{float(high):,.0f})"  # type: ignore[arg-type]
    return f"{float(value):.2f}"  # type: ignore[arg-type]


def runs_cell(row: Mapping[str, object]) -> str:
    """The number of runs, flagged when it is a small sample."""
    runs = int(row["runs"])  # type: ignore[call-overload]
    return f"{runs} (small sample)" if runs < SMALL_SAMPLE else str(runs)


def formatted(summary: pd.DataFrame, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The summary as strings under the reader's labels (``names``: how to show each scenario)."""
    rows = []
    for row in summary.to_dict("records"):
        shown = (names or {}).get(row["scenario"], f"`{row['scenario']}`")
        cells = {"Scenario": shown, "Runs": runs_cell(row)}
        rows.append(cells | {HEADLINE[key].label: cell(row, key) for key in COLUMNS})
    return pd.DataFrame(rows)


def markdown_table(summary: pd.DataFrame) -> str:
    """The summary as a Markdown table (scenario names in code font)."""
    frame = formatted(summary)
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def definitions() -> list[str]:
    """One line per headline column: its label and what exactly it counts."""
    return [f"**{HEADLINE[key].label}**: {HEADLINE[key].definition}" for key in COLUMNS]
