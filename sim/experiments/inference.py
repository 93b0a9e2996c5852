"""The runs of an approximate Bayesian computation (rejection ABC) on the article's question.

Parameters such as ``iran.commitment_to_assad`` are drawn from uniform priors on the registry's
[low, high]; every draw is one run of the batch engine (:mod:`sim.experiments.points`); the
targets are what history recorded (the scenario's observables and decision points). The
distances, the acceptance and the Bayes factor are :mod:`analysis.inference`'s.
See ``docs/inference.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.batch.options import RunOptions
from sim.experiments.points import PointRunConfig, run_points
from sim.experiments.shared import COMMITMENT, MATCH_PREFIX, InferenceInputError

if TYPE_CHECKING:
    from sim.run.runner import RunResult
    from sim.scenario import Scenario

__all__ = ["COMMITMENT", "MATCH_PREFIX", "InferenceInputError"]  # shared with the analysis

DEFAULT_KEYS: tuple[str, ...] = (
    COMMITMENT,
    "iran.exasperation_with_assad",
    "iraqi_government.risk_aversion",
    "context.israel_deterrence",
)
PRIOR_STREAM = 0x0AB1  # keeps the prior draws apart from the batch's seed tree


ROLES = ("calibration", "validation")


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
    role: str = "validation"  # or "calibration": a parameter was set from it

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
    scenario: Scenario,
    decisions: bool = True,
    drop: Sequence[str] = (),
    roles: Sequence[str] = ROLES,
) -> list[Target]:
    """The scenario's observables and (unless forced) decision points of the given ``roles``,
    minus ``drop`` ids."""
    from sim.registry import INSTANCE_KIND

    targets = [
        Target(
            o.id, o.outcome, "observable", o.value, o.range, _observable_actor(o.outcome), o.role
        )
        for o in scenario.observables
        if o.role in roles
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
                p.role,
            )
            for p in scenario.decisions
            if p.force is None and p.role in roles
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
    """Per decision point, does the run match history in time (:mod:`sim.experiments.matching`:
    a change of course first taken inside its window, a status quo held through it)? A hook run
    in the workers."""
    from sim.experiments.matching import matches, timed_points

    return {
        MATCH_PREFIX + point.id: matches(result.decisions, point)
        for point in timed_points(scenario.resolved())
    }


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


@dataclass
class InferenceConfig:
    """What to infer and how; the run options (``options.out`` set once the scenario is known)."""

    scenario: Any = "baseline"  # a name, a path or a Scenario
    method: str = "rejection"
    n: int = 10_000
    accept: float = 0.1
    params: Sequence[str] | None = None
    decisions: bool = True
    drop: Sequence[str] = ()
    roles: Sequence[str] = ROLES  # which history items are targets
    graded: bool = True
    bootstrap: int = 1000
    reuse: bool = False  # analyse the runs already in OUT/runs (same scenario, n, seed, params)
    targets: Sequence[Target] | None = None  # instead of the scenario's (synthetic data)
    options: RunOptions = field(default_factory=RunOptions)  # seed None: the scenario's


def simulate(
    scenario: Any, bounds: dict[str, tuple[float, float]], config: InferenceConfig, seed: int
) -> pd.DataFrame:
    """Draw the prior sample and run it through the batch engine (outcomes in draw order)."""
    x = prior_samples(bounds, config.n, seed)
    out = Path(config.options.out) / "runs"
    hook = decision_matches if config.decisions else None
    run_config = PointRunConfig(replace(config.options, out=out, seed=seed), extra=hook)
    return run_points(scenario, list(bounds), x, run_config)


def reuse_runs(
    bounds: dict[str, tuple[float, float]], config: InferenceConfig, seed: int
) -> pd.DataFrame:
    """The runs of an earlier ``infer`` in OUT/runs, checked to be this prior sample."""
    path = Path(config.options.out) / "runs" / "outcomes.parquet"
    if not path.is_file():
        raise InferenceInputError(f"--reuse: no runs in {path.parent}; run without --reuse")
    table = pd.read_parquet(path).sort_values("run").reset_index(drop=True)
    if set(table["scenario"]) != {config.scenario.name}:
        raise InferenceInputError(
            f"--reuse: the runs in {path.parent} are of {', '.join(set(table['scenario']))}"
        )
    draws = prior_samples(bounds, config.n, seed)
    keys = list(bounds)
    if (
        len(table) != config.n
        or not set(keys) <= set(table.columns)
        or not np.array_equal(table[keys].to_numpy(dtype=float), draws)
    ):
        raise InferenceInputError(
            f"--reuse: the runs in {path.parent} are not this prior sample (give the same "
            "scenario, --n, --seed and --params as when they were made)"
        )
    if config.decisions and not any(c.startswith(MATCH_PREFIX) for c in table.columns):
        raise InferenceInputError("--reuse: these runs were made with --no-decisions")
    return table
