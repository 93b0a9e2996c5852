"""Calibration: set the calibrated parameters from the calibration targets, reproducibly.

The targets are the scenario's observables and decision points marked ``role: calibration``;
everything else is kept for validation and never seen here. The loss is the Brier score of the
targets, ``sum over targets of (1 - share of runs matching)^2``, decision points matched in time
(:mod:`sim.experiments.matching`). The search is a coordinate descent: each calibrated parameter
in turn is set to the best of ``grid`` evenly spaced values across its registry range, with the
others held; every evaluation uses the same ``runs`` seeds (common random numbers), so two
values are compared on the same chance. A few sweeps, then the result and a record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.experiments.matching import MATCH_PREFIX, TimedPoint, matches

if TYPE_CHECKING:
    from sim.run.runner import RunResult
    from sim.scenario import Scenario

# What the calibration sets, and the targets each mainly answers to (documented in
# docs/assumptions.md A3 and A10; every one has basis `calibrated` in the registry).
CALIBRATED: tuple[str, ...] = (
    "front.advance_km_per_day",
    "front.garrison_aleppo",
    "front.garrison_hama",
    "front.garrison_homs",
    "front.garrison_damascus",
    "front.garrison_deir_ez_zor",
    "beliefs.city_weight",
    "beliefs.approach_weight",
    "beliefs.decline_weight",
    "iraqi_government.warning_base",
    "hts.message_base",
    "iraqi_government.border_cost",
    "resistance_faction.withdraw_share",
)


@dataclass(frozen=True, eq=False)
class TargetScorer:
    """Worker-side: the calibration targets a run matches, as ``match:<id>`` columns."""

    points: tuple[TimedPoint, ...]
    observables: tuple[Any, ...]

    @classmethod
    def for_scenario(cls, scenario: Scenario, role: str = "calibration") -> TargetScorer:
        from sim.experiments.matching import timed_points

        points = tuple(p for p in timed_points(scenario.resolved()) if p.role == role)
        observables = tuple(o for o in scenario.observables if o.role == role)
        return cls(points, observables)

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.points] + [o.id for o in self.observables]

    def __call__(self, scenario: Scenario, result: RunResult) -> dict[str, bool]:
        row = {MATCH_PREFIX + p.id: matches(result.decisions, p) for p in self.points}
        for target in self.observables:
            row[MATCH_PREFIX + target.id] = target.matches(result.outcome[target.outcome])
        return row


def loss(shares: pd.Series) -> float:
    """The calibration loss: Brier score of the targets, sum of (1 - share matching)^2."""
    return float(((1.0 - shares) ** 2).sum())


@dataclass
class CalibrationConfig:
    """What to calibrate, against what, with how many runs."""

    scenario: Any
    options: Any  # sim.batch.options.RunOptions (out, seed, workers, executor, force)
    keys: Sequence[str] = CALIBRATED
    runs: int = 120
    grid: int = 7
    sweeps: int = 2


@dataclass
class CalibrationResult:
    values: dict[str, float]
    start: dict[str, float]
    loss_start: float
    loss: float
    shares_start: dict[str, float]
    shares: dict[str, float]
    history: list[dict[str, Any]] = field(default_factory=list)

    def record(self, config: CalibrationConfig, scenario: Scenario) -> dict[str, Any]:
        """The calibration record: targets, loss, result, seed, runs (JSON-able)."""
        return {
            "scenario": scenario.name,
            "date": dt.date.today().isoformat(),
            "seed": int(config.options.seed),
            "runs_per_evaluation": config.runs,
            "grid": config.grid,
            "sweeps": config.sweeps,
            "loss": "sum over calibration targets of (1 - share of runs matching)^2",
            "targets": list(self.shares),
            "loss_start": self.loss_start,
            "loss_result": self.loss,
            "shares_start": self.shares_start,
            "shares_result": self.shares,
            "start": self.start,
            "result": self.values,
            "history": self.history,
        }


def evaluate(
    config: CalibrationConfig,
    scorer: TargetScorer,
    designs: np.ndarray,
    run_points: Any,
    tag: str,
) -> list[pd.Series]:
    """Shares of runs matching each target, for each design row (``runs`` seeds each)."""
    from sim.experiments.points import PointRunConfig

    runs = config.runs
    values = np.repeat(designs, runs, axis=0)
    seed_runs = np.tile(np.arange(runs), len(designs))
    options = dataclasses.replace(
        config.options, out=config.options.out / tag, force=True, progress=False
    )
    point_config = PointRunConfig(options=options, extra=scorer, seed_runs=seed_runs)
    table = run_points(config.scenario, list(config.keys), values, point_config)
    columns = [MATCH_PREFIX + i for i in scorer.ids]
    hits = table[columns].astype(float).to_numpy().reshape(len(designs), runs, len(columns))
    return [pd.Series(h.mean(axis=0), index=scorer.ids) for h in hits]


def calibrate(config: CalibrationConfig, progress: Any = print) -> CalibrationResult:
    """Coordinate descent over the calibrated parameters (see the module docstring)."""
    from sim.experiments.points import run_points
    from sim.registry import parameters

    table = parameters()
    scenario = config.scenario
    scorer = TargetScorer.for_scenario(scenario)
    if not scorer.ids:
        raise ValueError(f"{scenario.name}: no observable or decision point has role: calibration")
    keys = list(config.keys)
    current = np.array([scenario.parameters.get(k, table[k].default) for k in keys], dtype=float)
    start = current.copy()
    (shares_start,) = evaluate(config, scorer, current[None, :], run_points, "start")
    best_loss, best_shares = loss(shares_start), shares_start
    progress(f"start: loss {best_loss:.3f}")
    history: list[dict[str, Any]] = []
    for sweep in range(config.sweeps):
        for i, key in enumerate(keys):
            grid = np.linspace(table[key].low, table[key].high, config.grid)
            designs = np.repeat(current[None, :], len(grid), axis=0)
            designs[:, i] = grid
            shares = evaluate(config, scorer, designs, run_points, f"s{sweep}-{i}")
            losses = [loss(s) for s in shares]
            k = int(np.argmin(losses))
            if losses[k] < best_loss:
                current[i], best_loss, best_shares = grid[k], losses[k], shares[k]
            history.append(
                {"sweep": sweep, "parameter": key, "grid": grid.tolist(), "losses": losses}
            )
            progress(f"sweep {sweep + 1}, {key} = {current[i]:g}: loss {best_loss:.3f}")
    return CalibrationResult(
        values=dict(zip(keys, current.tolist(), strict=True)),
        start=dict(zip(keys, start.tolist(), strict=True)),
        loss_start=loss(shares_start),
        loss=best_loss,
        shares_start=shares_start.to_dict(),
        shares=best_shares.to_dict(),
        history=history,
    )
