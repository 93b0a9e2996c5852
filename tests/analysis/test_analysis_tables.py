"""Data preparation of the comparison figures, on tiny hand-made tables with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.stats import bootstrap_mean_interval, cell_rng, share_reached_by, wilson_interval
from analysis.tables import (
    binary_outcome_shares,
    city_fall_dates,
    collapse_ecdf,
    fan_quantiles,
    historical_city_falls,
    outcome_summary,
    paired_differences,
)

START = pd.Timestamp("2024-11-27")


def outcomes(rows: dict[str, list], scenario: str = "baseline") -> pd.DataFrame:
    """An outcomes table of one scenario, runs numbered from 0."""
    n = len(next(iter(rows.values())))
    return pd.DataFrame({"scenario": scenario, "run": np.arange(n, dtype="int64"), **rows})


# --- Wilson intervals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (5, 10, 0.236593, 0.763407),  # symmetric around 1/2
        (0, 10, 0.0, 0.277533),  # upper bound z²/(n + z²)
        (10, 10, 0.722467, 1.0),
        (62, 100, 0.522098, 0.709024),
    ],
)
def test_wilson_interval_matches_the_closed_form(successes, n, low, high):
    assert wilson_interval(successes, n) == pytest.approx((low, high), abs=1e-6)


@pytest.mark.parametrize(("successes", "n"), [(1, 3), (17, 40), (97, 100), (480, 500)])
def test_wilson_interval_agrees_with_scipy(successes, n):
    stats = pytest.importorskip("scipy.stats")
    expected = stats.binomtest(successes, n).proportion_ci(method="wilson")
    assert wilson_interval(successes, n) == pytest.approx((expected.low, expected.high))


def test_wilson_interval_of_no_runs_is_undefined():
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_binary_outcome_shares_derive_defection_and_letgo():
    table = outcomes(
        {
            "regime_collapsed": [True, True, False, True],
            "pmf_brigades_defected": [0, 2, 0, 1],
            "iran_letgo_day": [9.0, np.nan, np.nan, np.nan],
        }
    )
    shares = binary_outcome_shares(table).set_index("outcome")
    assert shares.loc["regime_collapsed", ["successes", "n", "share"]].tolist() == [3, 4, 0.75]
    assert shares.loc["pmf_brigade_defected", "share"] == 0.5
    assert shares.loc["iran_let_go_at_any_point", "share"] == 0.25
    low, high = wilson_interval(3, 4)
    assert shares.loc["regime_collapsed", ["ci_low", "ci_high"]].tolist() == [low, high]
    assert "shrines_attacked" not in shares.index  # absent columns are skipped


# --- ECDF of collapse days --------------------------------------------------------------------


def test_share_reached_by_counts_runs_without_event_in_the_denominator():
    days = np.array([3.0, 5.0, 5.0, np.nan])
    got = share_reached_by(days, np.arange(7), 4)
    assert got.tolist() == [0, 0, 0, 0.25, 0.25, 0.75, 0.75]


def test_collapse_ecdf_is_a_daily_step_function_with_calendar_dates():
    table = pd.concat(
        [
            outcomes({"regime_collapse_day": [3.0, 5.0, 5.0, np.nan]}),
            outcomes({"regime_collapse_day": [np.nan, np.nan]}, scenario="never"),
        ]
    )
    starts = {"baseline": START, "never": pd.Timestamp("2024-12-01")}
    ecdf = collapse_ecdf(table, starts, last_day=6)
    base = ecdf[ecdf["scenario"] == "baseline"]
    assert base["share_collapsed"].tolist() == [0, 0, 0, 0.25, 0.25, 0.75, 0.75]
    assert base["date"].iloc[3] == pd.Timestamp("2024-11-30")
    assert base[["n_runs", "n_collapsed"]].iloc[0].tolist() == [4, 3]
    never = ecdf[ecdf["scenario"] == "never"]
    assert never["share_collapsed"].eq(0).all() and len(never) == 7
    assert never["date"].iloc[0] == pd.Timestamp("2024-12-01")  # each scenario's own day 0


# --- paired differences -----------------------------------------------------------------------


def test_paired_differences_pair_on_run_not_on_row_order():
    base = outcomes({"faction_fighters_peak": [1.0, 2.0, 3.0, 4.0]})
    scen = outcomes({"faction_fighters_peak": [2.0, 3.0, 4.0, 5.0]}, scenario="more").iloc[::-1]
    diffs = paired_differences(pd.concat([base, scen]), "baseline", ["faction_fighters_peak"])
    row = diffs.iloc[0]
    assert (row["scenario"], row["n_pairs"], row["n_dropped"]) == ("more", 4, 0)
    assert row["mean_diff"] == 1.0
    assert (row["ci_low"], row["ci_high"]) == (1.0, 1.0)  # every pair differs by exactly 1
    assert (row["mean_baseline"], row["mean_scenario"]) == (2.5, 3.5)


def test_paired_differences_drop_pairs_with_a_missing_side():
    base = outcomes({"regime_collapse_day": [1.0, np.nan, 3.0, 4.0]})
    scen = outcomes({"regime_collapse_day": [3.0, 5.0, np.nan, 8.0]}, scenario="late")
    row = paired_differences(pd.concat([base, scen]), "baseline", ["regime_collapse_day"]).iloc[0]
    assert (row["n_pairs"], row["n_dropped"]) == (2, 2)  # runs 0 and 3 remain: diffs 2 and 4
    assert row["mean_diff"] == 3.0
    assert 2.0 <= row["ci_low"] <= 3.0 <= row["ci_high"] <= 4.0


def test_paired_differences_of_booleans_are_differences_of_shares():
    base = outcomes({"regime_collapsed": [True, True, True, True]})
    scen = outcomes({"regime_collapsed": [True, False, False, True]}, scenario="s")
    row = paired_differences(pd.concat([base, scen]), "baseline", ["regime_collapsed"]).iloc[0]
    assert row["mean_diff"] == -0.5


def test_paired_differences_are_reproducible_and_cover_the_mean():
    rng = np.random.default_rng(3)
    base = outcomes({"axis_cohesion_final": rng.normal(0, 1, 400)})
    scen = outcomes({"axis_cohesion_final": base["axis_cohesion_final"] + rng.normal(0.5, 1, 400)})
    scen["scenario"] = "s"
    table = pd.concat([base, scen])
    first = paired_differences(table, "baseline", ["axis_cohesion_final"]).iloc[0]
    again = paired_differences(table, "baseline", ["axis_cohesion_final"]).iloc[0]
    assert first.equals(again)
    assert first["ci_low"] < first["mean_diff"] < first["ci_high"]
    # Normal theory: half-width ≈ 1.96 · sd / √n = 1.96 · 1 / 20 ≈ 0.098.
    assert (first["ci_high"] - first["ci_low"]) / 2 == pytest.approx(0.098, abs=0.015)


def test_bootstrap_of_an_empty_sample_is_undefined():
    low, high = bootstrap_mean_interval(np.array([]), cell_rng(1, "a", "b"))
    assert math.isnan(low) and math.isnan(high)


# --- fan charts -------------------------------------------------------------------------------


def test_fan_quantiles_are_linear_interpolation_quantiles_over_runs():
    series = pd.DataFrame(
        {
            "scenario": "baseline",
            "run": np.repeat(np.arange(5), 2),
            "day": np.tile([0, 1], 5),
            "regime_cohesion": [0.0, 1.0, 1.0, 1.0, 2.0, 1.0, 3.0, 1.0, 4.0, 1.0],
        }
    )
    fan = fan_quantiles(series, ["regime_cohesion", "iran_pressure"], {"baseline": START})
    day0 = fan[fan["day"] == 0].iloc[0]
    assert day0[["q05", "q25", "q50", "q75", "q95"]].tolist() == pytest.approx([0.2, 1, 2, 3, 3.8])
    assert day0["n_runs"] == 5 and day0["variable"] == "regime_cohesion"
    assert fan[fan["day"] == 1]["q05"].iloc[0] == 1.0
    assert fan["date"].tolist() == [START, START + pd.Timedelta(days=1)]


# --- city falls -------------------------------------------------------------------------------


def test_city_fall_dates_use_runs_in_which_the_city_fell():
    table = outcomes({"fall_day_aleppo": [2.0, 3.0, 4.0, np.nan], "fall_day_hama": [np.nan] * 4})
    cities = city_fall_dates(table, {"baseline": START}).set_index("city")
    assert cities.loc["aleppo", ["n_runs", "n_fell", "share_fell", "median_day"]].tolist() == [
        4,
        3,
        0.75,
        3.0,
    ]
    assert cities.loc["aleppo", "median_date"] == pd.Timestamp("2024-11-30")
    assert cities.loc["aleppo", "q05_day"] == pytest.approx(2.1)
    assert pd.isna(cities.loc["hama", "median_date"])


def test_historical_city_falls_take_the_middle_of_a_range_or_the_value():
    resolved = {
        "observables": [
            {"id": "a", "outcome": "fall_day_aleppo", "value": 3, "range": None},
            {"id": "h", "outcome": "fall_day_hama", "value": None, "range": [8, 9]},
            {"id": "c", "outcome": "regime_collapse_day", "value": 11, "range": None},
        ]
    }
    history = historical_city_falls(resolved, START).set_index("city")
    assert history["day"].to_dict() == {"aleppo": 3.0, "hama": 8.5}
    assert history.loc["aleppo", "date"] == pd.Timestamp("2024-11-30")


# --- summary ----------------------------------------------------------------------------------


def test_outcome_summary_gives_shares_for_yes_no_and_means_for_numbers():
    table = outcomes(
        {
            "regime_collapsed": [True, False, True, True],
            "regime_collapse_day": [10.0, np.nan, 12.0, 14.0],
        }
    )
    table["iran.commitment_to_assad"] = 0.5  # a drawn parameter, not an outcome
    summary = outcome_summary(table).set_index("outcome")
    assert "iran.commitment_to_assad" not in summary.index
    share = summary.loc["regime_collapsed"]
    assert (share["statistic"], share["value"]) == ("share", 0.75)
    assert (share["low"], share["high"]) == wilson_interval(3, 4)
    day = summary.loc["regime_collapse_day"]
    assert day[["statistic", "n", "n_missing", "value", "median"]].tolist() == [
        "mean",
        3,
        1,
        12.0,
        12.0,
    ]
    assert day["low"] == pytest.approx(10.2) and day["high"] == pytest.approx(13.8)
