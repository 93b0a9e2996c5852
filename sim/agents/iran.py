"""Iran: presses Baghdad and the factions to fight for Assad, hedges, or lets him go.

Source: Art. Hawkish declarations ¶3 (the open question: did Tehran abandon Assad before the
offensive?), Art. A defunct alliance ¶3 (Tehran's exasperation with Assad), TL 1-6 Dec (public
pledges, contested requests) and 9 Dec (a channel to the new rulers).
"""

from __future__ import annotations

from sim.agents.base import CrisisAgent
from sim.core.decisions import decision
from sim.core.params import Param
from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, Stance
from sim.core.view import FrontHelp, ModelView

PRESS, HEDGE, LET_GO = "press", "hedge", "let_go"


class Iran(CrisisAgent):
    """The patron of the Axis. Its posture sets the pressure every Iraqi actor feels."""

    KIND = "iran"
    INSTANCES = ("iran",)
    DECISIONS = {
        "posture": decision(
            "posture",
            (PRESS, HEDGE, LET_GO),
            PRESS,
            "Press Baghdad and the factions to fight for Assad, hedge, or let go.",
        ),
        "hts_channel": decision(
            "hts_channel",
            ("open_channel", "no_channel"),
            "no_channel",
            "Open a channel of communication to HTS.",
        ),
    }
    PARAMETERS = (
        Param(
            "iran",
            "commitment_to_assad",
            0.45,
            0.05,
            0.95,
            "Value Tehran puts on keeping Assad in power, 0-1.",
            "Art. Hawkish declarations ¶3: the article leaves open whether Iran had given up on "
            "Assad; TL 1-3 Dec public pledges vs TL 9 Dec/17 Dec reports. Mid value, wide range.",
            slider=True,
        ),
        Param(
            "iran",
            "exasperation_with_assad",
            0.6,
            0.1,
            0.9,
            "Tehran's frustration with an ally 'useless' at home and absent against Israel, 0-1.",
            "Art. Hawkish declarations ¶3 (useless, non-existent against Israel, increasingly "
            "disloyal) and Art. A defunct alliance ¶3 (Tehran's exasperation).",
            slider=True,
        ),
        Param(
            "iran",
            "risk_aversion",
            0.5,
            0.2,
            0.9,
            "Weight Iran puts on Israeli strikes against its assets and supply lines, 0-1.",
            "TL ~21 Nov and early Dec: Iranian flights turned back under Israeli warning; "
            "Art. A defunct alliance ¶1 (Hezbollah already damaged).",
            slider=True,
        ),
        Param(
            "iran",
            "pragmatism",
            0.6,
            0.2,
            0.9,
            "Readiness to deal with whoever wins, 0-1.",
            "Art. Hawkish declarations ¶2: Tehran opened a channel to HTS; TL 9 Dec.",
        ),
        Param(
            "iran",
            "hedging_value",
            0.3,
            0.0,
            0.6,
            "Value of keeping options open while the regime's survival is most uncertain.",
            "TL 6 Dec: contradictory reports of Iranian requests and of orders not to fight; "
            "TL ~3-4 Dec: troops 'would be considered'. Size: assumption A1.",
        ),
        Param(
            "iran",
            "inertia",
            0.15,
            0.0,
            0.4,
            "Utility bonus for keeping yesterday's posture (cost of reversing a line).",
            "Assumption (A1): states rarely reverse a public line overnight.",
        ),
        Param(
            "iran",
            "pressure_intensity",
            1.0,
            0.5,
            2.0,
            "How hard Iran presses when it presses (1 = as in 2024).",
            "TL 6 Dec: requests to Baghdad reported but contested; 1 is the scale unit.",
        ),
        Param(
            "iran",
            "hedge_pressure",
            0.4,
            0.2,
            0.6,
            "Share of full pressure Iran still applies while hedging.",
            "Assumption (A1): hedging keeps public support (TL 1 Dec pledge) without demands.",
        ),
        Param(
            "iran",
            "adviser_strength",
            0.15,
            0.0,
            0.4,
            "Defence Iranian advisers add on the axis while Iran presses.",
            "Assumption (A5): advisers and supplies, limited by Israeli interdiction (TL).",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.posture = PRESS
        self.letgo_day: int | None = None
        self.hts_channel_day: int | None = None

    def step(self) -> None:
        self.choose_posture()
        self.consider_hts_channel()
        self.press_allies()

    @property
    def pressure(self) -> float:
        """The pressure Iran puts on Iraqi actors today, 0 (let go) to ~2 (all in)."""
        level = {PRESS: 1.0, HEDGE: self.param("hedge_pressure"), LET_GO: 0.0}[self.posture]
        return level * self.param("pressure_intensity")

    def choose_posture(self) -> None:
        commitment = self.param("commitment_to_assad")
        exasperation = self.param("exasperation_with_assad")
        viability = self.model.front.viability()
        decline = self.model.front.decline()
        uncertainty = 4.0 * decline * (1.0 - decline)  # 0 at the start and at the collapse
        exposure = self.param("risk_aversion") * self.model.world.strike_threat
        inertia = self.param("inertia")
        terms = {
            PRESS: {"stake_in_assad": 2 * commitment * viability, "strike_exposure": -exposure},
            HEDGE: {
                "stake_in_assad": commitment * viability,
                "strike_exposure": -0.5 * exposure,
                "exasperation": 0.5 * exasperation * (1 - viability),
                "abandonment_cost": -0.25 * commitment,
                "keeping_options": self.param("hedging_value") * uncertainty,
            },
            LET_GO: {
                "exasperation": exasperation * (1 - viability),
                "abandonment_cost": -0.5 * commitment,
            },
        }
        terms[self.posture]["inertia"] = inertia
        self.posture = self.decide("posture", terms)
        if self.posture == LET_GO and self.letgo_day is None:
            self.letgo_day = self.model.day

    def consider_hts_channel(self) -> None:
        """Once Assad has fallen (assumption A8: no channel to the rebels while he stands)."""
        if self.hts_channel_day is not None or not self.model.front.collapsed:
            return
        terms = {
            "open_channel": {"pragmatism": self.param("pragmatism")},
            "no_channel": {"loyalty_to_assad": 0.5 * self.param("commitment_to_assad")},
        }
        if self.decide("hts_channel", terms) == "open_channel":
            self.hts_channel_day = self.model.day
            self.model.message(self.actor_id, "hts", "channel", 1.0)

    def press_allies(self) -> None:
        """Send today's pressure to the Iraqi government, PMF brigades and factions."""
        pressure = self.pressure
        self.model.world.iran_pressure = pressure
        if pressure <= 0.0:
            return
        for target in self.model.iraqi_actor_ids():
            self.model.message(self.actor_id, target, "pressure", pressure)

    def adviser_help(self) -> float:
        """Defence Iranian advisers add on the axis (only while pressing)."""
        supply = self.model.world.iran_supply
        return self.param("adviser_strength") * supply if self.posture == PRESS else 0.0

    # Hooks ---------------------------------------------------------------------------------
    @classmethod
    def front_help(cls, agents, model: ModelView) -> FrontHelp:
        """Iranian advisers on the axis."""
        return FrontHelp(axis=sum(iran.adviser_help() for iran in agents))

    @classmethod
    def morale_support(cls, agents, model: ModelView) -> float:
        """Tehran's pressure, seen in Damascus (capped at full pressure)."""
        return min(model.world.iran_pressure, 1.0)

    def stance(self) -> Stance:
        tone = {PRESS: ESCALATING, HEDGE: HEDGING}.get(self.posture, HOLDING_BACK)
        return tone, f"posture: {self.posture}"
