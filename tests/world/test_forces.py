"""Iraqi forces on the move: deployment delay, strikes on them (interdiction) and attrition."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core import forces as deploy
from sim.core.params import Basis
from sim.model import CrisisModel
from sim.registry import parameters
from sim.scenario import load_scenario
from sim.world.attrition import attrit, attrited
from sim.world.interdiction import interdict, strike_chance
from tests.strategies import param_value

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.yaml"
ARMY_DAY = 7  # 4 Dec, the day iraq_sends_army forces the army out


# Deployment delay ----------------------------------------------------------------------------
@given(
    day=st.integers(min_value=0, max_value=34),
    delay=param_value(parameters()["deployment.army_delay_days"]),
)
def test_a_force_counts_at_the_front_only_from_its_arrival_day(day, delay):
    force = deploy.send(day, 1000.0, delay)
    assert force.arrival_day == day + round(delay)
    for today in range(day, force.arrival_day):
        assert deploy.at_front([force], today) == 0.0
        assert deploy.on_the_road([force], today) == 1000.0
    assert deploy.at_front([force], force.arrival_day) == 1000.0


def test_the_army_sent_helps_the_front_only_after_the_delay():
    delay = 5.0
    model = CrisisModel("iraq_sends_army", rng=3, params={"deployment.army_delay_days": delay})
    help_by_day = {}
    while model.running:
        model.step()
        help_by_day[model.day] = (model.government.army_in_syria, model.government.army_at_front)
    assert model.government.army_deploy_day == ARMY_DAY
    for day in range(ARMY_DAY, ARMY_DAY + int(delay)):
        in_syria, at_front = help_by_day[day]
        assert in_syria > 0 and at_front == 0.0
    assert help_by_day[ARMY_DAY + int(delay)][1] > 0.0


@given(
    strengths=st.lists(st.floats(0.0, 5000.0), min_size=1, max_size=5),
    men=st.floats(0.0, 30000.0),
)
def test_a_withdrawal_turns_back_the_road_first_and_never_goes_below_zero(strengths, men):
    forces = [deploy.Deployment(-1, -1, strengths[0])]
    forces += [deploy.send(3, s, 2.0) for s in strengths[1:]]
    before = sum(f.strength for f in forces)
    deploy.withdraw(forces, 4, men)
    after = sum(f.strength for f in forces)
    assert all(f.strength >= 0.0 for f in forces)
    assert after == pytest.approx(max(0.0, before - men), abs=1e-6)
    if sum(strengths[1:]) > men:  # the road alone covers it: the men at the front stay
        assert forces[0].strength == strengths[0]


# Interdiction ----------------------------------------------------------------------------------
@given(
    rate=param_value(parameters()["interdiction.strike_rate"]),
    thousands=st.floats(0.01, 20.0),
    low=st.floats(0.05, 0.9),
)
def test_a_strike_is_likelier_under_a_higher_threat_and_with_more_men_exposed(rate, thousands, low):
    higher = min(1.0, low + 0.1)
    assert strike_chance(rate, higher, thousands) > strike_chance(rate, low, thousands)
    assert strike_chance(rate, low, 2 * thousands) > strike_chance(rate, low, thousands)
    assert strike_chance(rate, low, 0.0) == 0.0


def _strikes(deterrence: float, seeds: range) -> int:
    """Strikes on Iraqi forces over the month in the army counterfactual."""
    total = 0
    for seed in seeds:
        model = CrisisModel(
            "iraq_sends_army",
            rng=seed,
            params={"context.israel_deterrence": deterrence, "interdiction.strike_rate": 0.1},
            record_history=False,
        )
        model.run()
        total += sum("air strike hits" in line.text for line in model.narrative)
    return total


def test_strikes_on_iraqi_forces_happen_more_under_lower_deterrence():
    """Deterrence is the threat Israel poses (context.israel_deterrence): lower, fewer strikes."""
    assert _strikes(0.3, range(12)) < _strikes(0.9, range(12))


def test_a_strike_costs_men_and_raises_the_strike_threat_and_belief():
    model = CrisisModel("iraq_sends_army", rng=1, record_history=False)
    while model.government.army is None:
        model.step()
    gov = model.government
    men, threat, belief = gov.exposed_men(), model.world.strike_threat, gov.beliefs.strike_risk
    assert interdict(model, [gov], [0.0]) == [gov.actor_id]  # a draw of 0 always strikes
    share = model.params["interdiction.loss_share"]
    assert gov.exposed_men() == pytest.approx(men * (1 - share))
    assert model.world.strike_threat > threat
    assert gov.beliefs.strike_risk > belief
    assert interdict(model, [gov], [1.0]) == []  # a draw of 1 never does


def test_interdiction_draws_never_shift_the_main_random_stream():
    """A strike changes what happens, not which numbers the model's main stream draws next."""
    quiet = CrisisModel("baseline", rng=9, params={"interdiction.strike_rate": 0.005})
    loud = CrisisModel("baseline", rng=9, params={"interdiction.strike_rate": 0.15})
    quiet.step()
    loud.step()
    assert quiet.rng.random() == loud.rng.random()


# Attrition ------------------------------------------------------------------------------------
@given(
    strength=st.floats(0.0, 20000.0),
    share=param_value(parameters()["attrition.daily_share"]),
    days=st.integers(1, 30),
)
def test_attrition_reduces_strength_monotonically_and_never_below_zero(strength, share, days):
    forces = [deploy.Deployment(0, 0, strength)]
    previous = strength
    for day in range(days):
        attrit(forces, day, share)
        assert 0.0 <= forces[0].strength <= previous
        previous = forces[0].strength
    assert attrited(strength, share) <= strength


def test_forces_on_the_road_suffer_no_combat_attrition():
    forces = [deploy.send(0, 1000.0, 5.0)]
    assert attrit(forces, 2, 0.02) == 0.0
    assert forces[0].strength == 1000.0


def test_the_army_at_the_front_wears_down_day_by_day():
    model = CrisisModel(
        "iraq_sends_army", rng=2, params={"deployment.army_delay_days": 3.0}, record_history=False
    )
    strengths = []
    while model.running:
        model.step()
        if model.government.army is not None:
            strengths.append(model.government.army.strength)
    assert strengths and strengths[-1] < strengths[0]
    assert all(b <= a for a, b in pairwise(strengths))


# The counterfactuals' parameters are uncertain in the baseline ------------------------------
COUNTERFACTUAL_LEVERS = ("front.fighter_value", "front.army_value", "hts.risk_aversion")
MECHANISMS = (
    "front.help_morale",
    "turkey.restraint_effect",
    "iran.adviser_strength",
    "deployment.army_delay_days",
    "deployment.brigade_delay_days",
    "interdiction.strike_rate",
    "interdiction.loss_share",
    "attrition.daily_share",
)


@pytest.mark.parametrize("key", COUNTERFACTUAL_LEVERS)
def test_the_counterfactual_levers_have_reference_case_ranges(key):
    assert parameters()[key].basis == Basis.REFERENCE_CASE


@pytest.mark.parametrize("scenario", ["iraq_sends_army", "pmf_chairman_deploys", "iran_all_in"])
@pytest.mark.parametrize("key", COUNTERFACTUAL_LEVERS + MECHANISMS)
def test_every_counterfactual_inherits_the_levers_uncertainty(scenario, key):
    dist = load_scenario(scenario).uncertainty[key]
    param = parameters()[key]
    assert param.low <= dist.low < dist.high <= param.high
    assert dist.high - dist.low >= 0.5 * (param.high - param.low), "spans the reference range"


def test_the_baseline_file_lists_the_levers_under_uncertainty():
    block = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))["uncertainty"]
    assert set(COUNTERFACTUAL_LEVERS + MECHANISMS) <= set(block)


@settings(max_examples=10, deadline=None)
@given(values=st.fixed_dictionaries({k: param_value(parameters()[k]) for k in MECHANISMS}))
def test_the_army_counterfactual_runs_anywhere_in_the_new_ranges(values):
    outcome = CrisisModel("iraq_sends_army", rng=5, params=values, record_history=False).run()
    assert outcome["iraqi_army_deployed"]
