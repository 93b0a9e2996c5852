"""``axis-sim compare --given-history``: a counterfactual's effect from the historical state at D.

A counterfactual that branches from the baseline on date D (:func:`sim.experiments.branching.
branch_date`) is, run for run, the baseline before D. So the pair (baseline run i,
counterfactual run i) shares one path up to D, and the pair is *kept* when that path matched
history: every decision point of the baseline whose window ends before D, scored by the in-time
rule of :mod:`sim.experiments.matching`, and every observable decided before D (a day outcome,
``fall_day_*`` or ``*_day``, whose historical range ends before D: Aleppo's fall). The effect is
the mean paired difference (counterfactual − baseline) over the kept pairs only, with a 90 %
percentile bootstrap interval; the share of pairs kept says how much of the ensemble the answer
rests on. A counterfactual that changes parameters branches at the start: nothing is conditioned
on and every pair is kept.

Reads the batch folder only (decision rows, outcomes, resolved scenarios in the manifest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.fidelity import observable_matches, run_columns
from analysis.folder import AnalysisError, Batch
from analysis.stats import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, bootstrap_mean_interval, cell_rng
from analysis.survival import STANDING
from analysis.tables import comparable_values
from sim.experiments.branching import branch_date
from sim.experiments.matching import TimedPoint, matches, timed_points

LEVEL = 0.90
OUTCOMES: tuple[str, ...] = (
    "regime_collapsed",
    STANDING,
    "regime_collapse_day",
    "iraqi_army_deployed",
    "faction_fighters_peak",
    "syrian_soldiers_admitted",
    "sudani_standing_final",
    "turkey_iraq_relations_final",
)
_EMPTY_RUN: dict[str, list[Any]] = {k: [] for k in ("day", "actor", "kind", "decision", "choice")}


@dataclass(frozen=True)
class Conditioning:
    """What a counterfactual's pairs must have matched before its branch date."""

    scenario: str
    branch: dt.date
    branch_day: int
    points: tuple[TimedPoint, ...]
    observables: tuple[Mapping[str, Any], ...]

    @property
    def items(self) -> list[str]:
        """The ids of the points and observables conditioned on."""
        return [p.id for p in self.points] + [str(o["id"]) for o in self.observables]


@dataclass(frozen=True)
class GivenHistory:
    """Per counterfactual: its conditioning, the pairs kept, and the effect over them."""

    baseline: str
    conditioning: tuple[Conditioning, ...]
    kept: pd.DataFrame  # scenario, run, kept: one row per pair
    items: pd.DataFrame  # scenario, item, share_match: each item's share of pairs matching
    effects: pd.DataFrame  # scenario, branch_date, outcome, n_pairs, n_kept, share_kept, ...

    def summary(self) -> pd.DataFrame:
        """One row per counterfactual: D, pairs, kept and the share kept."""
        return self.effects.drop_duplicates("scenario")[
            ["scenario", "branch_date", "n_pairs", "n_kept", "share_kept", "conditioned_on"]
        ].reset_index(drop=True)


def is_day_outcome(name: str) -> bool:
    """A day index (days from the start): a city's fall, Iran's channel to HTS, ..."""
    return name.startswith("fall_day_") or name.endswith("_day")


def decided_before(observable: Mapping[str, Any], branch_day: int) -> bool:
    """Is the observable settled by the path before day ``branch_day``? (A day outcome whose
    historical range ends earlier: by then the event has happened in the range, or not.)"""
    bounds = observable.get("range")
    return (
        bounds is not None
        and is_day_outcome(str(observable["outcome"]))
        and float(bounds[1]) < branch_day
    )


def conditioning(batch: Batch, baseline: str, scenario: str) -> Conditioning | None:
    """The baseline's history before the scenario's branch date (None: it never branches)."""
    base, resolved = batch.resolved(baseline), batch.resolved(scenario)
    for name, entry in ((baseline, base), (scenario, resolved)):
        if not entry:
            raise AnalysisError(
                f"manifest.json in {batch.folder} holds no resolved scenario for {name!r}; "
                "--given-history needs it to find the branch date"
            )
    branch = branch_date(base, resolved)
    if branch is None:
        return None
    day = (branch - dt.date.fromisoformat(str(base["period"]["start"])[:10])).days
    points = tuple(p for p in timed_points(base) if p.last_day < day)
    observables = tuple(o for o in base.get("observables") or [] if decided_before(o, day))
    return Conditioning(scenario, branch, day, points, observables)


def paired_runs(outcomes: pd.DataFrame, baseline: str, scenario: str) -> pd.DataFrame:
    """Run indices both scenarios hold with the same model seed (common random numbers)."""
    keys = ["run", "seed"] if "seed" in outcomes.columns else ["run"]
    ours = outcomes.loc[outcomes["scenario"] == scenario, keys]
    theirs = outcomes.loc[outcomes["scenario"] == baseline, keys]
    pairs = ours.merge(theirs, on=keys, how="inner").drop_duplicates("run")
    if pairs.empty:
        raise AnalysisError(
            f"--given-history: counterfactual {scenario!r} has no baseline run to pair with "
            f"(no run of {baseline!r} with the same run index and seed in outcomes.parquet)"
        )
    return pairs[["run"]].sort_values("run").reset_index(drop=True)


def item_matches(
    batch: Batch, baseline: str, cond: Conditioning, runs: Sequence[int]
) -> pd.DataFrame:
    """Runs x items: did the baseline's path before D match each point and observable?"""
    before = batch.decisions[
        (batch.decisions["scenario"] == baseline) & (batch.decisions["day"] < cond.branch_day)
    ]
    columns = run_columns(before)
    hits = {
        point.id: [matches(columns.get((baseline, int(run)), _EMPTY_RUN), point) for run in runs]
        for point in cond.points
    }
    base = batch.outcomes[batch.outcomes["scenario"] == baseline].drop_duplicates("run")
    base = base.set_index("run").reindex(list(runs))
    for observable in cond.observables:
        found = observable_matches(base[str(observable["outcome"])], observable)
        hits[str(observable["id"])] = found.to_numpy().tolist()
    return pd.DataFrame(hits, index=pd.Index(list(runs), name="run"), dtype=bool)


def effect_rows(
    values: pd.DataFrame,
    baseline: str,
    cond: Conditioning,
    kept: Sequence[int],
    n_pairs: int,
    resamples: int,
) -> list[dict[str, Any]]:
    """The paired differences over the kept runs, one row per outcome present."""
    ours = values[values["scenario"] == cond.scenario].drop_duplicates("run").set_index("run")
    theirs = values[values["scenario"] == baseline].drop_duplicates("run").set_index("run")
    rows = []
    for outcome in (o for o in OUTCOMES if o in values.columns):
        scen = ours[outcome].reindex(kept).to_numpy(dtype=float)
        base = theirs[outcome].reindex(kept).to_numpy(dtype=float)
        both = ~(np.isnan(scen) | np.isnan(base))
        diffs = scen[both] - base[both]
        rng = cell_rng(BOOTSTRAP_SEED, "given_history", cond.scenario, outcome)
        low, high = bootstrap_mean_interval(diffs, rng, resamples, level=LEVEL)
        rows.append(
            {
                "scenario": cond.scenario,
                "branch_date": cond.branch.isoformat(),
                "outcome": outcome,
                "n_pairs": n_pairs,
                "n_kept": len(kept),
                "share_kept": len(kept) / n_pairs,
                "n_compared": int(both.sum()),
                "mean_baseline": float(base[both].mean()) if both.any() else np.nan,
                "mean_scenario": float(scen[both].mean()) if both.any() else np.nan,
                "mean_diff": float(diffs.mean()) if both.any() else np.nan,
                "ci_low": low,
                "ci_high": high,
                "conditioned_on": ", ".join(cond.items) or "nothing (branches at the start)",
            }
        )
    return rows


def given_history(
    batch: Batch,
    baseline: str,
    outcomes: pd.DataFrame,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> GivenHistory:
    """Every counterfactual's effect from the historical state at its branch date.

    ``outcomes``: the batch's outcomes with the derived days the regime stands. Raises
    :class:`AnalysisError` naming the scenario when a counterfactual has no baseline run to pair
    with or no pair matched history before D, or when the batch holds no counterfactual.
    """
    values = comparable_values(outcomes)
    conds, kept_frames, rows, shares = [], [], [], []
    for scenario in (s for s in batch.scenarios if s != baseline):
        cond = conditioning(batch, baseline, scenario)
        if cond is None:  # the same model as the baseline: no effect to speak of
            continue
        runs = paired_runs(batch.outcomes, baseline, scenario)["run"].tolist()
        hits = item_matches(batch, baseline, cond, runs)
        keep = hits.all(axis=1).to_numpy()
        if not keep.any():
            raise AnalysisError(
                f"--given-history: no pair of {scenario!r} and {baseline!r} matched history "
                f"before {cond.branch.isoformat()} ({', '.join(cond.items)}) among "
                f"{len(runs)} pairs; run more runs"
            )
        kept = [run for run, k in zip(runs, keep, strict=True) if k]
        conds.append(cond)
        kept_frames.append(pd.DataFrame({"scenario": scenario, "run": runs, "kept": keep}))
        shares += [(scenario, item, float(hits[item].mean())) for item in hits.columns]
        rows += effect_rows(values, baseline, cond, kept, len(runs), resamples)
    if not conds:
        raise AnalysisError(
            f"--given-history: the batch in {batch.folder} holds no counterfactual that differs "
            f"from {baseline!r}"
        )
    items = pd.DataFrame(shares, columns=["scenario", "item", "share_match"])
    return GivenHistory(
        baseline, tuple(conds), pd.concat(kept_frames, ignore_index=True), items, pd.DataFrame(rows)
    )
