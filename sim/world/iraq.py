"""Iraq-side world state that several actors read and write: threat, pressure, mood, standing."""

from __future__ import annotations

from dataclasses import dataclass

from sim.core.params import ParamValues


def clip01(value: float) -> float:
    return min(1.0, max(0.0, value))


@dataclass(slots=True)
class World:
    """The shared state of one day, outside the front and the actors' own attributes."""

    threat_perception: float
    strike_threat: float
    deterrence_baseline: float
    framework_pressure: float
    framework_baseline: float
    anti_war_mood: float
    turkey_iraq_relations: float
    sudani_standing: float
    iran_pressure: float = 0.0  # Tehran's current call, as Iran last set it
    iran_call_heard: float = 0.0  # the call as the Iraqi side has heard it (a day later)
    iran_supply: float = 1.0
    sadr_has_spoken: bool = False
    soldiers_admitted: int = 0
    shrines_attacked: bool = False
    shrine_call: float = 0.0  # a religious call to defend the shrines (0-1; event kind)

    @classmethod
    def initial(cls, params: ParamValues) -> World:
        deterrence = params["context.israel_deterrence"]
        framework = params["context.framework_push"]
        world = cls(
            threat_perception=params["context.threat_initial"],
            strike_threat=deterrence,
            deterrence_baseline=deterrence,
            framework_pressure=framework,
            framework_baseline=framework,
            anti_war_mood=0.0,
            turkey_iraq_relations=params["turkey.relations_initial"],
            sudani_standing=params["iraqi_government.standing_initial"],
        )
        world.update_mood(params)
        return world

    def update_mood(self, params: ParamValues) -> None:
        """Anti-war mood: war-weariness, Sistani's disapproval, and Sadr once he has spoken,
        less any call to defend the shrines."""
        sadr = params["context.sadr_influence"] if self.sadr_has_spoken else 0.0
        self.anti_war_mood = clip01(
            0.5 * params["context.public_war_weariness"]
            + 0.25 * params["context.sistani_disapproval"]
            + 0.25 * sadr
            - self.shrine_call
        )

    def shift_threat(self, delta: float) -> None:
        self.threat_perception = clip01(self.threat_perception + delta)

    def shift_relations(self, delta: float) -> None:
        self.turkey_iraq_relations = clip01(self.turkey_iraq_relations + delta)

    def relax(self) -> None:
        """Strike threat and the Framework's extra pressure fade back toward their baselines."""
        self.strike_threat += 0.2 * (self.deterrence_baseline - self.strike_threat)
        self.framework_pressure += 0.3 * (self.framework_baseline - self.framework_pressure)
