"""The README's headline table, on a hand-made outcome table with known answers."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from analysis.labels import BINARY_OUTCOMES, HEADLINE, HEADLINES
from analysis.stats import wilson_interval
from analysis.summary import COLUMNS, Z90, IntervalSource, markdown_table, scenario_summary
from sim.cli.demo import DEMO_RUNS, DEMO_SEED


def table() -> pd.DataFrame:
    nan = math.nan
    return pd.DataFrame(
        {
            "scenario": ["a", "a", "a", "a", "b", "b"],
            "regime_collapsed": [True, True, True, False, False, False],
            "regime_collapse_day": [10.0, 11.0, 12.0, nan, nan, nan],
            "iraqi_army_deployed": [False, False, False, True, True, True],
            "faction_fighters_peak": [1000.0, 1200.0, 1400.0, 1600.0, 2000.0, 2000.0],
            "factions_withdrew_before_collapse": [True, True, False, False, False, False],
            "iran_posture_final": ["let_go", "let_go", "press", "hedge", "press", "press"],
            "pmf_brigades_defected": [0, 0, 1, 0, 2, 0],
            "sudani_standing_final": [0.6, 0.7, 0.8, 0.9, 0.3, 0.5],
        }
    )


def test_summary_numbers():
    summary = scenario_summary(table(), dt.date(2024, 11, 27), ["a", "b"]).set_index("scenario")
    assert summary.loc["a", "p_collapse"] == 0.75
    assert summary.loc["a", "collapse_date"] == dt.date(2024, 12, 8)  # day 11
    assert summary.loc["a", "collapse_date_low"] == dt.date(2024, 12, 7)  # 5 % of days 10-12
    assert summary.loc["a", "p_army"] == 0.25 and summary.loc["b", "p_army"] == 1.0
    assert summary.loc["a", "median_peak_fighters"] == 1300
    assert (
        summary.loc["a", "p_iran_lets_go"] == 0.5 and summary.loc["b", "p_brigade_defects"] == 0.5
    )
    assert math.isclose(summary.loc["a", "mean_standing"], 0.75)
    assert summary.loc["b", "collapse_date"] is None


def test_probabilities_carry_a_90_percent_wilson_interval():
    summary = scenario_summary(table(), dt.date(2024, 11, 27), ["a"]).iloc[0]
    low, high = wilson_interval(3, 4, z=Z90)
    assert (summary["p_collapse_low"], summary["p_collapse_high"]) == (low, high)
    assert low < 0.75 < high and high - low < 0.9  # narrower than a 95 % interval
    assert high - low < wilson_interval(3, 4)[1] - wilson_interval(3, 4)[0]


def test_interval_source_is_pluggable():
    def ensemble(scenario, key, hits):
        return (0.1, 0.2) if key == "p_collapse" else (0.0, 1.0)

    source = IntervalSource("from an ensemble of parameter sets", ensemble)
    summary = scenario_summary(table(), dt.date(2024, 11, 27), ["a"], source).iloc[0]
    assert (summary["p_collapse_low"], summary["p_collapse_high"]) == (0.1, 0.2)
    assert "75 % (10–20)" in markdown_table(
        scenario_summary(table(), dt.date(2024, 11, 27), ["a"], source)
    )


def test_markdown_rows_and_formats():
    text = markdown_table(scenario_summary(table(), dt.date(2024, 11, 27), ["a", "b"]))
    lines = text.strip().splitlines()
    assert lines[0].startswith("| Scenario | Runs | P(regime collapses by 31 Dec) |")
    assert len(lines) == 4 and lines[2].startswith("| `a` | 4 (small sample) | 75 % (")
    assert "| 8 Dec (7–8 Dec; 3 runs) |" in lines[2]  # a date resting on 3 runs says so
    assert "| `b` | 2 (small sample) | 0 % (0–" in lines[3] and "| never |" in lines[3]


def test_every_label_has_one_definition_used_by_the_table_and_the_figures():
    assert len({m.label for m in HEADLINES}) == len(HEADLINES)
    header = markdown_table(scenario_summary(table(), dt.date(2024, 11, 27), ["a"])).split("\n")[0]
    for key in COLUMNS:
        assert f"| {HEADLINE[key].label} |" in header + "|"
    binary = {o.name: o.label for o in BINARY_OUTCOMES}
    assert binary["iran_lets_go"] == HEADLINE["p_iran_lets_go"].label == "P(Iran lets go)"
    assert "31 Dec" in HEADLINE["p_iran_lets_go"].definition
    assert binary["iran_let_go_at_any_point"] == "P(Iran lets go at any point)"
    assert binary["regime_collapsed"] == HEADLINE["p_collapse"].label


def test_readme_table_is_generated_and_covers_every_bundled_scenario():
    import re
    from pathlib import Path

    from sim.scenario import bundled_scenarios

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- results:start -->(.*?)<!-- results:end -->", readme, re.DOTALL)
    assert block, "README has no results block"
    text = block.group(1)
    assert "python scripts/update_readme_results.py" in text
    assert f"{DEMO_RUNS} seeded runs" in text and f"batch seed {DEMO_SEED};" in text
    assert "the same runs and seed as `make demo`" in text
    for measure in HEADLINES:
        assert f"**{measure.label}**: {measure.definition}" in text
    for path in bundled_scenarios():
        assert f"| `{path.stem}` |" in text, path.stem


def test_a_scenario_without_collapse_reads_never_with_timestamp_starts():
    """Per-scenario starts as timestamps (as the report passes them) make a column of dates,
    where a missing date is NaT."""
    starts = {"a": pd.Timestamp("2024-11-27"), "b": pd.Timestamp("2024-11-27")}
    text = markdown_table(scenario_summary(table(), starts, ["a", "b"]))
    assert "| never |" in text.splitlines()[3] and "| 8 Dec (7–8 Dec; 3 runs) |" in text
