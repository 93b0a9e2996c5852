"""Approximate Bayesian computation (rejection ABC) on the article's open question: the analysis.

Did Sudani withstand Iranian pressure, or had Tehran already let Assad go? A run's distance to
history is the mean, over the targets (:class:`sim.experiments.inference.Target`), of how far it
misses each; the runs closest to history form the posterior. A Bayes factor weighs the "pressure
resisted" reading against the "already let go" one. The runs come from
:mod:`sim.experiments.inference`. See ``docs/inference.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.experiments.shared import COMMITMENT, InferenceInputError

if TYPE_CHECKING:
    from sim.experiments.inference import Target

__all__ = ["COMMITMENT", "InferenceInputError"]

RESISTED_FROM, LET_GO_UP_TO = 0.6, 0.3


# Distances and acceptance ------------------------------------------------------------------
def distance_matrix(table: pd.DataFrame, targets: Sequence[Target], graded: bool) -> pd.DataFrame:
    """Runs × targets: how far each run is from each recorded fact (0 to 1)."""
    missing = [t.column for t in targets if t.column not in table]
    if missing:
        raise InferenceInputError(f"the runs have no column(s) {', '.join(missing)}")
    return pd.DataFrame(
        {t.id: t.distance(table[t.column], graded) for t in targets}, index=table.index
    )


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
