"""A seventh actor kind is one module and one registry line: here the module is this test and
the line is :func:`sim.registry.registered_kind`. Nothing else is edited."""

from __future__ import annotations

import math
from enum import StrEnum

import pytest

from sim.agents.base import CrisisAgent
from sim.core.decisions import decision
from sim.core.params import Basis, params_for
from sim.model import CrisisModel
from sim.registry import INSTANCE_KIND, OUTSIDE_ACTORS, parameters, register_kind, registered_kind
from sim.scenario import SCENARIO_DIR, ScenarioError, load_scenario

p = params_for("lebanese_hezbollah")


class Fighters(StrEnum):
    SEND = "send_fighters"
    STAY = "stay_home"


class LebaneseHezbollah(CrisisAgent):
    """A throwaway kind: sends fighters to Syria or keeps them home."""

    KIND = "lebanese_hezbollah"
    INSTANCES = ("lebanese_hezbollah",)
    DECISIONS = {
        "fighters": decision(
            "fighters", tuple(Fighters), Fighters.STAY, "Send fighters to Syria or stay home."
        )
    }
    PARAMETERS = (
        p(
            "resolve",
            default=0.2,
            low=0.0,
            high=1.0,
            meaning="Readiness to fight for Assad after the war with Israel, 0-1.",
            source="Test kind: Art. A defunct alliance ¶1 (Hezbollah already damaged).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
    )

    def step(self) -> None:
        self.decide(
            "fighters",
            {Fighters.SEND: {"resolve": self.param("resolve")}, Fighters.STAY: {"caution": 0.3}},
        )


def _variant(tmp_path, value: float):
    path = tmp_path / "with_hezbollah.yaml"
    path.write_text(
        f"extends: {(SCENARIO_DIR / 'baseline.yaml').as_posix()}\n"
        "name: with_hezbollah\n"
        f"parameters:\n  lebanese_hezbollah.resolve: {value}\n"
        "decisions:\n"
        "  - id: hezbollah_stays\n    actor: lebanese_hezbollah\n    decision: fighters\n"
        "    historical: stay_home\n    date: 2024-12-01\n    source: test\n",
        encoding="utf-8",
    )
    return path


def test_a_registered_kind_decides_and_its_parameter_validates(tmp_path):
    with registered_kind(LebaneseHezbollah):
        assert parameters()["lebanese_hezbollah.resolve"].default == 0.2
        assert INSTANCE_KIND["lebanese_hezbollah"] == "lebanese_hezbollah"
        scenario = load_scenario(_variant(tmp_path, 0.9))
        assert scenario.status_quo["hezbollah_stays"] == "stay_home"
        with pytest.raises(ScenarioError, match=r"lebanese_hezbollah\.resolve"):
            load_scenario(_variant(tmp_path, 1.5))
        model = CrisisModel(scenario, rng=7)
        outcome = model.run()
        records = [r for r in model.decision_log if r.kind == "lebanese_hezbollah"]
        assert len(records) == model.n_days
        assert {r.choice for r in records} <= {"send_fighters", "stay_home"}
        assert model.agent("lebanese_hezbollah").param("resolve") == 0.9
        assert model.agent("lebanese_hezbollah").stance() == ("outside", "")  # neutral hooks
        assert "lebanese_hezbollah" in model.influence.nodes
        assert not model.influence.nodes["lebanese_hezbollah"]["outside"]
        assert math.isnan(outcome["regime_collapse_day"]) or outcome["regime_collapse_day"] >= 0
    assert "lebanese_hezbollah.resolve" not in parameters()
    assert "lebanese_hezbollah" not in INSTANCE_KIND


def test_an_agent_id_equal_to_an_outside_actor_is_refused():
    assert "hezbollah" in OUTSIDE_ACTORS

    class Hezbollah(LebaneseHezbollah):
        KIND = "hezbollah_kind"
        INSTANCES = ("hezbollah",)
        PARAMETERS = ()

    with pytest.raises(
        ValueError, match="'hezbollah' of kind hezbollah_kind is already an outside"
    ):
        register_kind(Hezbollah)
    assert "hezbollah" not in INSTANCE_KIND


def test_a_kind_cannot_be_registered_twice_or_redefine_a_parameter():
    class Copy(LebaneseHezbollah):
        KIND = "iran"

    with pytest.raises(ValueError, match="already registered"):
        register_kind(Copy)

    class Clash(LebaneseHezbollah):
        KIND = "clash"
        INSTANCES = ("clash",)
        PARAMETERS = (
            params_for("iran")(
                "switching_cost",
                default=0.1,
                low=0,
                high=1,
                meaning="m",
                source="s",
                basis=Basis.ASSUMPTION,
                range_reason="r",
            ),
        )

    with pytest.raises(ValueError, match=r"iran\.switching_cost is defined twice"):
        register_kind(Clash)
    assert "clash" not in INSTANCE_KIND
    assert parameters()["iran.switching_cost"].default == 0.15
