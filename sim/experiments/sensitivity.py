"""The design of a global sensitivity analysis, and its runs: Morris trajectories or Saltelli's
Sobol' sample (SALib, seeded), each design point one run of the batch engine
(:mod:`sim.experiments.points`). The model is stochastic: by default its random seed is one more
factor of the design (*chance*), and design points that do not move it share their random numbers
(common random numbers), so a parameter's effect is not drowned in run-to-run noise. The indices
are computed by :mod:`analysis.sensitivity`; see ``docs/sensitivity.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from sim.batch.options import RunOptions
from sim.experiments.points import PointRunConfig, run_points
from sim.experiments.shared import CHANCE, MORRIS_LEVELS, SensitivityInputError

if TYPE_CHECKING:
    from sim.scenario import Scenario

__all__ = ["CHANCE", "MORRIS_LEVELS", "SensitivityInputError"]  # shared with the analysis

Method = Literal["morris", "sobol"]
DEFAULT_OUTCOMES: tuple[str, ...] = (
    "regime_collapse_day",
    "faction_fighters_peak",
    "faction_withdrawal_day",
    "sudani_standing_final",
    "regime_collapsed",
    "iraqi_army_deployed",
)
DEFAULT_N: dict[str, int] = {"morris": 50, "sobol": 256}
MAX_RUNS = 1_000_000  # the runs of one design (the scenario schema's cap on `runs`)


@dataclass(frozen=True, slots=True)
class Factor:
    """One varied parameter and the interval it is varied over."""

    key: str
    low: float
    high: float
    bounds_from: str  # "uncertainty" (the scenario's distribution) or "registry"


# Inputs ----------------------------------------------------------------------------------
def factors_for(scenario: Scenario, keys: Sequence[str] | None = None) -> list[Factor]:
    """The factors: ``keys`` (default: the scenario's uncertain keys) with their bounds.

    Bounds are the support of the scenario's distribution for an uncertain key, else the
    registry's [low, high].
    """
    from sim.registry import parameters

    table = parameters()
    chosen = list(keys) if keys else sorted(scenario.uncertainty)
    if not chosen:
        raise SensitivityInputError(
            f"scenario {scenario.name} has no uncertain parameters; give --params"
        )
    unknown = [k for k in chosen if k not in table]
    if unknown:
        raise SensitivityInputError(
            f"unknown parameter(s) {', '.join(unknown)} (see `axis-sim params`; keys look like "
            "iran.commitment_to_assad)"
        )
    if len(set(chosen)) < len(chosen):
        raise SensitivityInputError("a parameter is named twice")
    factors = []
    for key in chosen:
        dist = scenario.uncertainty.get(key)
        low, high = dist.support() if dist is not None else (table[key].low, table[key].high)
        if not low < high:
            raise SensitivityInputError(f"{key}: its range [{low:g}, {high:g}] has no spread")
        factors.append(Factor(key, float(low), float(high), "uncertainty" if dist else "registry"))
    return factors


def numeric_outcomes() -> list[str]:
    """Outcome columns that can be analysed (numbers and booleans, not text)."""
    from sim.outcomes import OUTCOMES

    return [o.name for o in OUTCOMES if o.dtype != "str"]


def check_outcomes(names: Sequence[str] | None) -> list[str]:
    """The outcomes to analyse (default :data:`DEFAULT_OUTCOMES`); unknown or text ones raise."""
    chosen = list(names) if names else list(DEFAULT_OUTCOMES)
    allowed = numeric_outcomes()
    bad = [n for n in chosen if n not in allowed]
    if bad:
        raise SensitivityInputError(
            f"unknown or non-numeric outcome(s) {', '.join(bad)} (allowed: {', '.join(allowed)})"
        )
    return list(dict.fromkeys(chosen))


def salib_problem(factors: Sequence[Factor], chance: bool = True) -> dict[str, Any]:
    """SALib's ``problem`` dict; the chance factor (if any) is the last column, on [0, 1]."""
    names = [f.key for f in factors] + ([CHANCE] if chance else [])
    bounds = [[f.low, f.high] for f in factors] + ([[0.0, 1.0]] if chance else [])
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def check_n(method: Method, n: int) -> None:
    """Morris needs ≥ 2 trajectories; Saltelli's Sobol' design a power of two ≥ 2."""
    if method == "morris" and n < 2:
        raise SensitivityInputError("--n must be at least 2 trajectories for Morris")
    if method == "sobol" and (n < 2 or n & (n - 1)):
        raise SensitivityInputError(f"--n must be a power of two for Sobol' (e.g. 256), not {n}")


def check_size(method: Method, n: int, num_vars: int) -> None:
    """Refuse a design of more than :data:`MAX_RUNS` runs before anything is allocated."""
    rows = n * block_size(method, num_vars)
    if rows > MAX_RUNS:
        raise SensitivityInputError(
            f"--n {n}: the design would need {rows:,} runs; at most {MAX_RUNS:,} are allowed"
        )


def sample_points(problem: dict[str, Any], method: Method, n: int, seed: int) -> np.ndarray:
    """The design: ``n`` Morris trajectories, or Saltelli's N·(D+2) rows (no 2nd order)."""
    check_n(method, n)
    check_size(method, n, problem["num_vars"])
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(problem, n, calc_second_order=False, seed=seed)


def block_size(method: Method, num_vars: int) -> int:
    """Rows per Morris trajectory (k+1) or per Saltelli base point (k+2, no 2nd order)."""
    return num_vars + 1 if method == "morris" else num_vars + 2


def common_seed_runs(x: np.ndarray, block: int, chance: bool) -> np.ndarray:
    """Common random numbers: the rows of a block (a Morris trajectory, a Saltelli base point)
    share the seeds of run 2·block, except rows where the chance column (the last, if
    ``chance``) has left the block's first value: they use run 2·block + 1."""
    blocks = np.arange(len(x)) // block
    runs = 2 * blocks
    if chance:
        runs = runs + (x[:, -1] != x[blocks * block, -1])
    return runs


# The experiment ----------------------------------------------------------------------------
@dataclass
class SensitivityConfig:
    """What to vary and measure; the run options (``options.seed`` None: the scenario's)."""

    scenario: Any  # a name, a path or a Scenario
    method: Method = "morris"
    n: int | None = None
    params: Sequence[str] | None = None
    outcomes: Sequence[str] | None = None
    chance: bool = True
    common_seeds: bool = True
    options: RunOptions = field(default_factory=RunOptions)


@dataclass
class SensitivityRuns:
    """A design and its runs: what :mod:`analysis.sensitivity` needs to compute the indices."""

    scenario: str
    method: Method
    n: int
    seed: int
    out: Path  # the experiment folder (runs in out/runs)
    period_days: int
    factors: list[Factor]
    outcomes: list[str]
    problem: dict[str, Any]
    x: np.ndarray  # the design, one row per run (chance last, if a factor)
    table: pd.DataFrame  # the outcome rows, in design order
    seed_runs: np.ndarray | None = None


def run_design(config: SensitivityConfig) -> SensitivityRuns:
    """Check the input, draw the design and run it; raises :class:`SensitivityInputError`."""
    from sim.scenario import load_scenario

    scenario = (
        config.scenario
        if hasattr(config.scenario, "uncertainty")
        else load_scenario(config.scenario)
    )
    factors = factors_for(scenario, config.params)
    outcomes = check_outcomes(config.outcomes)
    n = DEFAULT_N[config.method] if config.n is None else config.n
    options = config.options
    seed = scenario.seed if options.seed is None else options.seed
    out = Path(
        options.out or Path("results") / "sensitivity" / f"{scenario.name}-{config.method}-{seed}"
    )
    problem = salib_problem(factors, config.chance)
    x = sample_points(problem, config.method, n, seed)
    block = block_size(config.method, problem["num_vars"])
    seed_runs = common_seed_runs(x, block, config.chance) if config.common_seeds else None
    keys = [f.key for f in factors]
    run_config = PointRunConfig(replace(options, out=out / "runs", seed=seed), seed_runs=seed_runs)
    table = run_points(scenario, keys, x[:, : len(keys)], run_config)
    return SensitivityRuns(
        scenario.name, config.method, n, seed, out, scenario.period.days, factors, outcomes,
        problem, x, table, seed_runs,
    )  # fmt: skip
