"""The indices of a sensitivity design's runs (:mod:`sim.experiments.sensitivity`): SALib's Morris
μ*, σ or Sobol' S1, ST per outcome and factor, written as tables and figures.
See ``docs/sensitivity.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.experiments.shared import CHANCE, MORRIS_LEVELS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sim.experiments.sensitivity import Factor, Method, SensitivityRuns

INDEX_COLUMNS: dict[str, tuple[str, ...]] = {
    "morris": ("mu_star", "mu_star_conf", "sigma", "mu"),
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
}


# Indices --------------------------------------------------------------------------------
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


def analyse_runs(runs: SensitivityRuns) -> SensitivityResult:
    """The indices of a design's runs, as a result ready to write."""
    indices = indices_table(
        runs.method, runs.problem, runs.factors, runs.x, runs.table, runs.outcomes,
        runs.period_days, runs.seed,
    )  # fmt: skip
    return SensitivityResult(
        runs.out, indices, runs.factors, runs.outcomes, len(runs.x), 0.0, runs.seed_runs
    )


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
