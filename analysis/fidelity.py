"""How closely the runs follow history: decision points in time, observables, Brier scores.

Decision points are matched in time (:mod:`sim.experiments.matching`): a change of course
matches only when the actor first takes the historical option inside the window; a status quo
matches when it is held through the window. The model's forecast of a point is the share of
runs that match; the reference forecasts do not read the model: a fixed 1/k (k the point's
options) and the status quo (1 when history kept the status quo, else 0). Brier = (1 - p)^2 for
an event history recorded. The date of a change of course is also scored with the CRPS of the
runs' first days (never: the day after the period) against the window's middle, beside a
forecaster that spreads the date uniformly over the period. Calibration targets (``role:
calibration``: some parameter was set from them) and validation items are reported apart.

Over 400 lines because it holds both scorings a reader compares: decision shares by option
(for the timeline figure) and the in-time Brier and CRPS scores, with their summaries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.folder import Batch, as_float, load_batch
from analysis.labels import percent
from sim.experiments.matching import TimedPoint, first_day_taken, matches, timed_points

NO_DECISION = "(no decision in window)"
# a run's decision rows as columns (what sim.experiments.matching reads); a run without rows
ROW_COLUMNS = ("day", "actor", "kind", "decision", "choice")
NO_ROWS: Mapping[str, list[Any]] = {column: [] for column in ROW_COLUMNS}


@dataclass(frozen=True, slots=True)
class DecisionPoint:
    """A historical decision a scenario declares: who chose what, among what, and when."""

    id: str
    actor: str
    decision: str
    options: tuple[str, ...]
    status_quo: str
    historical: str
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    match: str = "any"
    force: str | None = None

    @classmethod
    def from_resolved(cls, entry: Mapping[str, Any]) -> DecisionPoint:
        """Build from one entry of a resolved scenario's ``decisions`` list."""
        start, end = entry["window"]
        return cls(
            id=str(entry["id"]),
            actor=str(entry["actor"]),
            decision=str(entry["decision"]),
            options=tuple(str(o) for o in entry.get("options") or ()),
            status_quo=str(entry.get("status_quo")),
            historical=str(entry["historical"]),
            window_start=pd.Timestamp(start).normalize(),
            window_end=pd.Timestamp(end).normalize(),
            match=str(entry.get("match") or "any"),
            force=entry.get("force"),
        )

    @property
    def subject(self) -> str:
        """``actor.decision``, as the reader sees it."""
        return f"{self.actor}.{self.decision}"


def decision_points(resolved: Mapping[str, Any]) -> list[DecisionPoint]:
    """The decision points of a resolved scenario, ordered by window start."""
    points = [DecisionPoint.from_resolved(e) for e in resolved.get("decisions") or []]
    return sorted(points, key=lambda p: (p.window_start, p.window_end))


def window_rows(decisions: pd.DataFrame, point: DecisionPoint) -> pd.DataFrame:
    """Rows of the point's actor (an instance, or every instance of a kind) in its window."""
    by_actor = (decisions["actor"] == point.actor) | (decisions["kind"] == point.actor)
    in_window = decisions["date"].between(point.window_start, point.window_end)
    return decisions[by_actor & (decisions["decision"] == point.decision) & in_window]


def chose_per_run(rows: pd.DataFrame, option: str, match: str) -> pd.Series:
    """Per (scenario, run) with rows: did it choose ``option`` (any row, or every row)?"""
    hits = (rows["choice"] == option).groupby([rows["scenario"], rows["run"]])
    return hits.all() if match == "all" else hits.any()


def runs_matching(runs: pd.DataFrame, per_run: pd.Series) -> pd.Series:
    """Align a per-run boolean on every run of the batch (runs without rows: False)."""
    index = pd.MultiIndex.from_frame(runs[["scenario", "run"]])
    return per_run.reindex(index, fill_value=False).astype(bool)


def decision_shares(
    decisions: pd.DataFrame, runs: pd.DataFrame, points: Sequence[DecisionPoint]
) -> pd.DataFrame:
    """Per scenario, decision point and option: share of runs choosing it (matching rule).

    A run chooses an option under ``match: any`` when one of its rows in the window chose it, and
    under ``match: all`` when all did. The pseudo-option ``(no decision in window)`` counts runs
    without rows; ``share_any`` is the share of runs choosing the option at least once in the
    window, whatever the rule (under ``match: all`` a lever forced for part of the window shows
    there). Columns ``scenario, decision_id, subject, window_start, window_end, option, share,
    n_runs, historical, status_quo, share_any``.
    """
    rows = []
    n_runs = runs.groupby("scenario", sort=False).size()
    for point in points:
        in_window = window_rows(decisions, point)
        has_rows = runs_matching(runs, in_window.groupby(["scenario", "run"]).size() > 0)
        shares = {
            o: runs_matching(runs, chose_per_run(in_window, o, point.match)) for o in point.options
        }
        shares[NO_DECISION] = ~has_rows
        at_least_once = {
            o: runs_matching(runs, chose_per_run(in_window, o, "any")) for o in point.options
        } | {NO_DECISION: ~has_rows}
        for option, chosen in shares.items():
            by_scenario = chosen.groupby(level="scenario", sort=False).mean()
            any_share = at_least_once[option].groupby(level="scenario", sort=False).mean()
            for scenario, share in by_scenario.items():
                rows.append(
                    (
                        scenario,
                        point.id,
                        point.subject,
                        point.window_start,
                        point.window_end,
                        option,
                        float(share),
                        int(n_runs[scenario]),
                        option == point.historical,
                        option == point.status_quo,
                        float(any_share[scenario]),
                    )
                )
    columns = ["scenario", "decision_id", "subject", "window_start", "window_end", "option"]
    extra = ["share", "n_runs", "historical", "status_quo", "share_any"]
    return pd.DataFrame(rows, columns=[*columns, *extra])


def forced_levers(resolved: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """Every decision a scenario forces: ``scenario, subject, option, window_start, window_end``
    (``resolved``: scenario name → resolved scenario)."""
    rows = [
        (name, point.subject, str(point.force), point.window_start, point.window_end)
        for name, scenario in resolved.items()
        for point in decision_points(scenario)
        if point.force
    ]
    columns = ["scenario", "subject", "option", "window_start", "window_end"]
    return pd.DataFrame(rows, columns=columns)


def run_columns(decisions: pd.DataFrame) -> dict[tuple[str, int], dict[str, list[Any]]]:
    """Each run's decision rows as columns (what :mod:`sim.experiments.matching` reads)."""
    table = decisions[["scenario", "run", *ROW_COLUMNS]]
    out: dict[tuple[str, int], dict[str, list[Any]]] = {}
    for (scenario, run), group in table.groupby(["scenario", "run"], sort=False):
        out[(str(scenario), int(run))] = {c: group[c].tolist() for c in ROW_COLUMNS}
    return out


def match_matrix(
    columns: Mapping[tuple[str, int], Mapping[str, list[Any]]],
    runs: Sequence[int],
    scenario: str,
    points: Sequence[TimedPoint],
) -> np.ndarray:
    """Runs x points: 1.0 where the run matched the point in time."""
    hits = np.zeros((len(runs), len(points)))
    for i, run in enumerate(runs):
        cols = columns.get((scenario, int(run)), NO_ROWS)
        hits[i] = [matches(cols, point) for point in points]
    return hits


def first_days(
    columns: Mapping[tuple[str, int], Mapping[str, list[Any]]],
    runs: Sequence[int],
    scenario: str,
    point: TimedPoint,
) -> list[int | None]:
    """Per run, the first day the actor took the point's historical option (None: never)."""
    return [first_day_taken(columns.get((scenario, int(run)), NO_ROWS), point) for run in runs]


def date_crps(firsts: Sequence[int | None], point: TimedPoint, n_days: int) -> tuple[float, ...]:
    """CRPS (days) of the runs' first days against the window's middle, the same for a date
    spread uniformly over the period, and the median first day (never: ``n_days``)."""
    import scoringrules as sr

    days = np.asarray([n_days if first is None else first for first in firsts], dtype=float)
    observed = (point.first_day + point.last_day) / 2
    model = float(sr.crps_ensemble(observed, days))
    uniform = float(sr.crps_ensemble(observed, np.arange(n_days + 1, dtype=float)))
    return model, uniform, float(np.median(days))


def timing_shares(firsts: Sequence[int | None], point: TimedPoint) -> tuple[float, float, float]:
    """Shares of runs that first took history's option before the window, after it, or never:
    with the share inside it (the match), they sum to one. They tell a miss of timing from a
    miss of choice."""
    n = len(firsts) or 1
    early = sum(1 for f in firsts if f is not None and f < point.first_day) / n
    late = sum(1 for f in firsts if f is not None and f > point.last_day) / n
    never = sum(1 for f in firsts if f is None) / n
    return early, late, never


def decision_fidelity(
    decisions: pd.DataFrame,
    runs: pd.DataFrame,
    resolved: Mapping[str, Any],
    columns: Mapping[tuple[str, int], Mapping[str, list[Any]]] | None = None,
) -> pd.DataFrame:
    """Per scenario and decision point: share of runs matching history in time, Brier scores
    (model, 1/k, status quo), and for a change of course the CRPS of its date and the shares of
    runs that first took history's option early, late or never."""
    points = timed_points(resolved)
    if not points:
        return pd.DataFrame(columns=FIDELITY_COLUMNS)
    columns = run_columns(decisions) if columns is None else columns
    n_days = _period_days(resolved)
    start = pd.Timestamp(str(resolved["period"]["start"])[:10])
    forced = {str(e["id"]): e.get("force") for e in resolved.get("decisions") or []}
    rows = []
    for scenario, group in runs.groupby("scenario", sort=False):
        run_ids = group["run"].astype(int).tolist()
        hits = match_matrix(columns, run_ids, str(scenario), points)
        for j, point in enumerate(points):
            share = float(hits[:, j].mean())
            crps, timing = (math.nan,) * 3, (math.nan,) * 3
            if point.change_of_course:
                firsts = first_days(columns, run_ids, str(scenario), point)
                crps, timing = date_crps(firsts, point, n_days), timing_shares(firsts, point)
            first = start + pd.Timedelta(days=point.first_day)
            last = start + pd.Timedelta(days=point.last_day)
            rows.append(
                {
                    "scenario": scenario,
                    "item": "decision",
                    "id": point.id,
                    "subject": f"{point.actor}.{point.decision}",
                    "historical": point.historical,
                    "window": f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                    "role": point.role,
                    "rule": "first taken in window" if point.change_of_course else "held",
                    "n_runs": len(run_ids),
                    "n_match": int(hits[:, j].sum()),
                    "share_match": share,
                    "brier_model": (1.0 - share) ** 2,
                    "brier_uniform": (1.0 - 1.0 / len(point.options)) ** 2,
                    "brier_status_quo": 1.0 if point.change_of_course else 0.0,
                    "share_early": timing[0],
                    "share_late": timing[1],
                    "share_never": timing[2],
                    "first_day_median": crps[2],
                    "crps_model": crps[0],
                    "crps_uniform": crps[1],
                    "note": f"forced to {forced[point.id]}" if forced.get(point.id) else "",
                }
            )
    return pd.DataFrame(rows, columns=FIDELITY_COLUMNS)


def skill_interval(
    decisions: pd.DataFrame,
    runs: pd.DataFrame,
    resolved: Mapping[str, Any],
    role: str | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.9,
    columns: Mapping[tuple[str, int], Mapping[str, list[Any]]] | None = None,
) -> tuple[float, float, float]:
    """Skill against 1/k (1 - sum Brier model / sum Brier 1/k) over a scenario's points (of one
    ``role``, or all), and its percentile bootstrap interval over runs."""
    points = [p for p in timed_points(resolved) if role is None or p.role == role]
    if not points:
        return math.nan, math.nan, math.nan
    columns = run_columns(decisions) if columns is None else columns
    scenario = str(runs["scenario"].iloc[0])
    hits = match_matrix(columns, runs["run"].astype(int).tolist(), scenario, points)
    reference = sum((1.0 - 1.0 / len(p.options)) ** 2 for p in points)

    def skill(rows: np.ndarray) -> float:
        return 1.0 - float(((1.0 - rows.mean(axis=0)) ** 2).sum()) / reference

    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(hits), size=(n_boot, len(hits)))
    boot = [skill(hits[pick]) for pick in picks]
    tail = (1.0 - level) / 2
    return skill(hits), float(np.quantile(boot, tail)), float(np.quantile(boot, 1 - tail))


def _period_days(resolved: Mapping[str, Any]) -> int:
    first = pd.Timestamp(str(resolved["period"]["start"])[:10])
    last = pd.Timestamp(str(resolved["period"]["end"])[:10])
    return int((last - first).days) + 1


def observable_matches(values: pd.Series, observable: Mapping[str, Any]) -> pd.Series:
    """Per run: does the outcome equal ``value``, or lie in ``range`` (inclusive)?

    Text outcomes (``iran_posture_final: let_go``) compare as text. With neither value nor range
    given, the observable says the event did not happen: NaN matches.
    """
    bounds, value = observable.get("range"), observable.get("value")
    is_number = pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
    if isinstance(value, str) or (value is not None and not is_number):
        return (values.astype("string") == str(value)).fillna(False).astype(bool)
    numbers = as_float(values)
    if bounds is not None:
        return numbers.between(float(bounds[0]), float(bounds[1]))
    if value is None:
        return numbers.isna()
    return numbers == float(value)


def historical_text(observable: Mapping[str, Any]) -> str:
    """What history recorded, for reading: ``2–4`` for a range, else the value."""

    def show(value: Any) -> str:
        return (
            f"{value:g}"
            if isinstance(value, int | float) and not isinstance(value, bool)
            else str(value)
        )

    bounds, value = observable.get("range"), observable.get("value")
    if bounds is not None:
        return show(bounds[0]) if bounds[0] == bounds[1] else f"{show(bounds[0])}–{show(bounds[1])}"
    return "none (did not happen)" if value is None else show(value)


def observable_fidelity(
    outcomes: pd.DataFrame, observables: Sequence[Mapping[str, Any]]
) -> pd.DataFrame:
    """Per scenario and observable: share of runs whose outcome matches history."""
    rows = []
    for observable in observables:
        column = str(observable.get("outcome"))
        historical = historical_text(observable)
        for scenario, group in outcomes.groupby("scenario", sort=False):
            present = column in group.columns
            hit = observable_matches(group[column], observable) if present else None
            rows.append(
                {
                    "scenario": scenario,
                    "item": "observable",
                    "id": str(observable.get("id", column)),
                    "subject": column,
                    "historical": historical,
                    "role": str(observable.get("role") or "validation"),
                    "n_runs": len(group),
                    "n_match": int(hit.sum()) if present else np.nan,
                    "share_match": float(hit.mean()) if present else np.nan,
                    "note": "" if present else f"{column} not in outcomes.parquet",
                }
            )
    return pd.DataFrame(rows, columns=FIDELITY_COLUMNS)


FIDELITY_COLUMNS = [
    "scenario",
    "item",
    "id",
    "subject",
    "historical",
    "window",
    "role",
    "rule",
    "n_runs",
    "n_match",
    "share_match",
    "brier_model",
    "brier_uniform",
    "brier_status_quo",
    "share_early",
    "share_late",
    "share_never",
    "first_day_median",
    "crps_model",
    "crps_uniform",
    "note",
]


def batch_fidelity(batch: Batch, scenarios: Sequence[str] | None = None) -> pd.DataFrame:
    """Fidelity rows of every scenario, each against its own decision points and observables."""
    frames = []
    runs = batch.runs()
    for scenario in scenarios or batch.scenarios:
        resolved = batch.resolved(scenario)
        own_runs = runs[runs["scenario"] == scenario]
        own_outcomes = batch.outcomes[batch.outcomes["scenario"] == scenario]
        frames.append(decision_fidelity(batch.decisions, own_runs, resolved))
        frames.append(observable_fidelity(own_outcomes, resolved.get("observables") or []))
    frames = [f for f in frames if not f.empty]
    table = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FIDELITY_COLUMNS)
    )
    table["note"] = table["note"].fillna("")
    return table


def fidelity_table(batch_dir: Path) -> pd.DataFrame:
    """Fidelity of every scenario in a batch folder: one row per decision point and observable."""
    return batch_fidelity(load_batch(Path(batch_dir)))


def brier_summary(table: pd.DataFrame, role: str | None = None) -> pd.DataFrame:
    """Per scenario: mean Brier score over decision points (of one ``role``, or all) for the
    model and the naive forecasts.

    Skill = 1 − Brier(model) / Brier(naive): positive when the model beats the naive forecast.
    """
    decisions = table[table["item"] == "decision"]
    if role is not None:
        decisions = decisions[decisions["role"] == role]
    if decisions.empty:
        return pd.DataFrame(columns=["scenario", "n_points", "brier_model", "brier_uniform"])
    summary = decisions.groupby("scenario", sort=False).agg(
        n_points=("id", "size"),
        brier_model=("brier_model", "mean"),
        brier_uniform=("brier_uniform", "mean"),
        brier_status_quo=("brier_status_quo", "mean"),
    )
    for naive in ("uniform", "status_quo"):
        reference = summary[f"brier_{naive}"]
        summary[f"skill_vs_{naive}"] = (1.0 - summary["brier_model"] / reference).where(
            reference > 0
        )
    return summary.reset_index()


def brier_sentences(row: Mapping[str, Any]) -> list[str]:
    """Sentences saying by how much the model beats the naive forecasts, or that it does not."""
    sentences = [
        f"Over {int(row['n_points'])} decision points the model's Brier score is "
        f"{row['brier_model']:.3f} (0 is perfect; lower is better)."
    ]
    for naive, name in (
        ("uniform", "a uniform choice among the options"),
        ("status_quo", "the status quo"),
    ):
        reference, gap = row[f"brier_{naive}"], row[f"brier_{naive}"] - row["brier_model"]
        skill = row.get(f"skill_vs_{naive}")
        skill_text = f" (skill {percent(skill, signed=True)})" if pd.notna(skill) else ""
        if gap > 0:
            verdict = f"the model beats it by {gap:.3f}{skill_text}"
        elif gap < 0:
            verdict = (
                f"the model does worse, by {-gap:.3f}{skill_text}: it does not beat this forecast"
            )
        else:
            verdict = "the model does no better"
        sentences.append(f"Forecasting {name} scores {reference:.3f}; {verdict}.")
    return sentences
