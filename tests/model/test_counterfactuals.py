"""The two counterfactuals move outcomes the way their mechanism implies, through decisions."""

from __future__ import annotations

import pytest

from sim.model import CrisisModel
from sim.run.runner import build_model
from sim.scenario import load_scenario

pytestmark = pytest.mark.slow  # counterfactual pairs of seeded runs


def test_sending_the_army_is_forced_only_on_4_december_and_logged_as_forced():
    model, _ = build_model(load_scenario("iraq_sends_army"), 0, 99)
    model.run()
    forced = [r for r in model.decision_log if r.forced]
    assert [(r.actor, r.decision, r.choice, r.day) for r in forced] == [
        ("iraqi_government", "send_army", "send", 7)
    ]
    assert forced[0].probabilities[0] < 0.5  # Sudani would not have chosen it


def test_army_props_up_the_regime_and_costs_sudani(paired_runs):
    base, army = paired_runs["baseline"], paired_runs["iraq_sends_army"]
    assert army["iraqi_army_deployed"].all() and base["iraqi_army_deployed"].mean() < 0.05
    # the army props the regime up, run by run, beyond Monte Carlo noise (the deployment delay
    # and the reference-case ranges make the effect smaller than the first round's)
    held = base["regime_collapsed"].astype(float) - army["regime_collapsed"].astype(float)
    assert held.mean() > 2 * held.std(ddof=1) / len(held) ** 0.5
    paired = army["sudani_standing_final"] - base["sudani_standing_final"]
    assert (paired < 0).mean() > 0.9  # run by run, a war costs him standing


def test_iran_all_in_keeps_factions_in_syria_and_delays_letting_go(paired_runs):
    base, allin = paired_runs["baseline"], paired_runs["iran_all_in"]
    assert allin["faction_fighters_peak"].median() > base["faction_fighters_peak"].median()
    assert allin["iran_letgo_day"].notna().mean() < base["iran_letgo_day"].notna().mean() - 0.3
    assert (
        allin["factions_withdrew_before_collapse"].mean()
        < base["factions_withdrew_before_collapse"].mean()
    )


def test_iran_all_in_works_through_irans_decisions_not_a_written_outcome():
    model = CrisisModel(load_scenario("iran_all_in"), rng=2)
    model.run()
    posture = [r for r in model.decision_log if r.actor == "iran" and r.decision == "posture"]
    assert not any(r.forced for r in model.decision_log)
    first = posture[0]
    press = first.terms[first.options.index("press")]
    assert first.choice == "press" and press["stake_in_assad"] > 0.5
