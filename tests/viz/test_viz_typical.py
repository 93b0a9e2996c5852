"""The quick batch behind the page: typical run, "a path like this", batch probabilities."""

from __future__ import annotations

import math

import pytest

from sim.outcomes import compute
from sim.run.runner import run_once
from sim.scenario import load_scenario
from sim.viz.inputs import parse_run
from sim.viz.session import VizRun
from sim.viz.typical import (
    QUICK_RUNS,
    describe_path,
    is_like,
    percent,
    quick_batch,
    share_like,
    summarise,
    typical_run,
)

DAYS = 35


def _row(run: int, collapse: float = math.nan, army: bool = False, defied: int = 0, **more):
    return {
        "run": run,
        "regime_collapsed": collapse == collapse,
        "regime_collapse_day": collapse,
        "faction_fighters_peak": more.get("peak", 1000.0),
        "faction_withdrawal_day": more.get("withdrawal", math.nan),
        "iran_letgo_day": more.get("letgo", math.nan),
        "iraqi_army_deployed": army,
        "pmf_brigades_defected": defied,
    }


def test_the_typical_run_is_the_one_at_the_medians():
    rows = [
        _row(0, collapse=3, peak=500, letgo=1),  # an early collapse
        _row(1, army=True, defied=2, peak=3000),  # survives with the army
        _row(2, collapse=11, peak=1400, letgo=8),  # the medians on every outcome
        _row(3, collapse=12, peak=1500, letgo=9, army=True),
        _row(4, collapse=10, peak=1300, letgo=7),
    ]
    assert typical_run(rows, DAYS) == 2
    assert typical_run([rows[4], rows[2]], DAYS) == 2  # a tie goes to the lower run index


def test_survival_counts_as_the_day_after_the_period():
    rows = [_row(0), _row(1), _row(2, collapse=5), _row(3), _row(4, collapse=30)]
    assert typical_run(rows, DAYS) in (0, 1, 3)  # the median run survives


def test_a_path_like_this_fixes_collapse_day_army_and_pmf():
    base = _row(0, collapse=10)
    assert is_like(base, _row(1, collapse=11)) and is_like(base, _row(2, collapse=9))
    assert not is_like(base, _row(3, collapse=12))  # two days apart
    assert not is_like(base, _row(4))  # survives
    assert not is_like(base, _row(5, collapse=10, army=True))
    assert not is_like(base, _row(6, collapse=10, defied=1))
    assert is_like(_row(7), _row(8, peak=99.0))  # both survive; the peak is not compared
    rows = [base, _row(1, collapse=11), _row(3, collapse=12), _row(4)]
    assert share_like(base, rows) == 0.5


def test_percentages_never_print_zero_for_a_real_share():
    assert percent(0.584) == "58 %" and percent(0.001) == "< 1 %" and percent(0.0) == "0 %"


def test_the_summary_counts_survival_in_the_median_date():
    scenario = load_scenario("baseline")
    rows = [_row(0, collapse=11), _row(1, collapse=12, army=True), _row(2, defied=1)]
    summary = summarise(rows, scenario)
    assert summary.p_collapse == pytest.approx(2 / 3) and summary.median_collapse == "9 Dec"
    assert summary.p_army == pytest.approx(1 / 3) and summary.p_defied == pytest.approx(1 / 3)
    assert summarise([rows[0], rows[2]], scenario).median_collapse == "8 Dec"  # low of 11, 35
    assert summarise([rows[2]], scenario).median_collapse == "after 31 Dec"
    assert "P(regime collapses) 67 %" in summary.lines()


def test_the_typical_run_of_the_page_is_the_batch_row_it_claims():
    scenario = load_scenario("baseline")
    rows = quick_batch(scenario, scenario.seed, {})
    assert len(rows) == QUICK_RUNS and [r["run"] for r in rows] == list(range(QUICK_RUNS))
    run = VizRun("baseline")
    assert run.run_index == run.typical == typical_run(rows, DAYS)
    while run.running:
        run.step()
    finished = compute(run.model)
    expected = rows[run.run_index]
    for key, value in finished.items():
        same = value == expected[key] or (value != value and expected[key] != expected[key])
        assert same, (key, value, expected[key])
    notice = run.run_notice()
    assert f"Run {run.run_index} (the typical run): a path like this in" in notice
    assert describe_path(expected, scenario) in notice
    assert run.main.like >= 0.2  # the typical path is a common one


def test_the_run_picker_accepts_run_numbers_and_falls_back_to_the_typical_run():
    assert parse_run("typical", 11) == (11, "") and parse_run(" 7 ", 11) == (7, "")
    assert parse_run("", 11) == (11, "")
    assert parse_run("seven", 11)[0] == 11 and "not a run number" in parse_run("seven", 11)[1]
    assert parse_run(str(QUICK_RUNS), 11)[0] == 11
    typical = VizRun("baseline")
    rows = quick_batch(load_scenario("baseline"), typical.seed, {})
    rarest = min(range(len(rows)), key=lambda i: (share_like(rows[i], rows), i))
    run = VizRun("baseline", run=str(rarest))
    assert run.run_index == rarest and f"the typical run is {run.typical}" in run.run_notice()
    assert run.main.like == share_like(rows[rarest], rows) < typical.main.like


def test_the_comparison_steps_the_same_run_of_both_scenarios():
    run = VizRun("baseline", compare="iraq_sends_army")
    assert run.other is not None and run.other.scenario.name == "iraq_sends_army"
    assert run.other.model.rng is not run.model.rng
    for _ in range(3):
        run.step()
    assert run.model.date == run.other.model.date == load_scenario("baseline").date_of(2)
    assert run.other.summary.p_army == 1.0 and run.main.summary.p_army < 0.1


def test_the_quick_batch_rows_are_the_outcomes_of_run_once():
    scenario = load_scenario("baseline")
    rows = quick_batch(scenario, scenario.seed, {})
    for run in (0, 57, QUICK_RUNS - 1):
        expected = run_once(scenario, run, scenario.seed).outcome
        for key, value in rows[run].items():
            assert value == expected[key] or (value != value and expected[key] != expected[key])
