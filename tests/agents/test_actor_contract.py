"""One contract every actor kind passes (after Axelrod's player tests)."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest

from sim.agents.base import CrisisAgent
from sim.core.stance import OUTSIDE, TONES
from sim.model import CrisisModel
from sim.registry import ACTOR_KINDS, parameters


@pytest.fixture(params=ACTOR_KINDS, ids=lambda k: k.KIND)
def kind(request) -> type[CrisisAgent]:
    return request.param


def test_declarations(kind):
    assert kind.KIND and kind.INSTANCES
    assert kind.DECISIONS, "an actor that never decides is context, not an actor"
    for name, spec in kind.DECISIONS.items():
        assert spec.name == name and spec.status_quo in spec.options and len(spec.options) >= 2


def test_has_sourced_loyalty_and_risk_parameters(kind):
    names = {p.name for p in kind.PARAMETERS}
    assert any(
        n.startswith("loyalty")
        or n
        in {"commitment_to_assad", "stake_in_opposition", "iraq_ties_value", "iraq_ties_weight"}
        for n in names
    ), f"{kind.KIND} has no loyalty weight"
    assert any("risk" in n or "fear" in n for n in names), f"{kind.KIND} has no risk parameter"
    for p in kind.PARAMETERS:
        assert p.meaning and len(p.source) > 15, f"{p.key} lacks a meaning or a source"
        assert p.low <= p.default <= p.high


def test_every_instance_is_created_and_steps(kind):
    model = CrisisModel("baseline", rng=3)
    created = [a for a in model.actors() if isinstance(a, kind)]
    assert [a.actor_id for a in created] == list(kind.INSTANCES)
    model.run()
    decided = {r.actor for r in model.decision_log if r.kind == kind.KIND}
    assert decided == set(kind.INSTANCES)


def test_pickles_with_its_model(kind):
    model = CrisisModel("baseline", rng=4)
    for _ in range(5):
        model.step()
    agent = next(a for a in model.actors() if isinstance(a, kind))
    clone = pickle.loads(pickle.dumps(agent))
    assert type(clone) is kind and clone.actor_id == agent.actor_id
    assert clone.model.day == model.day


def test_no_global_randomness(kind, monkeypatch):
    def forbidden(*_args, **_kwargs):
        raise AssertionError("global random generator used")

    for name in ("random", "choice", "uniform", "shuffle", "randint"):
        monkeypatch.setattr(random, name, forbidden)
    for name in ("random", "choice", "uniform", "normal", "rand", "shuffle", "randint"):
        monkeypatch.setattr(np.random, name, forbidden)
    model = CrisisModel("baseline", rng=6)
    model.run()
    assert any(r.kind == kind.KIND for r in model.decision_log)


def test_seeded_choices_are_reproducible(kind):
    def choices(seed: int) -> list[str]:
        model = CrisisModel("baseline", rng=seed)
        model.run()
        return [f"{r.day}:{r.actor}:{r.choice}" for r in model.decision_log if r.kind == kind.KIND]

    assert choices(8) == choices(8)


def test_parameters_are_defined_once_and_reachable():
    table = parameters()
    assert len(table) == len({p.key for p in table.values()})
    for kind in ACTOR_KINDS:
        for p in kind.PARAMETERS:
            assert table[p.key] is p


def test_an_actor_reads_its_own_value_before_its_kinds():
    from sim.model import CrisisModel

    model = CrisisModel(
        "baseline", rng=1, params={"pmf_badr.loyalty_iran": 0.45, "pmf_brigade.strength": 900}
    )
    badr = next(b for b in model.brigades if b.actor_id == "pmf_badr")
    other = next(b for b in model.brigades if b.actor_id != "pmf_badr")
    assert badr.param("loyalty_iran") == 0.45  # instance-level, overridden
    assert other.param("loyalty_iran") == model.params[f"{other.actor_id}.loyalty_iran"]
    assert badr.param("strength") == other.param("strength") == 900  # kind-level, shared
    assert badr.param("risk_aversion") == model.params["pmf_brigade.risk_aversion"]


def test_stance_hook_gives_a_known_tone_and_a_description(kind):
    model = CrisisModel("iran_all_in", rng=5)
    tones = set()
    for _ in range(model.n_days):
        model.step()
        for agent in model.actors():
            if isinstance(agent, kind):
                tone, text = agent.stance()
                assert tone in TONES and tone != OUTSIDE and text
                tones.add(tone)
    assert tones
