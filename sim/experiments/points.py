"""Design points as runs: row *i* of a design becomes run *i* of one batch (parameter overrides),
and the outcome rows come back in design order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.batch.options import RunOptions
from sim.experiments.shared import SensitivityInputError

if TYPE_CHECKING:
    from sim.run.runner import RunResult
    from sim.scenario import Scenario


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


@dataclass
class PointRunConfig:
    """How to run a design through the batch engine (``options.out`` and ``options.seed`` set)."""

    options: RunOptions = field(default_factory=RunOptions)
    extra: Callable[..., dict[str, Any]] | None = None
    seed_runs: np.ndarray | None = None


def run_points(
    scenario: Scenario, keys: Sequence[str], values: np.ndarray, config: PointRunConfig
) -> pd.DataFrame:
    """Run every row of ``values`` (one run each) and return the outcome rows in row order."""
    from sim.batch.engine import BatchConfig, run_batch

    values = np.asarray(values, dtype=float)
    runner = SampleRunner(tuple(keys), values, config.seed_runs, extra=config.extra)
    out = Path(config.options.out)
    if (out / "manifest.json").exists() and not config.options.force:
        raise SensitivityInputError(
            f"{out} already holds runs; give --force to replace them, or another --out"
        )
    options = config.options.as_kwargs() | {"out": out, "runs": len(values)}
    result = run_batch(BatchConfig(scenarios=[scenario], run_fn=runner, **options))
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
