"""``run_compare`` and ``fidelity_table`` on synthetic batch folders following the data contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest_analysis import write_batch

from analysis.compare import FIGURES, HEADLINE_FIGURE, run_compare
from analysis.fidelity import fidelity_table
from analysis.folder import AnalysisError, choose_baseline, load_batch
from analysis.labels import percent
from analysis.report import shift_sentence

FIGURE_NAMES = [HEADLINE_FIGURE.name, *(spec.name for spec, _ in FIGURES)]
SCENARIOS = {"baseline": 0.0, "iran_all_in": 1.0, "no_israel": 0.3}


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """A three-scenario batch compared once for the module."""
    folder = write_batch(tmp_path_factory.mktemp("batch") / "b", SCENARIOS)
    return run_compare(folder, None, folder / "report", resamples=200)


def test_every_figure_is_written_as_non_empty_png_and_svg(compared):
    assert compared.left_out == []
    for name in FIGURE_NAMES:
        for suffix in (".png", ".svg", ".csv"):
            path = compared.out_dir / f"{name}{suffix}"
            assert path in compared.written and path.stat().st_size > 500, path
        assert (compared.out_dir / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
        assert "<svg" in (compared.out_dir / f"{name}.svg").read_text()[:2000]


def test_default_baseline_is_the_scenario_named_baseline(compared):
    assert compared.baseline == "baseline"
    assert compared.scenarios == tuple(SCENARIOS)


def test_every_scenario_appears_in_both_reports(compared):
    markdown = compared.report_md.read_text()
    page = compared.report_html.read_text()
    for scenario in SCENARIOS:
        assert f"### `{scenario}`" in markdown
        assert f"<code>{scenario}</code>" in page
    assert "Fidelity to history (`baseline`)" in markdown
    assert "Brier" in markdown and "uniform" in markdown


def test_html_report_is_self_contained(compared):
    page = compared.report_html.read_text()
    assert page.count("data:image/png;base64,") == len(FIGURE_NAMES)
    sources = re.findall(r'src="([^"]+)"', page)
    assert sources and all(s.startswith("data:") for s in sources)
    assert "<link" not in page


def test_markdown_report_links_the_figures_it_wrote(compared):
    markdown = compared.report_md.read_text()
    for name in FIGURE_NAMES:
        assert f"({name}.png)" in markdown and f"({name}.svg)" in markdown


def test_report_sentences_come_from_the_numbers(compared):
    markdown = compared.report_md.read_text()
    assert "In `iran_all_in`" in markdown and "95 % CI" in markdown


def test_shift_sentence_reads_like_the_issue_example():
    row = {
        "scenario": "iran_all_in",
        "outcome": "regime_collapsed",
        "n_pairs": 500,
        "mean_scenario": 0.62,
        "mean_baseline": 0.97,
        "mean_diff": -0.35,
        "ci_low": -0.39,
        "ci_high": -0.31,
    }
    assert shift_sentence(row, "baseline", {"regime_collapsed"}) == (
        "In `iran_all_in` the regime collapses in 62 % of runs against 97 % in `baseline` "
        "(−35 points, 95 % CI −39 to −31; 500 paired runs)."
    )
    assert percent(0.295, signed=True) == "+30 %"


def test_first_scenario_is_the_default_baseline_without_one_named_baseline(tmp_path):
    folder = write_batch(tmp_path / "b", {"iran_all_in": 1.0, "no_israel": 0.3}, runs=3)
    batch = load_batch(folder)
    assert choose_baseline(batch, None) == "iran_all_in"
    assert choose_baseline(batch, "no_israel") == "no_israel"


def test_explicit_baseline_is_used(tmp_path):
    folder = write_batch(tmp_path / "b", runs=6)
    result = run_compare(folder, "iran_all_in", None, resamples=50)
    assert result.baseline == "iran_all_in"
    assert result.out_dir == folder / "report"  # the default output folder
    assert "### `iran_all_in` (baseline)" in result.report_md.read_text()


def test_unknown_baseline_lists_the_scenarios(tmp_path):
    folder = write_batch(tmp_path / "b", runs=4)
    with pytest.raises(AnalysisError, match=r"'nope'.*baseline, iran_all_in"):
        run_compare(folder, "nope", tmp_path / "out")


def test_single_scenario_batch_leaves_out_the_paired_differences(tmp_path):
    folder = write_batch(tmp_path / "b", {"baseline": 0.0}, runs=8)
    result = run_compare(folder, None, tmp_path / "out", resamples=50)
    assert [name for name, _ in result.left_out] == ["paired_differences"]
    assert "single scenario" in result.left_out[0][1]
    markdown = result.report_md.read_text()
    assert "Figures left out" in markdown and "single scenario" in markdown
    assert (tmp_path / "out" / "collapse_survival.png").stat().st_size > 0


def test_missing_timeseries_leaves_out_the_fan_charts_and_says_why(tmp_path):
    folder = write_batch(tmp_path / "b", runs=6, timeseries=False)
    result = run_compare(folder, None, tmp_path / "out", resamples=50)
    assert dict(result.left_out) == {
        "fan_charts": "timeseries.parquet not found (run the batch with --timeseries)"
    }
    assert "timeseries.parquet not found" in result.report_md.read_text()
    assert not (tmp_path / "out" / "fan_charts.png").exists()


def test_missing_folder_is_an_analysis_error(tmp_path):
    with pytest.raises(AnalysisError, match="batch folder not found"):
        run_compare(tmp_path / "absent", None, tmp_path / "out")


@pytest.mark.parametrize("missing", ["outcomes.parquet", "decisions.parquet", "manifest.json"])
def test_missing_file_is_an_analysis_error_naming_it(tmp_path, missing):
    folder = write_batch(tmp_path / "b", runs=3)
    (folder / missing).unlink()
    with pytest.raises(AnalysisError, match=re.escape(missing)):
        load_batch(folder)


@pytest.mark.parametrize("corrupted", ["outcomes.parquet", "timeseries.parquet"])
def test_corrupted_parquet_is_an_analysis_error_naming_it(tmp_path, corrupted):
    folder = write_batch(tmp_path / "b", runs=3)
    (folder / corrupted).write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(AnalysisError, match=re.escape(corrupted)):
        run_compare(folder, None, tmp_path / "out")


def test_outcomes_without_key_columns_is_an_analysis_error(tmp_path):
    import pandas as pd

    folder = write_batch(tmp_path / "b", runs=3)
    pd.DataFrame({"x": [1]}).to_parquet(folder / "outcomes.parquet")
    with pytest.raises(
        AnalysisError, match=r"outcomes.parquet lacks the column\(s\) scenario, run"
    ):
        load_batch(folder)


def test_fidelity_table_covers_every_decision_point_and_observable(tmp_path):
    folder = write_batch(tmp_path / "b", runs=5)
    table = fidelity_table(Path(folder))
    assert set(table["scenario"]) == {"baseline", "iran_all_in"}
    base = table[table["scenario"] == "baseline"]
    assert sorted(base.loc[base["item"] == "decision", "id"]) == [
        "factions_withdraw",
        "iraq_keeps_army_home",
    ]
    assert len(base[base["item"] == "observable"]) == 6
    assert base["share_match"].between(0, 1).all()
    decisions = base[base["item"] == "decision"]
    assert decisions["brier_model"].between(0, 1).all()


def test_chosen_scenarios_are_drawn_on_the_first_screen(tmp_path):
    folder = write_batch(tmp_path / "b", SCENARIOS, runs=8)
    result = run_compare(folder, None, tmp_path / "out", resamples=20, scenarios=["no_israel"])
    curve = (tmp_path / "out" / "collapse_curve.csv").read_text()
    assert "no_israel" in curve and "iran_all_in" not in curve
    page = result.report_html.read_text()
    assert page.index('class="summary"') < page.index('class="headline"') < page.index("contents")
    assert page.index("Provenance") > page.index("Fidelity to history")


def test_unknown_chosen_scenario_is_an_analysis_error_naming_the_option(tmp_path):
    folder = write_batch(tmp_path / "b", SCENARIOS, runs=8)
    with pytest.raises(AnalysisError, match="--scenarios: unknown scenario"):
        run_compare(folder, None, tmp_path / "out", resamples=20, scenarios=["nope"])
