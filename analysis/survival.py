"""The collapse date as a time-to-event: Kaplan–Meier curves and restricted mean survival time.

A run's time is the number of days the regime stands from day 0: the collapse day when it
collapses (the event), else the whole period (censored on the last day, 31 Dec in the bundled
scenarios). Runs in which the regime survives therefore count, unlike a mean of collapse days
over the runs that collapse. The restricted mean survival time (RMST) is the mean number of days
the regime stands within the period; with censoring only at the end of the period it equals the
mean of the run times, so paired differences of run times are paired differences of RMST.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.utils import restricted_mean_survival_time

from analysis.folder import FigureUnavailable, as_float

STANDING = "regime_days_standing"
"""The derived outcome: days the regime stands within the period (the period length if it
survives)."""

LEVEL = 0.90


def horizon_days(start: pd.Timestamp, end: pd.Timestamp | None, fallback: int = 35) -> int:
    """The number of days in a period, first and last included (35 for 27 Nov–31 Dec)."""
    return fallback if end is None else int((end - start).days) + 1


def standing_times(outcomes: pd.DataFrame, horizons: Mapping[str, int]) -> pd.DataFrame:
    """Per run: ``scenario, run, days`` standing (capped at the horizon) and ``collapsed``."""
    if "regime_collapse_day" not in outcomes.columns:
        raise FigureUnavailable("outcomes.parquet has no column regime_collapse_day")
    collapse = as_float(outcomes["regime_collapse_day"].reset_index(drop=True))
    scenario = outcomes["scenario"].astype(str).reset_index(drop=True)
    horizon = scenario.map(horizons).astype(float)
    collapsed = collapse.notna() & (collapse < horizon)
    return pd.DataFrame(
        {
            "scenario": scenario,
            "run": outcomes["run"].to_numpy(),
            "days": np.where(collapsed, collapse, horizon),
            "collapsed": collapsed.to_numpy(),
        }
    )


def with_days_standing(outcomes: pd.DataFrame, horizons: Mapping[str, int]) -> pd.DataFrame:
    """``outcomes`` with the derived column :data:`STANDING` (for paired differences)."""
    times = standing_times(outcomes, horizons)
    return outcomes.reset_index(drop=True).assign(**{STANDING: times["days"].to_numpy()})


def fitted(days: np.ndarray, collapsed: np.ndarray, horizon: int) -> KaplanMeierFitter:
    """A Kaplan–Meier fit on the daily timeline 0…horizon, with 90 % intervals."""
    fitter = KaplanMeierFitter(alpha=1 - LEVEL)
    return fitter.fit(days, collapsed, timeline=np.arange(horizon + 1))


def km_curves(
    outcomes: pd.DataFrame,
    starts: Mapping[str, pd.Timestamp],
    horizons: Mapping[str, int],
) -> pd.DataFrame:
    """Per scenario and day: the share of runs in which the regime still stands (Kaplan–Meier)
    with its 90 % interval. Columns ``scenario, day, date, standing, ci_low, ci_high, n_runs,
    n_collapsed, rmst, horizon``; ``rmst`` is the scenario's restricted mean survival time."""
    times = standing_times(outcomes, horizons)
    frames = []
    for scenario, group in times.groupby("scenario", sort=False):
        horizon = horizons[str(scenario)]
        fit = fitted(group["days"].to_numpy(), group["collapsed"].to_numpy(), horizon)
        band = fit.confidence_interval_survival_function_
        days = np.arange(horizon + 1)
        frames.append(
            pd.DataFrame(
                {
                    "scenario": scenario,
                    "day": days,
                    "date": starts[str(scenario)] + pd.to_timedelta(days, unit="D"),
                    "standing": fit.survival_function_.iloc[:, 0].to_numpy(),
                    "ci_low": band.iloc[:, 0].to_numpy(),
                    "ci_high": band.iloc[:, 1].to_numpy(),
                    "n_runs": len(group),
                    "n_collapsed": int(group["collapsed"].sum()),
                    "rmst": float(restricted_mean_survival_time(fit, t=horizon)),
                    "horizon": horizon,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def most_different(km: pd.DataFrame, baseline: str, count: int = 3) -> list[str]:
    """The ``count`` scenarios whose RMST differs most from the baseline's (ties by name)."""
    rmst = km.drop_duplicates("scenario").set_index("scenario")["rmst"]
    if baseline not in rmst.index:
        return []
    gaps = (rmst.drop(baseline) - rmst[baseline]).abs()
    ranked = sorted(gaps.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in ranked[:count]]
