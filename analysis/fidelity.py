"""How closely the runs follow history: decision points, observables and Brier scores.

Matching rules are those of ``docs/data-contract.md``. A run with no decision row of the named
actor and decision inside the window does not match, and its forecast probability of the
historical option is 0 (the model gave history no chance in that window). The two naive
forecasts compared with the model are a uniform choice among the options (p = 1/k) and "status
quo" (p = 1 when the status quo option is the historical one, else 0).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.folder import Batch, as_float, load_batch
from analysis.labels import percent

NO_DECISION = "(no decision in window)"


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


def historical_forecast(rows: pd.DataFrame, historical: str, match: str) -> pd.Series:
    """Per (scenario, run): the model's probability that the point matches, from the logit
    probabilities p_i its rows gave the historical option: 1 − Π(1 − p_i) for ``match: any``
    (chosen at least once), Π p_i for ``match: all`` (chosen every time)."""

    def probability(text: Any) -> float:
        table = json.loads(text) if isinstance(text, str) else dict(text or {})
        return float(table.get(historical, 0.0))

    p = rows["probabilities"].map(probability) if len(rows) else pd.Series(dtype=float)
    keys = [rows["scenario"], rows["run"]]
    if match == "all":
        return p.groupby(keys).prod()
    return 1.0 - (1.0 - p).groupby(keys).prod()


def uniform_forecast(n_rows: pd.Series, n_options: int, match: str) -> pd.Series:
    """The same event under a uniform choice among the options, over the run's decisions in the
    window (at least one: a forecaster that does not know the model's timing)."""
    m = n_rows.clip(lower=1)
    q = 1.0 / n_options
    return q**m if match == "all" else 1.0 - (1.0 - q) ** m


def decision_fidelity(
    decisions: pd.DataFrame, runs: pd.DataFrame, points: Sequence[DecisionPoint]
) -> pd.DataFrame:
    """Per scenario and decision point: share of runs matching history and Brier scores.

    Brier = mean over runs of (1 − p)², p the run's probability that the point matches (see
    :func:`historical_forecast`; 0 for a run without rows in the window). The uniform forecast is
    of the same event (:func:`uniform_forecast`); the status quo forecast is 1 if the actor's
    pre-crisis option is the historical one, else 0. Columns ``scenario, item, id, subject,
    historical, window, n_runs, n_match, share_match, n_without_decision, brier_model,
    brier_uniform, brier_status_quo``.
    """
    index = pd.MultiIndex.from_frame(runs[["scenario", "run"]])
    rows = []
    for point in points:
        in_window = window_rows(decisions, point)
        matched = runs_matching(runs, chose_per_run(in_window, point.historical, point.match))
        n_rows = in_window.groupby(["scenario", "run"]).size().reindex(index, fill_value=0)
        has_rows = n_rows > 0
        forecast = historical_forecast(in_window, point.historical, point.match)
        forecast = forecast.reindex(index, fill_value=0.0)
        uniform = (
            (1.0 - uniform_forecast(n_rows, len(point.options), point.match)) ** 2
            if point.options
            else pd.Series(math.nan, index=index)
        )
        status_quo = 0.0 if point.status_quo == point.historical else 1.0
        window = f"{point.window_start:%Y-%m-%d} to {point.window_end:%Y-%m-%d}"
        for scenario, hit in matched.groupby(level="scenario", sort=False):
            p = forecast.xs(scenario, level="scenario").to_numpy()
            rows.append(
                {
                    "scenario": scenario,
                    "item": "decision",
                    "id": point.id,
                    "subject": point.subject,
                    "historical": point.historical,
                    "window": window,
                    "n_runs": len(hit),
                    "n_match": int(hit.sum()),
                    "share_match": float(hit.mean()),
                    "n_without_decision": int((~has_rows.xs(scenario, level="scenario")).sum()),
                    "brier_model": float(np.mean((1.0 - p) ** 2)),
                    "brier_uniform": float(uniform.xs(scenario, level="scenario").mean()),
                    "brier_status_quo": status_quo,
                    "note": f"forced to {point.force}" if point.force else "",
                }
            )
    return pd.DataFrame(rows, columns=FIDELITY_COLUMNS)


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
    "n_runs",
    "n_match",
    "share_match",
    "n_without_decision",
    "brier_model",
    "brier_uniform",
    "brier_status_quo",
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
        points = decision_points(resolved)
        frames.append(decision_fidelity(batch.decisions, own_runs, points))
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


def brier_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: mean Brier score over decision points for the model and the naive forecasts.

    Skill = 1 − Brier(model) / Brier(naive): positive when the model beats the naive forecast.
    """
    decisions = table[table["item"] == "decision"]
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
