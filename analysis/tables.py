"""Data preparation for the comparison figures and report: tidy tables, no drawing.

Each function takes the batch's tables and returns one tidy DataFrame (one row per scenario and
item). Figures that the batch cannot support raise :class:`FigureUnavailable` with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.folder import FigureUnavailable, as_float, outcome_columns
from analysis.labels import BINARY_OUTCOMES, CITIES, CITY_PREFIX, label
from analysis.stats import (
    BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
    bootstrap_mean_interval,
    cell_rng,
    share_reached_by,
    wilson_interval,
)

FAN_QUANTILES: dict[str, float] = {"q05": 0.05, "q25": 0.25, "q50": 0.5, "q75": 0.75, "q95": 0.95}


def day_dates(start: pd.Timestamp, days: pd.Series | np.ndarray) -> pd.Series:
    """Calendar dates of day numbers counted from ``start`` (NaN days give NaT)."""
    offsets = pd.to_timedelta(np.asarray(days, dtype=float), unit="D")
    return pd.Series(start + offsets)


def scenario_dates(
    scenarios: pd.Series, days: pd.Series, starts: Mapping[str, pd.Timestamp]
) -> pd.Series:
    """Calendar dates of day numbers, each counted from its own scenario's day 0."""
    offsets = pd.to_timedelta(days.astype(float), unit="D")
    return pd.to_datetime(scenarios.map(starts)) + offsets


def require_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise :class:`FigureUnavailable` unless ``table`` has every column."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise FigureUnavailable(f"{what} has no column {', '.join(missing)}")


def collapse_ecdf(
    outcomes: pd.DataFrame,
    starts: Mapping[str, pd.Timestamp],
    last_day: int | None = None,
) -> pd.DataFrame:
    """Share of each scenario's runs in which the regime has collapsed by each day of the period.

    One row per scenario and day 0…``last_day`` (default: the latest collapse day): ``scenario,
    day, date, share_collapsed, n_runs, n_collapsed``. Runs without a collapse keep the curve below
    1 (``1 - share_collapsed`` on the last day is the share without collapse).
    """
    outcomes = outcomes.reset_index(drop=True)
    require_columns(outcomes, ["regime_collapse_day"], "outcomes.parquet")
    collapse_days = as_float(outcomes["regime_collapse_day"])
    observed_last = np.nanmax(collapse_days.to_numpy()) if collapse_days.notna().any() else 0
    days = np.arange(int(max(last_day or 0, observed_last)) + 1)
    frames = []
    for scenario, group in collapse_days.groupby(outcomes["scenario"], sort=False):
        values = group.to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "scenario": scenario,
                    "day": days,
                    "date": day_dates(starts[scenario], days),
                    "share_collapsed": share_reached_by(values, days, len(values)),
                    "n_runs": len(values),
                    "n_collapsed": int(np.sum(~np.isnan(values))),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def binary_indicators(outcomes: pd.DataFrame) -> pd.DataFrame:
    """The yes/no outcomes as 0/1 floats (NaN when unknown), one column per available outcome."""
    outcomes = outcomes.reset_index(drop=True)
    indicators = pd.DataFrame(index=outcomes.index)
    for outcome in BINARY_OUTCOMES:
        if outcome.column not in outcomes.columns:
            continue
        if outcome.rule == "let_go":
            text = outcomes[outcome.column]
            indicators[outcome.name] = (text == "let_go").astype(float).where(text.notna())
            continue
        values = as_float(outcomes[outcome.column])
        if outcome.rule == "positive":
            values = (values > 0).astype(float).where(values.notna())
        elif outcome.rule == "happened":
            values = values.notna().astype(float)
        else:
            values = (values != 0).astype(float).where(values.notna())
        indicators[outcome.name] = values
    return indicators


def binary_outcome_shares(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and yes/no outcome: share of runs with 95 % Wilson interval.

    Columns ``scenario, outcome, label, successes, n, share, ci_low, ci_high``.
    """
    outcomes = outcomes.reset_index(drop=True)
    indicators = binary_indicators(outcomes)
    if indicators.empty:
        names = ", ".join(o.column for o in BINARY_OUTCOMES)
        raise FigureUnavailable(f"outcomes.parquet has none of the yes/no outcomes ({names})")
    labels = {o.name: o.label for o in BINARY_OUTCOMES}
    rows = []
    for scenario, group in indicators.groupby(outcomes["scenario"], sort=False):
        for name in indicators.columns:
            known = group[name].dropna()
            successes, n = int(known.sum()), len(known)
            low, high = wilson_interval(successes, n)
            share = successes / n if n else np.nan
            rows.append((scenario, name, labels[name], successes, n, share, low, high))
    columns = ["scenario", "outcome", "label", "successes", "n", "share", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns)


def comparable_values(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Every outcome column as floats, plus the derived yes/no indicators, by scenario and run."""
    outcomes = outcomes.reset_index(drop=True)
    values = pd.DataFrame({c: as_float(outcomes[c]) for c in outcome_columns(outcomes)})
    derived = binary_indicators(outcomes)
    values = values.join(derived.drop(columns=[c for c in derived if c in values]))
    values.insert(0, "run", outcomes["run"].to_numpy())
    values.insert(0, "scenario", outcomes["scenario"].astype(str).to_numpy())
    return values


def paired_differences(
    outcomes: pd.DataFrame,
    baseline: str,
    columns: Sequence[str],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """Scenario minus baseline, run by run (paired on ``run``), with bootstrap 95 % intervals.

    Pairs where either side is NaN are dropped (``n_dropped``). Columns ``scenario, outcome,
    n_pairs, n_dropped, mean_baseline, mean_scenario, mean_diff, ci_low, ci_high,
    standardised_diff`` (difference over the pooled SD of both sides' paired values).
    """
    outcomes = outcomes.reset_index(drop=True)
    values = comparable_values(outcomes)
    present = [c for c in columns if c in values.columns]
    base = values[values["scenario"] == baseline]
    rows = []
    for scenario, group in values.groupby("scenario", sort=False):
        if scenario == baseline:
            continue
        pairs = group.merge(base, on="run", how="inner", suffixes=("_s", "_b"))
        for column in present:
            rows.append(_paired_row(scenario, column, pairs, resamples, seed))
    columns_out = [
        "scenario",
        "outcome",
        "n_pairs",
        "n_dropped",
        "mean_baseline",
        "mean_scenario",
        "mean_diff",
        "ci_low",
        "ci_high",
        "standardised_diff",
    ]
    return pd.DataFrame(rows, columns=columns_out)


def _paired_row(
    scenario: str, column: str, pairs: pd.DataFrame, resamples: int, seed: int
) -> tuple[Any, ...]:
    """One row of :func:`paired_differences`."""
    both = pairs[[f"{column}_s", f"{column}_b"]].dropna()
    scen, base = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
    diffs = scen - base
    low, high = bootstrap_mean_interval(diffs, cell_rng(seed, scenario, column), resamples)
    mean_diff = float(diffs.mean()) if len(diffs) else np.nan
    pooled_sd = float(np.concatenate([scen, base]).std()) if len(diffs) else np.nan
    standardised = standardised_difference(mean_diff, pooled_sd)
    return (
        scenario,
        column,
        len(both),
        len(pairs) - len(both),
        float(base.mean()) if len(base) else np.nan,
        float(scen.mean()) if len(scen) else np.nan,
        mean_diff,
        low,
        high,
        standardised,
    )


def standardised_difference(mean_diff: float, pooled_sd: float) -> float:
    """A difference in pooled standard deviations (infinite when both sides are constant)."""
    if np.isnan(mean_diff):
        return np.nan
    if pooled_sd > 0:
        return mean_diff / pooled_sd
    return float(np.sign(mean_diff) * np.inf) if mean_diff else 0.0


def fan_quantiles(
    timeseries: pd.DataFrame | None,
    variables: Sequence[str],
    starts: Mapping[str, pd.Timestamp],
) -> pd.DataFrame:
    """Per scenario, variable and day: the 5/25/50/75/95 % quantiles over runs.

    Columns ``scenario, variable, day, date, n_runs, q05, q25, q50, q75, q95``.
    """
    if timeseries is None:
        raise FigureUnavailable("timeseries.parquet not found (run the batch with --timeseries)")
    present = [v for v in variables if v in timeseries.columns]
    if not present:
        raise FigureUnavailable(f"timeseries.parquet has none of {', '.join(variables)}")
    long = timeseries.melt(id_vars=["scenario", "day"], value_vars=present, var_name="variable")
    long["value"] = as_float(long["value"])
    grouped = long.groupby(["scenario", "variable", "day"], sort=False)["value"]
    table = grouped.quantile(list(FAN_QUANTILES.values())).unstack()
    table.columns = list(FAN_QUANTILES)
    table.insert(0, "n_runs", grouped.count())
    table = table.reset_index()
    table["day"] = table["day"].astype(int)
    table.insert(3, "date", scenario_dates(table["scenario"], table["day"], starts))
    order = {"variable": present, "scenario": list(dict.fromkeys(timeseries["scenario"]))}
    by_rank = {k: {name: i for i, name in enumerate(names)} for k, names in order.items()}
    table = table.sort_values(
        ["variable", "scenario", "day"],
        key=lambda c: c.map(by_rank[c.name]) if c.name in by_rank else c,
    )
    return table.reset_index(drop=True)


def historical_city_falls(resolved: Mapping[str, Any], start: pd.Timestamp) -> pd.DataFrame:
    """Historical fall days from the ``fall_day_*`` observables (middle of ``range``, or ``value``).

    Columns ``city, label, day, date``.
    """
    rows = []
    for observable in resolved.get("observables") or []:
        outcome = str(observable.get("outcome", ""))
        if not outcome.startswith(CITY_PREFIX):
            continue
        bounds, value = observable.get("range"), observable.get("value")
        day = (float(bounds[0]) + float(bounds[1])) / 2 if bounds else value
        if day is None:
            continue
        city = outcome.removeprefix(CITY_PREFIX)
        rows.append((city, CITIES.get(city, label(outcome)), float(day)))
    table = pd.DataFrame(rows, columns=["city", "label", "day"])
    table["date"] = day_dates(start, table["day"])
    return table


def city_fall_dates(outcomes: pd.DataFrame, starts: Mapping[str, pd.Timestamp]) -> pd.DataFrame:
    """Per scenario and city: share of runs in which it fell, median and 5–95 % range of the date.

    Columns ``scenario, city, label, n_runs, n_fell, share_fell, median_day, q05_day, q95_day,
    median_date, q05_date, q95_date`` (quantiles over the runs in which the city fell).
    """
    outcomes = outcomes.reset_index(drop=True)
    cities = [c for c in CITIES if f"{CITY_PREFIX}{c}" in outcomes.columns]
    if not cities:
        raise FigureUnavailable("outcomes.parquet has no fall_day_<city> column")
    rows = []
    for scenario, group in outcomes.groupby("scenario", sort=False):
        for city in cities:
            fell = as_float(group[f"{CITY_PREFIX}{city}"]).dropna().to_numpy()
            q05, median, q95 = np.quantile(fell, [0.05, 0.5, 0.95]) if len(fell) else [np.nan] * 3
            share = len(fell) / len(group)
            rows.append(
                (scenario, city, CITIES[city], len(group), len(fell), share, median, q05, q95)
            )
    columns = ["scenario", "city", "label", "n_runs", "n_fell", "share_fell"]
    table = pd.DataFrame(rows, columns=[*columns, "median_day", "q05_day", "q95_day"])
    for stat in ("median", "q05", "q95"):
        table[f"{stat}_date"] = scenario_dates(table["scenario"], table[f"{stat}_day"], starts)
    return table


def outcome_summary(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and outcome: mean (or share), median and an interval.

    Yes/no outcomes (booleans and the derived indicators) get their share with a 95 % Wilson
    interval; numeric ones their mean, median and 5–95 % range across runs. Columns ``scenario,
    outcome, statistic, n, n_missing, value, median, low, high``.
    """
    outcomes = outcomes.reset_index(drop=True)
    values = comparable_values(outcomes)
    binary = set(binary_indicators(outcomes).columns) | {
        c for c in outcome_columns(outcomes) if pd.api.types.is_bool_dtype(outcomes[c])
    }
    rows = []
    for scenario, group in values.groupby("scenario", sort=False):
        for column in values.columns[2:]:
            known = group[column].dropna().to_numpy()
            n, missing = len(known), len(group) - len(known)
            if column in binary:
                low, high = wilson_interval(int(known.sum()), n)
                statistic = "share"
            else:
                low, high = np.quantile(known, [0.05, 0.95]) if n else (np.nan, np.nan)
                statistic = "mean"
            mean = known.mean() if n else np.nan
            median = np.median(known) if n else np.nan
            rows.append((scenario, column, statistic, n, missing, mean, median, low, high))
    columns = ["scenario", "outcome", "statistic", "n", "n_missing", "value", "median"]
    return pd.DataFrame(rows, columns=[*columns, "low", "high"])
