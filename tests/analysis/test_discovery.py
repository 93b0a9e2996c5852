"""Scenario discovery (PRIM, EMA Workbench): boxes on a synthetic table with a known answer, the
errors it reports, and ``axis-sim discover`` on a small real batch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

pytest.importorskip("ema_workbench", reason="pip install -e '.[discovery]'")

from analysis.discovery import discover
from analysis.discovery_report import boxes_table, plot_discovery, sentences
from analysis.figure_text import clipped_texts
from analysis.folder import AnalysisError


def known_answer(n: int = 1000, seed: int = 3) -> pd.DataFrame:
    """Cases exactly where a.x1 > 0.7 and a.x2 < 0.3; b.x3 is noise."""
    rng = np.random.default_rng(seed)
    x1, x2, x3 = rng.random(n), rng.random(n), rng.random(n)
    return pd.DataFrame(
        {
            "scenario": "s",
            "run": np.arange(n),
            "a.x1": x1,
            "a.x2": x2,
            "b.x3": x3,
            "regime_collapsed": ~((x1 > 0.7) & (x2 < 0.3)),
            "fighters": 1000 + 2000 * x3,
        }
    )


@pytest.fixture(scope="module")
def found():
    return discover(known_answer(), "regime_collapsed", case="no")


def test_prim_finds_the_known_box(found):
    box = found.boxes[0]
    limits = box.limits.set_index("parameter")
    assert sorted(limits.index) == ["a.x1", "a.x2"]  # the noise parameter is left free
    assert abs(limits.loc["a.x1", "low"] - 0.7) < 0.05 and limits.loc["a.x1", "high"] >= 0.99
    assert abs(limits.loc["a.x2", "high"] - 0.3) < 0.06 and limits.loc["a.x2", "low"] <= 0.01
    assert box.coverage >= 0.9 and box.density >= 0.8
    assert found.case == "the regime survives to the last day"
    assert 0.05 < found.base_density < 0.15


def test_boxes_are_written_in_words_and_drawn(found):
    table = boxes_table(found)
    assert table.loc[0, "limits"].startswith("`a.x1` ≥ 0.")
    assert "(density)" in sentences(found)[0] and "(coverage)" in sentences(found)[0]
    assert clipped_texts(plot_discovery(found)) == []


def test_a_numeric_outcome_needs_a_threshold():
    with pytest.raises(AnalysisError, match="--threshold"):
        discover(known_answer(), "fighters")
    above = discover(known_answer(), "fighters", threshold=2500)
    limits = above.boxes[0].limits.set_index("parameter")
    assert list(limits.index) == ["b.x3"] and abs(limits.loc["b.x3", "low"] - 0.75) < 0.05


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome": "nonsense"}, "no such outcome"),
        ({"outcome": "regime_collapsed", "scenario": "nope"}, "no such scenario"),
        ({"outcome": "regime_collapsed", "case": "maybe"}, "--case"),
    ],
)
def test_bad_requests_are_analysis_errors(kwargs, message):
    with pytest.raises(AnalysisError, match=message):
        discover(known_answer(100), **kwargs)


def test_no_parameter_columns_is_an_analysis_error():
    table = known_answer(100).drop(columns=["a.x1", "a.x2", "b.x3"])
    with pytest.raises(AnalysisError, match="no drawn parameter"):
        discover(table, "regime_collapsed")


@pytest.mark.slow
def test_discover_command_on_a_small_real_batch(tmp_path):
    from sim.batch import BatchConfig, run_batch
    from sim.cli.app import app

    folder = tmp_path / "b"
    # The army's lever splits the month between collapse and survival (the baseline collapses
    # in nearly every run, which leaves PRIM too few cases).
    scenario = "iraq_sends_army"
    result = run_batch(BatchConfig(scenarios=[scenario], runs=80, seed=11, out=folder))
    assert result.exit_code == 0
    runner = CliRunner()
    out = runner.invoke(app, ["discover", str(folder), "--outcome", "regime_collapsed",
                              "--case", "no", "--scenario", scenario])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "PRIM boxes" in out.output and "Coverage" in out.output
    assert (folder / "report" / f"discovery_regime_collapsed_{scenario}.png").stat().st_size > 1000
    section = (folder / "report" / f"discovery_regime_collapsed_{scenario}.md").read_text()
    assert section.startswith("# Under which conditions does Assad survive?")
    bad = runner.invoke(app, ["discover", str(folder), "--outcome", "nonsense"])
    assert bad.exit_code == 2 and "no such outcome" in bad.output
