"""Decisions in time: postures hold without news, one-off acts happen once, beliefs follow the
evidence (sim/core/deliberation.py, sim/agents/base.py)."""

from __future__ import annotations

import copy
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from posture_reading import held_postures

from sim.core.deliberation import (
    Beliefs,
    BeliefWeights,
    Evidence,
    axis_depth,
    expit,
    hazard,
    settle,
)
from sim.model import CrisisModel
from sim.registry import parameters
from sim.run.runner import run_once
from sim.scenario import load_scenario

ONE_OFF = (
    "words_to_damascus",
    "turkey_diplomacy",
    "admit_soldiers",
    "recognise_outcome",
    "reassure_iraq",
    "shrine_policy",
    "hts_channel",
    "evacuate_personnel",
)


@pytest.mark.parametrize("seed", range(8))
def test_a_posture_changes_only_on_a_review_and_reviews_need_news(seed):
    """With no background reviews, an actor reviews only on days something it watches changed,
    and a posture changes only on a day its actor reviewed it."""
    model = CrisisModel("baseline", rng=seed, params={"beliefs.background_review_rate": 0.0})
    changes = 0
    while model.running:
        before = held_postures(model)
        leaning = {(a.actor_id, d) for a in model.actors() for d in a.leanings}
        model.step()
        reviewed = {(r.actor, r.decision) for r in model.decision_log if r.day == model.day}
        for key, value in held_postures(model).items():
            if key in before and before[key] != value:
                changes += 1
                assert key in reviewed, f"{key} changed on day {model.day} without a review"
        for actor in model.actors():
            struck = getattr(actor, "struck_day", None) == model.day
            for decision in actor.last_reviewed:
                if actor.last_reviewed[decision] == model.day and decision not in ONE_OFF:
                    second_look = (actor.actor_id, decision) in leaning
                    assert actor.news_today or struck or second_look, (
                        actor.actor_id,
                        decision,
                        model.day,
                    )
    assert changes > 0  # the month does move postures


@pytest.mark.parametrize("seed", range(6))
def test_a_change_of_course_waits_for_a_second_look(seed):
    """A deliberating kind changes a posture (by a review, from a posture still possible) only
    on the day after a review of it leaned away: the actor went to bed with that leaning."""
    model = CrisisModel("baseline", rng=seed)
    changes = 0
    while model.running:
        before = held_postures(model)
        leaning = {(a.actor_id, d) for a in model.actors() for d in a.leanings}
        model.step()
        reviewed = {(r.actor, r.decision): r for r in model.decision_log if r.day == model.day}
        for key, value in held_postures(model).items():
            changed = key in before and before[key] != value and key in reviewed
            still_possible = changed and before[key] in reviewed[key].options
            if still_possible and model.agent(key[0]).SECOND_LOOK:
                changes += 1
                assert key in leaning, f"{key} changed on day {model.day} at the first look"
    assert changes > 0


def mean_first_day(key: str, value: float, decision: str, choice: str, seeds: int = 40) -> float:
    """The first day any actor takes ``choice`` in ``decision`` (the month's end if none),
    averaged over the same seeds, with parameter ``key`` set to ``value``."""
    days = []
    for seed in range(seeds):
        model = CrisisModel("baseline", rng=seed, params={key: value})
        model.run()
        taken = [r.day for r in model.decision_log if r.decision == decision and r.choice == choice]
        days.append(min(taken, default=model.n_days))
    return sum(days) / len(days)


def mean_first_withdrawal(key: str, value: float) -> float:
    """The day of the factions' first pull-back, averaged as :func:`mean_first_day`."""
    return mean_first_day(key, value, "syria_deployment", "withdraw")


def test_without_the_second_look_changes_come_sooner():
    """The second look delays changes of course: the factions' first pull-back comes later on
    average with it than without it (same seeds)."""
    key = "beliefs.second_look"
    assert mean_first_withdrawal(key, 1.0) > mean_first_withdrawal(key, 0.0) + 0.5


LADDERS = (("iraqi_government", "border_posture"), ("iran", "posture"))


def rung_jumps(model: CrisisModel) -> list[int]:
    """Run the month; for every change of a ladder posture, how many rungs it moved."""
    jumps = []
    while model.running:
        before = held_postures(model)
        model.step()
        after = held_postures(model)
        for actor_id, decision in LADDERS:
            options = model.agent(actor_id).DECISIONS[decision].options
            was, now = before[(actor_id, decision)], after[(actor_id, decision)]
            if was != now:
                jumps.append(abs(options.index(now) - options.index(was)))
    return jumps


@pytest.mark.parametrize("seed", range(6))
def test_a_ladder_posture_moves_one_rung_at_a_time(seed):
    """Baghdad's border and Iran's posture climb or step down one rung per change."""
    jumps = rung_jumps(CrisisModel("baseline", rng=seed))
    assert jumps, "ladder postures do move in the baseline"
    assert max(jumps) == 1


def test_without_the_ladder_a_posture_can_skip_a_rung():
    """The ladder test can fail: free to jump, Baghdad sometimes goes straight to sealing."""
    jumps = []
    for seed in range(20):
        jumps += rung_jumps(CrisisModel("baseline", rng=seed, params={"beliefs.ladder": 0.0}))
    assert max(jumps) == 2


def test_a_closed_rung_is_stepped_over():
    from sim.core.decisions import decision

    spec = decision("stance", ("restrain", "acquiesce", "reassure", "back"), "acquiesce", "", True)
    assert spec.rungs_from("acquiesce", spec.options) == {"restrain", "acquiesce", "reassure"}
    assert spec.rungs_from("acquiesce", ("restrain", "acquiesce", "back")) == {
        "restrain",
        "acquiesce",
        "back",
    }
    free = decision("stance", ("a", "b", "c"), "a", "")
    assert free.rungs_from("a", ("a", "c")) == {"a", "c"}


@pytest.mark.parametrize("exponent", [0.0, 1.0, 2.0])
def test_a_city_nearer_the_capital_weighs_no_less(exponent):
    assert axis_depth([], exponent) == 0.0
    assert axis_depth([1, 2], 0.0) == 2.0  # exponent 0: the number of cities lost
    assert axis_depth([1, 2, 3], exponent) - axis_depth([1, 2], exponent) >= axis_depth(
        [1, 2], exponent
    ) - axis_depth([1], exponent)


def test_a_regime_in_doubt_holds_the_factions_longer_than_in_proportion():
    """With the convex case for leaving (A14) the first faction goes home later on average than
    with futility weighed in proportion (same seeds)."""
    key = "resistance_faction.futility_exponent"
    assert mean_first_withdrawal(key, 2.0) > mean_first_withdrawal(key, 1.0) + 0.5


def test_owning_a_failure_delays_ankaras_open_backing():
    """With the exposure of owning an offensive that may fail (A15) Turkey backs HTS openly
    later on average than with the range's low exposure (same seeds)."""
    key = "turkey.exposure_weight"
    back = ("hts_stance", "back_openly")
    assert mean_first_day(key, 1.0, *back) > mean_first_day(key, 0.25, *back) + 0.5


@pytest.mark.parametrize("seed", range(40))
def test_ankara_answers_baghdad_once_and_only_after_its_call(seed):
    model = CrisisModel("baseline", rng=seed)
    model.run()
    log = model.decision_log
    warned = [r.day for r in log if r.decision == "turkey_diplomacy" and r.choice == "warn"]
    stances = [(r.day, r.choice) for r in log if r.decision == "hts_stance"]
    answers = [
        day
        for (day, choice), (_, before) in zip(stances, [(0, "acquiesce"), *stances], strict=False)
        if choice == "reassure_baghdad" and before != "reassure_baghdad"
    ]
    assert len(answers) <= 1
    assert all(warned and day >= warned[0] for day in answers)


@pytest.mark.parametrize("seed", range(40))
def test_tehran_evacuates_only_once_it_has_stopped_pressing(seed):
    """The evacuation waits for a posture review that leaves pressing (A16): on the day it
    happens Iran hedges or lets go."""
    model = CrisisModel("baseline", rng=seed)
    postures_by_day = {}
    while model.running:
        model.step()
        postures_by_day[model.day] = model.iran.posture
    if model.iran.evacuation_day is not None:
        assert postures_by_day[model.iran.evacuation_day] != "press"


def test_tehran_still_evacuates_in_most_runs():
    """The gate delays the act; it does not abolish it."""
    scenario = load_scenario("baseline")
    evacuated = sum(
        "evacuate_personnel" in run_once(scenario, run, 7).decisions["decision"]
        for run in range(30)
    )
    assert evacuated >= 24


def test_one_off_acts_happen_at_most_once_per_run():
    scenario = load_scenario("baseline")
    counts: Counter[tuple[int, str, str]] = Counter()
    for run in range(60):
        cols = run_once(scenario, run, 7).decisions
        for actor, decision in zip(cols["actor"], cols["decision"], strict=True):
            if decision in ONE_OFF:
                counts[(run, actor, decision)] += 1
    assert counts, "one-off acts do happen"
    assert max(counts.values()) == 1


def test_postures_change_far_less_than_daily():
    """The median number of changes of Baghdad's border posture in a month is small."""
    scenario = load_scenario("baseline")
    border_changes = []
    for run in range(40):
        cols = run_once(scenario, run, 11).decisions
        choices = [
            c
            for a, d, c in zip(cols["actor"], cols["decision"], cols["choice"], strict=True)
            if a == "iraqi_government" and d == "border_posture"
        ]
        border_changes.append(
            sum(1 for x, y in zip(["normal", *choices], choices, strict=False) if x != y)
        )
    assert sorted(border_changes)[len(border_changes) // 2] <= 3


def _weights(draw: st.DrawFn) -> BeliefWeights:
    table = parameters()

    def value(name: str) -> float:
        p = table[f"beliefs.{name}"]
        return draw(st.floats(p.low, p.high))

    prior = value("survival_prior")
    return BeliefWeights(
        math.log(prior / (1 - prior)),
        value("update_rate"),
        value("city_weight"),
        value("depth_exponent"),
        value("approach_weight"),
        value("decline_weight"),
        value("ally_weight"),
    )


@st.composite
def evidence_pairs(draw: st.DrawFn) -> tuple[BeliefWeights, Beliefs, Evidence, Evidence]:
    weights = _weights(draw)
    lost = draw(st.integers(0, 3))
    places = list(range(1, lost + 1))
    evidence = Evidence(
        cities_lost=lost,
        depth=axis_depth(places, weights.depth_exponent),
        approach=draw(st.floats(0, 1)),
        decline=draw(st.floats(0, 1)),
        allies=draw(st.floats(0, 3)),
        collapsed=False,
        strike_threat=draw(st.floats(0, 1)),
        spillover_threat=draw(st.floats(0, 1)),
    )
    after_fall = Evidence(
        cities_lost=lost + 1,
        depth=axis_depth([*places, lost + 1], weights.depth_exponent),
        approach=0.0,
        decline=min(1.0, evidence.decline + draw(st.floats(0, 0.3))),
        allies=evidence.allies,
        collapsed=False,
        strike_threat=evidence.strike_threat,
        spillover_threat=min(1.0, evidence.spillover_threat + draw(st.floats(0, 0.3))),
    )
    beliefs = Beliefs.initial(draw(st.floats(0.01, 0.99)), 0.5, 0.5)
    return weights, beliefs, evidence, after_fall


@settings(max_examples=200, deadline=None)
@given(evidence_pairs())
def test_beliefs_in_survival_fall_after_a_city_falls(case):
    """Whatever the weights (in their ranges) and the prior belief, the same actor believes
    less in the regime after a fall (the approach resets, but a lost city weighs more)."""
    weights, beliefs, evidence, after_fall = case
    if weights.city < weights.approach * 1.0:
        return  # a lost city must weigh at least what a city under threat does
    calm, shaken = (copy.copy(beliefs) for _ in "ab")
    calm.update(evidence, weights)
    shaken.update(after_fall, weights)
    assert shaken.survival <= calm.survival + 1e-12
    assert shaken.spillover_risk >= calm.spillover_risk - 1e-12


def test_a_belief_far_beyond_any_evidence_does_not_overflow():
    """Hypothesis found it: four cities lost at depth exponent 4 and city weight 3 argue for
    log-odds of about -1000, and exp(1000) overflowed."""
    assert expit(-1000.0) == pytest.approx(0.0, abs=1e-300)
    assert expit(1000.0) == 1.0


def test_collapse_drives_belief_in_survival_to_nil():
    weights = BeliefWeights(2.0, 0.5, 0.9, 1.0, 0.6, 1.5, 0.8)
    beliefs = Beliefs.initial(0.8, 0.5, 0.5)
    for _ in range(20):
        beliefs.update(Evidence(4, 10.0, 0, 1, 0, True, 0.5, 0.5), weights)
    assert beliefs.survival < 0.01


@pytest.mark.parametrize(("eta", "expected"), [(-30, 0.0), (0.0, 1 - math.exp(-1)), (5, 1.0)])
def test_hazard_is_a_complementary_log_log(eta, expected):
    assert hazard(eta) == pytest.approx(expected, abs=1e-6)


@given(
    current=st.sampled_from(["a", "b", "c"]),
    leaning=st.sampled_from([None, "a", "b", "c"]),
    choice=st.sampled_from(["a", "b", "c"]),
    second_look=st.booleans(),
)
def test_settle_moves_only_on_a_confirmed_leaning(current, leaning, choice, second_look):
    held, lean = settle(current, leaning, choice, second_look)
    if choice == current:
        assert (held, lean) == (current, None)
    elif second_look and leaning != choice:
        assert (held, lean) == (current, choice)  # first look at this change: only a leaning
    else:
        assert (held, lean) == (choice, None)  # second look (or none needed): the change
