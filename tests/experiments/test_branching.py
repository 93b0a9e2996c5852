"""A counterfactual that branches on date D is, run for run, the baseline before D, byte for byte:
the decision rows and the daily time series rows dated before D, and the drawn parameters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sim.experiments.branching import branch_date
from sim.run.runner import run_once
from sim.run.sampling import draw_parameters
from sim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SEEDS = (1, 20241127, 987654321)
RUNS = 8


def branching_counterfactuals() -> list[tuple[str, dt.date]]:
    """Every bundled counterfactual whose differences from the baseline are all dated after
    its start, with its D."""
    baseline = load_scenario("baseline")
    found = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path.stem)
        date = branch_date(baseline.resolved(), scenario.resolved())
        if date is not None and date > scenario.period.start:
            found.append((path.stem, date))
    return found


BRANCHING = branching_counterfactuals()


def test_the_bundled_branch_dates_follow_the_rule():
    """Forced levers branch on their first day; parameter changes branch from the start."""
    assert dict(BRANCHING) == {
        "hts_stalls_at_hama": dt.date(2024, 12, 3),
        "iraq_sends_army": dt.date(2024, 12, 4),
        "pmf_chairman_deploys": dt.date(2024, 12, 2),
        "turkey_restrains_hts": dt.date(2024, 12, 3),
    }
    baseline = load_scenario("baseline").resolved()
    start = dt.date(2024, 11, 27)
    for name in ("pro_iran_prime_minister", "no_israeli_deterrence", "sadr_sistani_silent"):
        assert branch_date(baseline, load_scenario(name).resolved()) == start
    assert branch_date(baseline, baseline) is None


def test_an_added_or_dropped_event_branches_on_its_date():
    baseline = load_scenario("baseline").resolved()
    dropped = {
        **baseline,
        "events": [e for e in baseline["events"] if e["id"] != "astana_in_ankara"],
    }
    assert branch_date(baseline, dropped) == dt.date(2024, 12, 2)
    moved = json.loads(json.dumps(baseline))
    moved["events"][-1]["date"] = "2024-12-30"
    assert branch_date(baseline, moved) == min(
        dt.date.fromisoformat(baseline["events"][-1]["date"]), dt.date(2024, 12, 30)
    )


def rows_before(rows: list[dict], date: dt.date) -> list[str]:
    """Rows dated before ``date`` as canonical JSON, the scenario name left out."""
    return [
        json.dumps({k: v for k, v in row.items() if k != "scenario"}, sort_keys=True)
        for row in rows
        if dt.date.fromisoformat(row["date"]) < date
    ]


def decision_rows(columns: dict[str, list]) -> list[dict]:
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


@pytest.mark.parametrize(("name", "date"), BRANCHING, ids=[name for name, _ in BRANCHING])
@pytest.mark.parametrize("seed", SEEDS)
def test_a_counterfactual_is_the_baseline_before_its_branch_date(name, date, seed):
    baseline, counterfactual = load_scenario("baseline"), load_scenario(name)
    for run in range(RUNS):
        ours = run_once(baseline, run, seed, timeseries=True)
        theirs = run_once(counterfactual, run, seed, timeseries=True)
        ours_decisions = rows_before(decision_rows(ours.decisions), date)
        assert ours_decisions, "the baseline logs decisions before D"
        assert rows_before(decision_rows(theirs.decisions), date) == ours_decisions
        ours_series = rows_before(ours.timeseries, date)
        assert len(ours_series) == counterfactual.day_of(date)
        assert rows_before(theirs.timeseries, date) == ours_series


@pytest.mark.parametrize(("name", "date"), BRANCHING, ids=[name for name, _ in BRANCHING])
def test_a_counterfactual_differs_from_its_branch_date_on(name, date):
    """The check above has teeth: on or after D the forced lever shows in the decision rows."""
    baseline, counterfactual = load_scenario("baseline"), load_scenario(name)
    ours, theirs = run_once(baseline, 0, SEEDS[0]), run_once(counterfactual, 0, SEEDS[0])
    later = dt.date(2099, 1, 1)
    assert rows_before(decision_rows(theirs.decisions), later) != rows_before(
        decision_rows(ours.decisions), later
    )
    assert any(theirs.decisions["forced"])


@pytest.mark.parametrize("name", [name for name, _ in BRANCHING])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_drawn_parameters_are_the_baselines(name, seed):
    baseline, counterfactual = load_scenario("baseline"), load_scenario(name)
    for run in range(RUNS):
        assert draw_parameters(counterfactual, seed, run) == draw_parameters(baseline, seed, run)
