"""The decision log tells each actor's posture on every day (docs/data-contract.md): the choice of
its latest row of that decision on or before the day, the decision's status quo before any."""

from __future__ import annotations

from pathlib import Path

import pytest
from posture_reading import held_postures

from sim.model import CrisisModel

SCENARIOS = sorted(p.stem for p in Path(__file__).parents[2].glob("scenarios/*.yaml"))


def logged_postures(model: CrisisModel) -> dict[tuple[str, str], str]:
    """The same postures read from the decision log alone."""
    latest = {}
    for record in model.decision_log:  # in the order taken: a later row wins
        latest[(record.actor, record.decision)] = record.choice
    return {
        key: latest.get(key, model.agent(key[0]).DECISIONS[key[1]].status_quo)
        for key in held_postures(model)
    }


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("seed", range(10))
def test_the_log_tells_every_posture_on_every_day(scenario, seed):
    model = CrisisModel(scenario, rng=seed)
    assert held_postures(model) == logged_postures(model), "before the first day"
    while model.running:
        model.step()
        held, logged = held_postures(model), logged_postures(model)
        wrong = {k: (held[k], logged[k]) for k in held if held[k] != logged[k]}
        assert not wrong, f"day {model.day}: held vs logged {wrong}"


def test_a_posture_circumstance_ended_is_logged_with_its_reason():
    """A reinforcement ends when the volunteers run out, calls on Baghdad when the regime falls:
    each a row with probability 1 whose story says why, not a silent change."""
    from sim.model import describe_decision

    reasons = set()
    for seed in range(10):
        model = CrisisModel("baseline", rng=seed)
        model.run()
        for record in model.decision_log:
            if record.options == (record.choice,) and record.probabilities == (1.0,):
                reasons.add(describe_decision(record).rsplit("(", 1)[1].rstrip(")"))
    assert {"volunteers exhausted", "regime fallen"} <= reasons
