"""Calibration: set the calibrated parameters from the calibration targets, reproducibly.

The targets are the scenario's observables and decision points marked ``role: calibration``;
everything else is kept for validation and never seen here. The loss is the Brier score of the
targets, ``sum over targets of (1 - share of runs matching)^2``, decision points matched in time
(:mod:`sim.experiments.matching`), plus for each dated target (a change of course, a day a city
fell) its CRPS against history's day relative to that of a day drawn uniformly over the
month: a share inside a window cannot tell a date on the window's edge from one in its
middle, the CRPS can. The search is a coordinate descent: each calibrated parameter
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

from sim.experiments.matching import MATCH_PREFIX, TimedPoint, first_day_taken, matches

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
    "beliefs.survival_prior",
    "beliefs.update_rate",
    "beliefs.city_weight",
    "beliefs.depth_exponent",
    "beliefs.approach_weight",
    "beliefs.decline_weight",
    "iraqi_government.warning_base",
    "iraqi_government.warning_approach_weight",
    "hts.message_base",
    "hts.message_prospect_weight",
    "iran.hedging_value",
    "iran.evacuation_base",
    "iran.evacuation_lost_weight",
    "iraqi_government.border_cost",
    "resistance_faction.withdraw_share",
)


DATE_PREFIX = "date:"


@dataclass(frozen=True, eq=False)
class TargetScorer:
    """Worker-side: the calibration targets a run matches, as ``match:<id>`` columns, and for a
    dated target (a change of course, a day on which something happened) its day in the run, as
    ``date:<id>`` (the month's length when it never happens)."""

    points: tuple[TimedPoint, ...]
    observables: tuple[Any, ...]
    n_days: int = 35

    @classmethod
    def for_scenario(cls, scenario: Scenario, role: str = "calibration") -> TargetScorer:
        from sim.experiments.matching import timed_points

        points = tuple(p for p in timed_points(scenario.resolved()) if p.role == role)
        observables = tuple(o for o in scenario.observables if o.role == role)
        n_days = (scenario.period.end - scenario.period.start).days + 1
        return cls(points, observables, n_days)

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.points] + [o.id for o in self.observables]

    @property
    def dated(self) -> dict[str, float]:
        """History's day for each dated target: the middle of its window or range."""
        days = {p.id: (p.first_day + p.last_day) / 2 for p in self.points if p.change_of_course}
        for target in self.observables:
            if target.range is not None and "_day" in target.outcome:
                days[target.id] = sum(target.range) / 2
        return days

    def __call__(self, scenario: Scenario, result: RunResult) -> dict[str, bool | float]:
        row: dict[str, bool | float] = {
            MATCH_PREFIX + p.id: matches(result.decisions, p) for p in self.points
        }
        for point in self.points:
            if point.change_of_course:
                first = first_day_taken(result.decisions, point)
                row[DATE_PREFIX + point.id] = float(self.n_days if first is None else first)
        dated = self.dated
        for target in self.observables:
            value = result.outcome[target.outcome]
            row[MATCH_PREFIX + target.id] = target.matches(value)
            if target.id in dated:
                row[DATE_PREFIX + target.id] = float(self.n_days if value != value else value)
        return row

    def scores(self, table: pd.DataFrame, designs: int) -> list[Scores]:
        """Per design (``table`` holds each design's runs in one consecutive block): the share
        of runs that match each target, and the relative CRPS of each dated target."""
        import scoringrules as sr

        runs = len(table) // designs
        hits = table[[MATCH_PREFIX + i for i in self.ids]].astype(float).to_numpy()
        shares = hits.reshape(designs, runs, -1).mean(axis=1)
        dated = self.dated
        days = table[[DATE_PREFIX + i for i in dated]].astype(float).to_numpy()
        days = days.reshape(designs, runs, -1)
        observed = np.array(list(dated.values()))
        uniform = np.array(
            [sr.crps_ensemble(o, np.arange(self.n_days + 1, dtype=float)) for o in observed]
        )
        return [
            Scores(
                pd.Series(shares[d], index=self.ids),
                pd.Series(sr.crps_ensemble(observed, days[d].T) / uniform, index=list(dated)),
            )
            for d in range(designs)
        ]


LOSS = (
    "sum over calibration targets of (1 - share of runs matching)^2, plus over dated targets "
    "of CRPS of the runs' days against history's day / CRPS of a day drawn uniformly"
)


@dataclass(frozen=True)
class Scores:
    """How one parameter set does on the targets: the share of runs matching each, and for each
    dated target its CRPS (days) relative to that of a day drawn uniformly over the month."""

    shares: pd.Series
    dates: pd.Series

    @property
    def loss(self) -> float:
        return loss(self.shares, self.dates)


def loss(shares: pd.Series, dates: pd.Series | None = None) -> float:
    """The calibration loss: the Brier score of the targets, sum of (1 - share matching)^2, plus
    the sum of the relative CRPS of the dated targets (a date off by days, or spread over weeks,
    costs even inside its window)."""
    brier = float(((1.0 - shares) ** 2).sum())
    return brier if dates is None else brier + float(dates.sum())


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
    dates_start: dict[str, float] = field(default_factory=dict)
    dates: dict[str, float] = field(default_factory=dict)
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
            "loss": LOSS,
            "targets": list(self.shares),
            "loss_start": self.loss_start,
            "loss_result": self.loss,
            "shares_start": self.shares_start,
            "shares_result": self.shares,
            "dates_start": self.dates_start,
            "dates_result": self.dates,
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
) -> list[Scores]:
    """How each design row does on the targets (``runs`` seeds each)."""
    from sim.experiments.points import PointRunConfig

    runs = config.runs
    values = np.repeat(designs, runs, axis=0)
    seed_runs = np.tile(np.arange(runs), len(designs))
    options = dataclasses.replace(
        config.options, out=config.options.out / tag, force=True, progress=False
    )
    point_config = PointRunConfig(options=options, extra=scorer, seed_runs=seed_runs)
    table = run_points(config.scenario, list(config.keys), values, point_config)
    return scorer.scores(table, len(designs))


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
    (first,) = evaluate(config, scorer, current[None, :], run_points, "start")
    best = first
    progress(f"start: loss {first.loss:.3f}")
    history: list[dict[str, Any]] = []
    for sweep in range(config.sweeps):
        for i, key in enumerate(keys):
            grid = np.linspace(table[key].low, table[key].high, config.grid)
            designs = np.repeat(current[None, :], len(grid), axis=0)
            designs[:, i] = grid
            scores = evaluate(config, scorer, designs, run_points, f"s{sweep}-{i}")
            losses = [s.loss for s in scores]
            k = int(np.argmin(losses))
            if losses[k] < best.loss:
                current[i], best = grid[k], scores[k]
            history.append(
                {"sweep": sweep, "parameter": key, "grid": grid.tolist(), "losses": losses}
            )
            progress(f"sweep {sweep + 1}, {key} = {current[i]:g}: loss {best.loss:.3f}")
    return CalibrationResult(
        values=dict(zip(keys, current.tolist(), strict=True)),
        start=dict(zip(keys, start.tolist(), strict=True)),
        loss_start=first.loss,
        loss=best.loss,
        shares_start=first.shares.to_dict(),
        shares=best.shares.to_dict(),
        dates_start=first.dates.to_dict(),
        dates=best.dates.to_dict(),
        history=history,
    )
