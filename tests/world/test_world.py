"""World state and outside events: the contest rule, the Iraq-side mood and each event kind."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.core.params import ParamValues
from sim.model import CrisisModel
from sim.registry import EVENT_KINDS, parameters
from sim.scenario import Event
from sim.world.front import contest_probability
from sim.world.iraq import World


def test_contest_is_even_at_parity_and_favours_the_stronger():
    assert contest_probability(1.0, 1.0, 3.0) == pytest.approx(0.5)
    assert contest_probability(2.0, 1.0, 3.0) == pytest.approx(8 / 9)
    assert contest_probability(1.0, 2.0, 3.0) == pytest.approx(1 / 9)


def test_sadr_speaking_raises_the_anti_war_mood():
    params = ParamValues(parameters())
    world = World.initial(params)
    before = world.anti_war_mood
    world.sadr_has_spoken = True
    world.update_mood(params)
    assert world.anti_war_mood == pytest.approx(before + 0.25 * params["context.sadr_influence"])


def _event(kind: str, **fields) -> Event:
    return Event(
        id="e", date=dt.date(2024, 12, 1), kind=kind, description="d", source="s", **fields
    )


def test_a_strike_raises_the_threat_and_the_factions_fear():
    model = CrisisModel("baseline", rng=1)
    fear = [f.fear_of_strikes for f in model.factions]
    threat = model.world.strike_threat
    EVENT_KINDS["strike"].apply(model, _event("strike", actor="israel", intensity=0.3))
    assert model.world.strike_threat == pytest.approx(min(1.0, threat + 0.3))
    assert all(f.fear_of_strikes >= f0 for f, f0 in zip(model.factions, fear, strict=True))
    assert any(f.fear_of_strikes > f0 for f, f0 in zip(model.factions, fear, strict=True))
    assert {link.target for link in model.links if link.kind == "deterrence"} == {
        f.actor_id for f in model.factions
    }


def test_sadrs_call_reaches_every_iraqi_actor_and_no_one_else():
    model = CrisisModel("baseline", rng=1)
    EVENT_KINDS["non_intervention_call"].apply(model, _event("non_intervention_call"))
    reached = [link.target for link in model.links if link.kind == "message"]
    assert reached == model.iraqi_actor_ids()
    assert "iran" not in reached and "iraqi_government" in reached
    assert model.world.sadr_has_spoken
