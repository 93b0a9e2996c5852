"""Scenario discovery: under which drawn parameters does an outcome happen? PRIM (Friedman &
Fisher 1999) from the EMA Workbench, on the parameter columns of ``outcomes.parquet``.

A *case* is a run in which the outcome of interest happens: a yes/no outcome equal to the chosen
answer, or a numeric outcome at or above a threshold (below it with ``case="no"``). PRIM peels
the parameter space to a box where cases are dense. Each box is reported with its
**coverage** (share of all cases inside the box), **density** (share of the runs in the box that
are cases) and **mass** (share of all runs in the box), and the limits of the parameters it
restricts.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.folder import AnalysisError, as_float
from analysis.labels import BINARY_OUTCOMES, label
from analysis.tables import binary_indicators

NEGATIONS = {"regime_collapsed": "the regime survives to the last day"}
"""How a case reads when it is the answer no (default: "not: <phrase>")."""
MAX_BOXES = 3
MIN_RUNS = 20
TARGET_DENSITY = 0.8
"""A box is reported at the widest step of its peeling that is at least this dense."""


@dataclass(frozen=True)
class Box:
    """One PRIM box: its statistics and the limits of the parameters it restricts."""

    coverage: float
    density: float
    mass: float
    n_runs: int
    n_cases: int
    limits: pd.DataFrame  # parameter, low, high, full_low, full_high


@dataclass
class Discovery:
    """What PRIM found for one outcome in one set of runs."""

    outcome: str
    case: str  # how a case is defined, in words
    scenario: str | None
    n_runs: int
    n_cases: int
    parameters: list[str]
    boxes: list[Box] = field(default_factory=list)
    trajectory: pd.DataFrame | None = None  # the first box's peeling trajectory

    @property
    def base_density(self) -> float:
        """The share of cases among all runs (what a box must beat)."""
        return self.n_cases / self.n_runs if self.n_runs else float("nan")


def parameter_columns(outcomes: pd.DataFrame) -> list[str]:
    """The drawn parameters: dotted numeric columns that vary across runs."""
    found = []
    for column in outcomes.columns:
        if "." not in column:
            continue
        values = pd.to_numeric(outcomes[column], errors="coerce")
        if values.notna().all() and values.nunique() > 1:
            found.append(column)
    return sorted(found)


def case_flags(
    outcomes: pd.DataFrame, outcome: str, threshold: float | None, case: str
) -> tuple[np.ndarray, str]:
    """Per run, whether it is a case; and the definition in words. Raises AnalysisError when the
    outcome is unknown, not yes/no without a threshold, or has missing values."""
    named = {o.name: o for o in BINARY_OUTCOMES}
    if outcome in named and outcome not in outcomes.columns:
        values = binary_indicators(outcomes)[outcome]
    elif outcome in outcomes.columns:
        values = as_float(outcomes[outcome].reset_index(drop=True))
    else:
        raise AnalysisError(f"--outcome {outcome!r}: no such outcome in outcomes.parquet")
    is_yes_no = set(values.dropna().unique()) <= {0.0, 1.0}
    if threshold is None and not is_yes_no:
        raise AnalysisError(
            f"--outcome {outcome!r} is numeric: give --threshold (a case is a value >= threshold)"
        )
    known = values.notna()
    if threshold is not None:
        flags = (values >= threshold).to_numpy()
        words = f"{label(outcome).lower()} ≥ {threshold:g}"
        words = words if case == "yes" else f"{label(outcome).lower()} < {threshold:g}"
    else:
        flags = (values == 1.0).to_numpy()
        phrase = named[outcome].phrase if outcome in named else f"{label(outcome).lower()}"
        words = phrase if case == "yes" else NEGATIONS.get(outcome, f"not: {phrase}")
    if case == "no":
        flags = ~flags
    return flags & known.to_numpy(), words


def choose_point(trajectory: pd.DataFrame, target: float) -> int:
    """The trajectory step to report: the largest coverage among boxes at least ``target`` dense
    (the densest of those that tie), else the densest."""
    dense = trajectory[trajectory["density"] >= target]
    if dense.empty:
        return int(trajectory["density"].idxmax())
    best = dense[dense["coverage"] == dense["coverage"].max()]
    return int(best["density"].idxmax())


def box_limits(box_lims: pd.DataFrame, full: pd.DataFrame) -> pd.DataFrame:
    """The parameters a box restricts, with its limits and the full range."""
    rows = []
    for column in full.columns:
        low, high = float(box_lims.loc[0, column]), float(box_lims.loc[1, column])
        full_low, full_high = float(full.loc[0, column]), float(full.loc[1, column])
        if low > full_low or high < full_high:
            rows.append((column, low, high, full_low, full_high))
    return pd.DataFrame(rows, columns=["parameter", "low", "high", "full_low", "full_high"])


def run_prim(
    x: pd.DataFrame, y: np.ndarray, target: float, mass_min: float = 0.05
) -> tuple[list[Box], pd.DataFrame | None]:
    """Find up to :data:`MAX_BOXES` boxes (EMA Workbench's PRIM, one after another)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "ipyparallel not installed", pandas deprecations
        try:
            from ema_workbench.analysis import prim
        except ImportError as error:
            raise AnalysisError(
                "scenario discovery needs the EMA Workbench: pip install -e '.[discovery]'"
            ) from error
        logging.getLogger("EMA").setLevel(logging.ERROR)
        finder = prim.Prim(x, y, threshold=target, mass_min=mass_min)
        boxes, first_trajectory = [], None
        for _ in range(MAX_BOXES):
            box = finder.find_box()
            if box is None:
                break
            trajectory = box.peeling_trajectory.reset_index(drop=True)
            step = choose_point(trajectory, target)
            if trajectory.loc[step, "density"] <= y.mean():
                break  # no better than the runs at large: nothing left to find
            box.select(step)
            in_box = box.yi
            boxes.append(
                Box(
                    coverage=float(trajectory.loc[step, "coverage"]),
                    density=float(trajectory.loc[step, "density"]),
                    mass=float(trajectory.loc[step, "mass"]),
                    n_runs=len(in_box),
                    n_cases=int(y[in_box].sum()),
                    limits=box_limits(box.box_lims[step], box.box_lims[0]),
                )
            )
            first_trajectory = trajectory if first_trajectory is None else first_trajectory
    return boxes, first_trajectory


def discover(
    outcomes: pd.DataFrame,
    outcome: str,
    threshold: float | None = None,
    case: str = "yes",
    scenario: str | None = None,
    target: float | None = None,
) -> Discovery:
    """PRIM boxes for the cases of ``outcome`` among the runs (of ``scenario`` if given).

    ``target``: the density a box should reach (default :data:`TARGET_DENSITY`, or halfway
    between the share of cases and 1 when cases are already that common). Raises
    :class:`AnalysisError` with the reason when the runs cannot support it.
    """
    if case not in ("yes", "no"):
        raise AnalysisError(f"--case {case!r}: use yes or no")
    runs = outcomes if scenario is None else outcomes[outcomes["scenario"] == scenario]
    if scenario is not None and runs.empty:
        names = ", ".join(dict.fromkeys(outcomes["scenario"].astype(str)))
        raise AnalysisError(f"--scenario {scenario!r}: no such scenario in the batch ({names})")
    runs = runs.reset_index(drop=True)
    flags, words = case_flags(runs, outcome, threshold, case)
    parameters = parameter_columns(runs)
    found = Discovery(outcome, words, scenario, len(runs), int(flags.sum()), parameters)
    if not parameters:
        raise AnalysisError("outcomes.parquet has no drawn parameter that varies across runs")
    if len(runs) < MIN_RUNS or found.n_cases == 0 or found.n_cases == len(runs):
        raise AnalysisError(
            f"PRIM needs at least {MIN_RUNS} runs with both cases and non-cases: "
            f"{found.n_cases} of {len(runs)} runs are cases ({words})"
        )
    x = runs[parameters].apply(pd.to_numeric).astype(float)
    goal = target if target is not None else max(TARGET_DENSITY, (found.base_density + 1) / 2)
    found.boxes, found.trajectory = run_prim(x, flags, goal)
    return found
