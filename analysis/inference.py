"""Approximate Bayesian computation (rejection ABC) on the article's open question.

Did Sudani withstand Iranian pressure, or had Tehran already let Assad go? Parameters such as
``iran.commitment_to_assad`` are drawn from uniform priors on the registry's [low, high]; every
draw is one run of the batch engine (:class:`analysis.sensitivity.SampleRunner`); a run's
distance to history is the mean, over the scenario's observables and decision points, of how far
it misses each; the runs closest to history form the posterior. A Bayes factor weighs the
"pressure resisted" reading against the "already let go" one. See ``docs/inference.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.run.runner import RunResult
    from sim.scenario import Scenario

COMMITMENT = "iran.commitment_to_assad"
DEFAULT_KEYS: tuple[str, ...] = (
    COMMITMENT,
    "iran.exasperation_with_assad",
    "iraqi_government.risk_aversion",
    "context.israel_deterrence",
)
MATCH_PREFIX = "match:"
RESISTED_FROM, LET_GO_UP_TO = 0.6, 0.3
PRIOR_STREAM = 0x0AB1  # keeps the prior draws apart from the batch's seed tree


class InferenceInputError(ValueError):
    """Bad input (parameter, target, acceptance share); the message is for the user."""


# Targets: what history recorded -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Target:
    """One thing history recorded: an outcome's value or range, or a decision point matched.

    A float NaN ``value`` means "did not happen" (matches a NaN outcome).
    """

    id: str
    column: str
    kind: str  # "observable" or "decision"
    value: Any = None
    range: tuple[float, float] | None = None
    actor: str = ""

    def distance(self, values: pd.Series, graded: bool = True) -> np.ndarray:
        """Per run, 0 (matched) to 1 (missed); graded: a number outside the range counts its
        distance to the range in range widths (width 0: one unit), capped at 1."""
        value = self.value
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if self.range is not None or (numeric and not math.isnan(value)):
            low, high = self.range if self.range is not None else (value, value)
            x = pd.to_numeric(values.astype(float), errors="coerce").to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                outside = np.maximum(np.maximum(low - x, x - high), 0.0)
            width = high - low if high > low else 1.0
            d = np.minimum(outside / width, 1.0) if graded else (outside > 0).astype(float)
            return np.where(np.isnan(x), 1.0, d)
        if numeric:  # NaN: the event did not happen
            return values.astype(float).notna().to_numpy(dtype=float)
        if isinstance(value, str):
            return (values.astype("string") != value).fillna(True).to_numpy(dtype=float)
        return (values.astype("boolean") != bool(value)).fillna(True).to_numpy(dtype=float)


def targets_from(
    scenario: Scenario, decisions: bool = True, drop: Sequence[str] = ()
) -> list[Target]:
    """The scenario's observables and (unless forced) decision points, minus ``drop`` ids."""
    from sim.registry import INSTANCE_KIND

    targets = [
        Target(o.id, o.outcome, "observable", o.value, o.range, _observable_actor(o.outcome))
        for o in scenario.observables
    ]
    if decisions:
        targets += [
            Target(
                p.id,
                MATCH_PREFIX + p.id,
                "decision",
                True,
                None,
                INSTANCE_KIND.get(p.actor, p.actor),
            )
            for p in scenario.decisions
            if p.force is None
        ]
    known = {t.id for t in targets}
    unknown = sorted(set(drop) - known)
    if unknown:
        raise InferenceInputError(
            f"--drop: no observable or decision point {', '.join(unknown)} "
            f"(ids: {', '.join(sorted(known))})"
        )
    kept = [t for t in targets if t.id not in set(drop)]
    if not kept:
        raise InferenceInputError("no observable or decision point left to compare with")
    return kept


def _observable_actor(outcome: str) -> str:
    return "iran" if outcome.startswith("iran_") else ""


def point_target(column: str, value: Any, tolerance: float = 0.0) -> Target:
    """A synthetic observation: ``value`` ± ``tolerance`` (NaN: "did not happen")."""
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric and not math.isnan(value) and tolerance > 0:
        return Target(column, column, "observable", None, (value - tolerance, value + tolerance))
    return Target(column, column, "observable", value)


def decision_matches(scenario: Scenario, result: RunResult) -> dict[str, bool]:
    """Per decision point, does the run match history (data-contract rule)? Worker-side hook."""
    log = result.decisions
    rows = list(
        zip(log["decision"], log["actor"], log["kind"], log["date"], log["choice"], strict=True)
    )
    out = {}
    for point in scenario.decisions:
        start, end = point.first_day.isoformat(), point.last_day.isoformat()
        hits = [
            choice == point.historical
            for decision, actor, kind, date, choice in rows
            if decision == point.decision and point.actor in (actor, kind) and start <= date <= end
        ]
        out[MATCH_PREFIX + point.id] = bool(hits) and (
            all(hits) if point.match == "all" else any(hits)
        )
    return out


def distance_matrix(table: pd.DataFrame, targets: Sequence[Target], graded: bool) -> pd.DataFrame:
    """Runs × targets: how far each run is from each recorded fact (0 to 1)."""
    missing = [t.column for t in targets if t.column not in table]
    if missing:
        raise InferenceInputError(f"the runs have no column(s) {', '.join(missing)}")
    return pd.DataFrame(
        {t.id: t.distance(table[t.column], graded) for t in targets}, index=table.index
    )


# Priors and acceptance ---------------------------------------------------------------------
def prior_bounds(keys: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Uniform priors on the registry's [low, high]; unknown keys raise."""
    from sim.registry import parameters

    table = parameters()
    unknown = [k for k in keys if k not in table]
    if unknown:
        raise InferenceInputError(
            f"unknown parameter(s) {', '.join(unknown)} (see `axis-sim params`)"
        )
    if COMMITMENT not in keys:
        raise InferenceInputError(f"the parameters must include {COMMITMENT} (the question)")
    return {k: (table[k].low, table[k].high) for k in keys}


def prior_samples(bounds: dict[str, tuple[float, float]], n: int, seed: int) -> np.ndarray:
    """``n`` independent uniform draws per parameter (columns in ``bounds`` order)."""
    rng = np.random.default_rng([seed, PRIOR_STREAM])
    low = np.array([b[0] for b in bounds.values()])
    high = np.array([b[1] for b in bounds.values()])
    return low + (high - low) * rng.random((n, len(bounds)))


def accept_closest(distance: np.ndarray, share: float) -> tuple[np.ndarray, float]:
    """Accept every run at least as close as the ⌈share·n⌉-th closest one; return the mask and
    that tolerance ε. Ties at ε are all kept, so slightly more than share·n may be accepted."""
    if not 0 < share <= 1:
        raise InferenceInputError(f"--accept must be in (0, 1], not {share}")
    k = max(1, math.ceil(share * len(distance) - 1e-9))
    epsilon = float(np.partition(distance, k - 1)[k - 1])
    return distance <= epsilon, epsilon


# The question ----------------------------------------------------------------------------
def pressure_resisted(table: pd.DataFrame) -> np.ndarray:
    """Iran committed (commitment ≥ 0.6) and Baghdad refused (no army sent)."""
    committed = table[COMMITMENT].to_numpy(dtype=float) >= RESISTED_FROM
    refused = ~table["iraqi_army_deployed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return committed & refused


def already_let_go(table: pd.DataFrame) -> np.ndarray:
    """Tehran had let Assad go (commitment ≤ 0.3)."""
    return table[COMMITMENT].to_numpy(dtype=float) <= LET_GO_UP_TO


def bayes_factor(in_a: np.ndarray, in_b: np.ndarray, accepted: np.ndarray) -> dict[str, float]:
    """BF(A:B) = posterior odds / prior odds, with the counts it rests on (prior = all runs)."""
    counts = {
        "prior_runs": len(in_a),
        "prior_a": int(in_a.sum()),
        "prior_b": int(in_b.sum()),
        "posterior_runs": int(accepted.sum()),
        "posterior_a": int((in_a & accepted).sum()),
        "posterior_b": int((in_b & accepted).sum()),
    }
    prior_odds = _ratio(counts["prior_a"], counts["prior_b"])
    posterior_odds = _ratio(counts["posterior_a"], counts["posterior_b"])
    return counts | {
        "prior_odds": prior_odds,
        "posterior_odds": posterior_odds,
        "bayes_factor": _ratio(posterior_odds, prior_odds),
    }


def _ratio(a: float, b: float) -> float:
    if b == 0:
        return math.inf if a > 0 else math.nan
    return a / b


def bootstrap_bayes_factor(
    distance: np.ndarray,
    in_a: np.ndarray,
    in_b: np.ndarray,
    share: float,
    rng: np.random.Generator,
    resamples: int = 1000,
) -> np.ndarray:
    """BFs of ``resamples`` bootstrap replicates of the runs (acceptance redone each time)."""
    n = len(distance)
    out = np.empty(resamples)
    for b in range(resamples):
        pick = rng.integers(0, n, n)
        accepted, _ = accept_closest(distance[pick], share)
        out[b] = bayes_factor(in_a[pick], in_b[pick], accepted)["bayes_factor"]
    return out


def interval(values: np.ndarray, level: float = 0.9) -> tuple[float, float]:
    """Percentile interval by order statistics (NaN replicates dropped; ±inf kept as such)."""
    values = np.sort(values[~np.isnan(values)])
    if not len(values):
        return math.nan, math.nan
    tail = (1 - level) / 2
    last = len(values) - 1
    return float(values[math.floor(tail * last)]), float(values[math.ceil((1 - tail) * last)])


# Posterior summary -------------------------------------------------------------------------
def posterior_summary(
    table: pd.DataFrame, accepted: np.ndarray, bounds: dict[str, tuple[float, float]]
) -> pd.DataFrame:
    """Per parameter: the uniform prior, and the posterior mean, median, 90 % interval, sd."""
    rows = []
    for key, (low, high) in bounds.items():
        post = table.loc[accepted, key].to_numpy(dtype=float)
        q05, q50, q95 = np.percentile(post, [5, 50, 95])
        rows.append(
            {
                "parameter": key,
                "prior": f"uniform [{low:g}, {high:g}]",
                "prior_mean": (low + high) / 2,
                "posterior_mean": float(post.mean()),
                "posterior_median": float(q50),
                "q05": float(q05),
                "q95": float(q95),
                "posterior_sd": float(post.std(ddof=1)) if len(post) > 1 else math.nan,
                "interval_vs_prior": float((q95 - q05) / (0.9 * (high - low))),
                "accepted": len(post),
            }
        )
    return pd.DataFrame(rows)


def most_related(table: pd.DataFrame, accepted: np.ndarray, keys: Sequence[str]) -> str | None:
    """The parameter whose posterior rank correlation with the commitment is strongest."""
    others = [k for k in keys if k != COMMITMENT]
    if not others:
        return None
    post = table.loc[accepted, [COMMITMENT, *others]].rank()
    corr = post.corr().loc[COMMITMENT, others].abs().fillna(0)
    return str(corr.idxmax())


Region = Callable[[pd.DataFrame], np.ndarray]
REGIONS: dict[str, tuple[Region, str]] = {
    "pressure_resisted": (
        pressure_resisted,
        f"Iran committed (commitment ≥ {RESISTED_FROM}) and Baghdad sent no army",
    ),
    "already_let_go": (already_let_go, f"Tehran had let Assad go (commitment ≤ {LET_GO_UP_TO})"),
}
