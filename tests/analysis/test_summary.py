"""The README's headline table, on a hand-made outcome table with known answers."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from analysis.summary import markdown_table, scenario_summary


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
    assert summary.loc["a", "median_collapse"] == dt.date(2024, 12, 8)  # day 11
    assert summary.loc["a", "p_army"] == 0.25 and summary.loc["b", "p_army"] == 1.0
    assert summary.loc["a", "median_peak_fighters"] == 1300
    assert (
        summary.loc["a", "p_iran_lets_go"] == 0.5 and summary.loc["b", "p_brigade_defects"] == 0.5
    )
    assert math.isclose(summary.loc["a", "mean_standing"], 0.75)
    assert summary.loc["b", "median_collapse"] is None


def test_markdown_rows_and_formats():
    text = markdown_table(scenario_summary(table(), dt.date(2024, 11, 27), ["a", "b"]))
    lines = text.strip().splitlines()
    assert len(lines) == 4 and lines[2].startswith("| `a` | 4 | 75 % | 8 Dec |")
    assert "| `b` | 2 | 0 % | — | 100 % |" in lines[3]


def test_readme_table_is_generated_and_covers_every_bundled_scenario():
    import re
    from pathlib import Path

    from sim.scenario import bundled_scenarios

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- results:start -->(.*?)<!-- results:end -->", readme, re.DOTALL)
    assert block, "README has no results block"
    text = block.group(1)
    assert "python scripts/update_readme_results.py --runs" in text and "--seed" in text
    for path in bundled_scenarios():
        assert f"| `{path.stem}` |" in text, path.stem
