"""Headline intervals that include parameter uncertainty (analysis.summary.over_members)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.summary import over_members, scenario_summary, wilson_over_runs

MEMBERS = np.repeat(np.arange(20), 10)  # 20 ensemble members, 10 runs each


def outcomes(with_members: bool = True) -> pd.DataFrame:
    table = pd.DataFrame({"scenario": ["b"] * len(MEMBERS)})
    if with_members:
        table["ensemble_member"] = MEMBERS
    return table


def width(interval: tuple[float, float]) -> float:
    return interval[1] - interval[0]


def test_between_member_variance_widens_the_interval() -> None:
    source = over_members(outcomes())
    by_member = (MEMBERS < 10).astype(float)  # half the members always, half never
    mixed = np.random.default_rng(0).permutation(by_member)  # same share, no member effect
    clustered, independent = source.share("b", "k", by_member), source.share("b", "k", mixed)
    assert clustered[0] < 0.5 < clustered[1] and independent[0] < 0.5 < independent[1]
    assert width(clustered) > 2 * width(independent)
    assert width(clustered) > 2 * width(wilson_over_runs("b", "k", by_member))


def test_no_share_is_a_bare_zero_or_one() -> None:
    source = over_members(outcomes())
    low, high = source.share("b", "k", np.zeros(len(MEMBERS)))
    assert low == 0.0 and high > 0.005
    low, high = source.share("b", "k", np.ones(len(MEMBERS)))
    assert low < 0.995 and high == 1.0


def test_without_members_every_run_is_its_own_draw() -> None:
    source = over_members(outcomes(with_members=False))
    hits = (MEMBERS < 10).astype(float)
    low, high = source.share("b", "k", hits)
    assert low < 0.5 < high and width((low, high)) < 0.2
    assert "runs, each with its own parameter draw" in source.description


def test_the_summary_table_takes_the_source_and_is_seeded() -> None:
    table = outcomes()
    table["regime_collapsed"] = MEMBERS < 10
    first = scenario_summary(table, pd.Timestamp("2024-11-27").date(), ["b"], over_members(table))
    again = scenario_summary(table, pd.Timestamp("2024-11-27").date(), ["b"], over_members(table))
    assert first["p_collapse_low"].iloc[0] == again["p_collapse_low"].iloc[0]
    assert first["p_collapse_high"].iloc[0] - first["p_collapse_low"].iloc[0] > 0.3
