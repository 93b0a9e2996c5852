"""Global sensitivity analysis of a scenario's outcomes: Morris screening and Sobol' indices.

SALib draws the design (seeded), every design point becomes one run of the batch engine (run *i*
takes row *i* as parameter overrides, :class:`SampleRunner`), the outcomes are read back in run
order and SALib analyses them. The model is stochastic: by default its random seed is one more
factor of the design (*chance*), and design points that do not move it share their random
numbers (common random numbers), so a parameter's effect is not drowned in run-to-run noise. See
``docs/sensitivity.md``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.run.runner import RunResult
    from sim.scenario import Scenario

Method = Literal["morris", "sobol"]
CHANCE = "chance (model seed)"
DEFAULT_OUTCOMES: tuple[str, ...] = (
    "regime_collapse_day",
    "faction_fighters_peak",
    "faction_withdrawal_day",
    "sudani_standing_final",
    "regime_collapsed",
    "iraqi_army_deployed",
)
DEFAULT_N: dict[str, int] = {"morris": 50, "sobol": 256}
MORRIS_LEVELS = 4
INDEX_COLUMNS: dict[str, tuple[str, ...]] = {
    "morris": ("mu_star", "mu_star_conf", "sigma", "mu"),
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
}


class SensitivityInputError(ValueError):
    """Bad input (parameter, outcome, sample size, folder); the message is for the user."""


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


def sample_points(problem: dict[str, Any], method: Method, n: int, seed: int) -> np.ndarray:
    """The design: ``n`` Morris trajectories, or Saltelli's N·(D+2) rows (no 2nd order)."""
    check_n(method, n)
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(problem, n, calc_second_order=False, seed=seed)


# Running the points ------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SampleRunner:
    """``run_fn`` for the batch engine: run *i* uses row *i* of ``values`` as overrides.

    ``seed_runs[i]`` (default *i*) is the run whose seeds (model seed and the draws of the other
    uncertain parameters) run *i* uses, so that design points can share random numbers.
    ``extra(scenario, result)`` may add columns to the outcome row (computed in the worker);
    ``keep_decisions=False`` drops the decision rows. Picklable when ``extra`` is a module-level
    function.
    """

    keys: tuple[str, ...]
    values: np.ndarray
    seed_runs: np.ndarray | None = None
    keep_decisions: bool = False
    extra: Callable[[Scenario, RunResult], dict[str, Any]] | None = None

    def __call__(self, scenario: Scenario, run: int, root_seed: int, timeseries: bool = False):
        from sim.run.runner import run_once

        overrides = dict(zip(self.keys, (float(v) for v in self.values[run]), strict=True))
        seed_run = run if self.seed_runs is None else int(self.seed_runs[run])
        result = run_once(scenario, seed_run, root_seed, timeseries=timeseries, overrides=overrides)
        if self.seed_runs is not None:
            result.outcome = {**result.outcome, "run": run, "seed_run": seed_run}
            result.decisions["run"] = [run] * len(result.decisions["run"])
            for row in result.timeseries or []:
                row["run"] = run
        if self.extra is not None:
            result.outcome.update(self.extra(scenario, result))
        if not self.keep_decisions:
            result.decisions = {}
        return result


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


@dataclass
class PointRunConfig:
    """How to run a design through the batch engine."""

    out: Path
    seed: int
    executor: str = "process"
    workers: int | None = None
    force: bool = False
    progress: bool = True
    extra: Callable[..., dict[str, Any]] | None = None
    seed_runs: np.ndarray | None = None


def run_points(
    scenario: Scenario, keys: Sequence[str], values: np.ndarray, config: PointRunConfig
) -> pd.DataFrame:
    """Run every row of ``values`` (one run each) and return the outcome rows in row order."""
    from sim.batch.engine import BatchConfig, run_batch

    values = np.asarray(values, dtype=float)
    runner = SampleRunner(tuple(keys), values, config.seed_runs, extra=config.extra)
    if (Path(config.out) / "manifest.json").exists() and not config.force:
        raise SensitivityInputError(
            f"{config.out} already holds runs; give --force to replace them, or another --out"
        )
    batch = BatchConfig(
        scenarios=[scenario],
        out=Path(config.out),
        runs=len(values),
        seed=config.seed,
        executor=config.executor,  # type: ignore[arg-type]
        workers=config.workers,
        force=config.force,
        progress=config.progress,
        run_fn=runner,
    )
    result = run_batch(batch)
    if result.status == "interrupted":
        raise KeyboardInterrupt
    if result.failures:
        first = result.failures[0]
        raise RuntimeError(
            f"{len(result.failures)} run(s) failed (first: run {first['run']}: "
            f"{first['error_type']}: {first['error']}); see {result.out}/failures.parquet"
        )
    table = pd.read_parquet(Path(result.out) / "outcomes.parquet").sort_values("run")
    return check_order(table.reset_index(drop=True), keys, values)


def check_order(table: pd.DataFrame, keys: Sequence[str], values: np.ndarray) -> pd.DataFrame:
    """Assert the table has one row per design row, in design order (the analysis needs it)."""
    if not np.array_equal(table["run"].to_numpy(), np.arange(len(values))):
        raise RuntimeError("the outcome rows are not runs 0..n-1: the design order is lost")
    recorded = table[list(keys)].to_numpy(dtype=float)
    if not np.array_equal(recorded, values):
        raise RuntimeError("the recorded parameter values differ from the design rows")
    return table


# Analysis --------------------------------------------------------------------------------
def response(table: pd.DataFrame, outcome: str, period_days: int) -> np.ndarray:
    """An outcome as floats: booleans as 0/1, a day that never came (NaN) as ``period_days``
    (the first day after the period: "did not happen within it")."""
    values = pd.to_numeric(table[outcome].astype(float), errors="coerce").to_numpy(dtype=float)
    if outcome.endswith("_day"):
        values = np.where(np.isnan(values), float(period_days), values)
    return values


def analyse(
    method: Method, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, seed: int
) -> dict[str, np.ndarray]:
    """SALib's indices for one outcome; NaN where undefined (constant or missing outcome)."""
    names = INDEX_COLUMNS[method]
    nan = {name: np.full(problem["num_vars"], np.nan) for name in names}
    if np.isnan(y).any():
        return nan
    if np.ptp(y) == 0:  # constant: Morris effects are exactly 0, Sobol' shares undefined (0/0)
        zeros = {name: np.zeros(problem["num_vars"]) for name in names}
        return zeros if method == "morris" else nan
    if method == "morris":
        from SALib.analyze import morris

        res = morris.analyze(problem, x, y, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        from SALib.analyze import sobol

        res = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
    return {name: np.asarray(res[name], dtype=float) for name in names}


def indices_table(
    method: Method,
    problem: dict[str, Any],
    factors: Sequence[Factor],
    x: np.ndarray,
    table: pd.DataFrame,
    outcomes: Sequence[str],
    period_days: int,
    seed: int,
) -> pd.DataFrame:
    """One row per outcome and factor (chance included): bounds and the method's indices."""
    rows = []
    bounds = {f.key: f for f in factors}
    for outcome in outcomes:
        y = response(table, outcome, period_days)
        result = analyse(method, problem, x, y, seed)
        for i, name in enumerate(problem["names"]):
            factor = bounds.get(name)
            rows.append(
                {
                    "method": method,
                    "outcome": outcome,
                    "parameter": name,
                    "chance": factor is None,
                    "low": factor.low if factor else 0.0,
                    "high": factor.high if factor else 1.0,
                    "bounds_from": factor.bounds_from if factor else "",
                    **{k: float(v[i]) for k, v in result.items()},
                    "outcome_mean": float(np.mean(y)),
                    "outcome_sd": float(np.std(y)),
                }
            )
    return pd.DataFrame(rows)


# The whole analysis ----------------------------------------------------------------------
@dataclass
class SensitivityConfig:
    scenario: Any  # a name, a path or a Scenario
    method: Method = "morris"
    n: int | None = None
    params: Sequence[str] | None = None
    outcomes: Sequence[str] | None = None
    seed: int | None = None
    chance: bool = True
    common_seeds: bool = True
    executor: str = "process"
    workers: int | None = None
    out: Path | None = None
    force: bool = False
    progress: bool = True


@dataclass
class SensitivityResult:
    out: Path
    indices: pd.DataFrame
    factors: list[Factor]
    outcomes: list[str]
    runs: int
    seconds: float
    seed_runs: np.ndarray | None = None
    files: list[Path] = field(default_factory=list)


def run_sensitivity(config: SensitivityConfig) -> SensitivityResult:
    """Sample, run, analyse and write; raises :class:`SensitivityInputError` on bad input."""
    from sim.scenario import load_scenario

    started = time.perf_counter()
    scenario = (
        config.scenario
        if hasattr(config.scenario, "uncertainty")
        else load_scenario(config.scenario)
    )
    factors = factors_for(scenario, config.params)
    outcomes = check_outcomes(config.outcomes)
    n = config.n or DEFAULT_N[config.method]
    seed = scenario.seed if config.seed is None else config.seed
    out = Path(
        config.out or Path("results") / "sensitivity" / f"{scenario.name}-{config.method}-{seed}"
    )
    problem = salib_problem(factors, config.chance)
    x = sample_points(problem, config.method, n, seed)
    block = block_size(config.method, problem["num_vars"])
    seed_runs = common_seed_runs(x, block, config.chance) if config.common_seeds else None
    keys = [f.key for f in factors]
    run_cfg = PointRunConfig(
        out / "runs", seed, config.executor, config.workers, config.force, config.progress,
        seed_runs=seed_runs,
    )  # fmt: skip
    table = run_points(scenario, keys, x[:, : len(keys)], run_cfg)
    indices = indices_table(
        config.method, problem, factors, x, table, outcomes, scenario.period.days, seed
    )
    result = SensitivityResult(out, indices, factors, outcomes, len(x), 0.0, seed_runs)
    result.seconds = time.perf_counter() - started
    result.files = write_outputs(result, scenario.name, config.method, n, seed, x, problem)
    return result


def write_outputs(
    result: SensitivityResult,
    scenario: str,
    method: Method,
    n: int,
    seed: int,
    x: np.ndarray,
    problem: dict[str, Any],
) -> list[Path]:
    """indices.parquet/.csv, design.parquet, one PNG per outcome and sensitivity.json."""
    out = result.out
    (out / "figures").mkdir(parents=True, exist_ok=True)
    files = [out / "indices.parquet", out / "indices.csv", out / "design.parquet"]
    result.indices.to_parquet(files[0], index=False)
    result.indices.to_csv(files[1], index=False)
    design = pd.DataFrame(x, columns=problem["names"]).rename_axis("run").reset_index()
    design["seed_run"] = result.seed_runs if result.seed_runs is not None else design["run"]
    design.to_parquet(files[2], index=False)
    from analysis.sensitivity_plots import plot_indices

    for outcome in result.outcomes:
        path = out / "figures" / f"{outcome}.png"
        plot_indices(result.indices, outcome, scenario, result.runs).savefig(path, dpi=150)
        files.append(path)
    meta = {
        "scenario": scenario,
        "method": method,
        "n": n,
        "runs": result.runs,
        "seed": seed,
        "factors": [vars_of(f) for f in result.factors],
        "chance_factor": CHANCE in problem["names"],
        "seeds": "common" if result.seed_runs is not None else "independent",
        "outcomes": result.outcomes,
        "seconds": round(result.seconds, 2),
        "salib": _salib_version(),
    }
    files.append(out / "sensitivity.json")
    files[-1].write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return files


def vars_of(factor: Factor) -> dict[str, Any]:
    return {"key": factor.key, "low": factor.low, "high": factor.high, "from": factor.bounds_from}


def _salib_version() -> str:
    from importlib.metadata import version

    return version("SALib")
