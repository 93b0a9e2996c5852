"""The Iraqi government of PM Mohammed Shia' al-Sudani.

Source: Intro ¶1 (the warning to Erdoğan on 3 Dec; Baghdad stayed a spectator), Art. Hawkish
declarations ¶1 (refused before Parliament to drag Iraq into another war; border reinforced) and
¶3 (chose not to commit the army), Art. Changes in Baghdad ¶1-3 (no electoral base, popular,
marginalised Iran's clients, hopes for a second term; Syria as a political opportunity).
"""

from __future__ import annotations

import math

from sim.agents.base import CrisisAgent
from sim.core.decisions import Terms, decision
from sim.core.params import Param
from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, Stance
from sim.core.view import FrontHelp, ModelView

POSTURES = ("normal", "reinforce", "seal")
_GOV = "iraqi_government"


class IraqiGovernment(CrisisAgent):
    """Sudani's cabinet: the border, the army, the PMF's orders, diplomacy, the fleeing soldiers."""

    KIND = _GOV
    IRAQI = True
    INSTANCES = (_GOV,)
    DECISIONS = {
        "border_posture": decision(
            "border_posture", POSTURES, "normal", "How tightly to hold the Syrian border."
        ),
        "words_to_damascus": decision(
            "words_to_damascus",
            ("commit", "hedge"),
            "commit",
            "What to promise Assad and Tehran when they call "
            "(pre-crisis: diplomatic support, Art. Hot and cold ¶3).",
        ),
        "turkey_diplomacy": decision(
            "turkey_diplomacy",
            ("warn", "stay_silent"),
            "stay_silent",
            "Warn Ankara over its protégé's offensive, or keep quiet.",
        ),
        "send_army": decision(
            "send_army",
            ("send", "border_only"),
            "border_only",
            "Send the regular army into Syria, or defend the border only.",
        ),
        "pmf_order": decision(
            "pmf_order",
            ("stay_in_iraq", "deploy_to_syria"),
            "stay_in_iraq",
            "The PMF chairman's order to the brigades, under the PM's authority.",
        ),
        "admit_soldiers": decision(
            "admit_soldiers",
            ("admit", "turn_back"),
            "turn_back",
            "Let fleeing Syrian soldiers in (disarmed), or turn them back.",
        ),
        "recognise_outcome": decision(
            "recognise_outcome",
            ("recognise", "denounce"),
            "denounce",
            "Recognise the new order in Damascus, or denounce it.",
        ),
    }
    PARAMETERS = (
        Param(
            _GOV,
            "loyalty_iran",
            0.25,
            0.05,
            0.6,
            "Weight Sudani gives Tehran's demands, 0-1.",
            "Art. Changes in Baghdad ¶1: he marginalised groups beholden to Iran.",
            slider=True,
        ),
        Param(
            _GOV,
            "loyalty_framework",
            0.35,
            0.1,
            0.7,
            "Weight he gives the Coordination Framework that appointed him, 0-1.",
            "Art. Changes in Baghdad ¶2: running as the Framework's candidate is compromised "
            "by the wiretap scandal.",
        ),
        Param(
            _GOV,
            "risk_aversion",
            0.8,
            0.4,
            1.0,
            "Refusal to drag Iraq into another war, 0-1.",
            "Art. Hawkish declarations ¶1: told Parliament he would not drag Iraqis into "
            "another war; TL 4 Dec ('45 million into the unknown').",
            slider=True,
        ),
        Param(
            _GOV,
            "electoral_incentive",
            0.6,
            0.2,
            0.9,
            "Weight of the 2025 election in his choices, 0-1.",
            "Art. Changes in Baghdad ¶1 (hopes to regain office, autumn 2025) and ¶3 (Syria "
            "as a political opportunity).",
            slider=True,
        ),
        Param(
            _GOV,
            "security_weight",
            0.7,
            0.4,
            1.0,
            "Weight of threats from across the Syrian border, 0-1.",
            "Art. Hot and cold relations ¶2: ISIS was incubated on the shared border; Intro ¶1 "
            "(Iraq will not be a passive spectator).",
        ),
        Param(
            _GOV,
            "sovereignty_weight",
            0.5,
            0.2,
            0.8,
            "Value of a neutral, sovereign posture (also toward the new US administration), 0-1.",
            "Art. Changes in Baghdad ¶3.",
        ),
        Param(
            _GOV,
            "turkey_ties_weight",
            0.5,
            0.2,
            0.8,
            "Value of safeguarding Turkish-Iraqi relations, 0-1.",
            "Art. Changes in Baghdad ¶3.",
        ),
        Param(
            _GOV,
            "admit_weight",
            0.5,
            0.2,
            0.8,
            "Humanitarian and security value of taking in disarmed soldiers, 0-1.",
            "Art. Hawkish declarations ¶2; TL 7 Dec (admitted, disarmed, held, later returned).",
        ),
        Param(
            _GOV,
            "pmf_chairman_loyalty_iran",
            0.4,
            0.1,
            0.8,
            "Weight the PMF chairman gives Tehran's demands, 0-1.",
            "Art. Hawkish declarations ¶1: the PMF head also ruled out involvement; TL 2 Dec.",
        ),
        Param(
            _GOV,
            "pm_authority",
            0.6,
            0.3,
            0.9,
            "Weight of the PM's command over the PMF chairman, 0-1.",
            "Art. Grass-roots mobilisation ¶1: brigades placed under the PM's orders; "
            "Art. Changes in Baghdad ¶3 (show the PMF's loyalty to the state).",
        ),
        Param(
            _GOV,
            "border_cost",
            0.12,
            0.05,
            0.25,
            "Cost of each step of border closure (trade, Anbar's crossings), quadratic.",
            "Assumption (A6): closure was announced only as the threat rose (TL 29 Nov-8 Dec).",
        ),
        Param(
            _GOV,
            "inertia",
            0.1,
            0.0,
            0.3,
            "Utility bonus for keeping yesterday's border posture.",
            "Assumption (A1).",
        ),
        Param(
            _GOV,
            "standing_initial",
            0.6,
            0.4,
            0.8,
            "Sudani's political standing on 27 Nov, 0-1.",
            "Art. Changes in Baghdad ¶1: contrary to expectations, Sudani became popular.",
        ),
        Param(
            _GOV,
            "standing_cost_war",
            0.2,
            0.05,
            0.4,
            "Standing lost, per unit of war-weariness, by sending the army.",
            "Art. A defunct alliance ¶3 (society longs for an end to violence); assumption A6.",
        ),
        Param(
            _GOV,
            "standing_gain_neutrality",
            0.004,
            0.0,
            0.01,
            "Daily standing gained, per unit of anti-war mood, while Iraq stays out.",
            "Art. Changes in Baghdad ¶3: Maliki's manoeuvres floundered; assumption A6.",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.border_posture = "normal"
        self.army_deploy_day: int | None = None
        self.pmf_order = "stay_in_iraq"
        self.warned_turkey_day: int | None = None
        self.words_to_damascus: str | None = None
        self.recognition: str | None = None

    @property
    def army_in_syria(self) -> float:
        """1 once the regular army has crossed, else 0."""
        return 0.0 if self.army_deploy_day is None else 1.0

    def warning_echo(self) -> float:
        """How loud Sudani's warning to Ankara still rings: 1 the day after, fading over days."""
        if self.warned_turkey_day is None:
            return 0.0
        return math.exp(-(self.model.day - self.warned_turkey_day - 1) / 3.0)

    def step(self) -> None:
        self.set_border_posture()
        self.answer_damascus()
        self.address_turkey()
        self.consider_sending_army()
        self.order_pmf()
        self.handle_fleeing_soldiers()
        self.consider_recognition()
        self.update_standing()

    # Terms shared by several decisions -------------------------------------------------
    def _pressure_terms(self) -> Terms:
        world = self.model.world
        return {
            "iran_pressure": self.param("loyalty_iran") * world.iran_pressure,
            "framework_pressure": self.param("loyalty_framework") * world.framework_pressure,
        }

    def _war_risk(self) -> float:
        return self.param("risk_aversion") * (1.0 + 0.5 * self.model.world.strike_threat)

    def _electoral_gain(self) -> float:
        return self.param("electoral_incentive") * self.model.world.anti_war_mood

    # Decisions -------------------------------------------------------------------------
    def set_border_posture(self) -> None:
        threat = self.param("security_weight") * self.model.world.threat_perception
        cost = self.param("border_cost")
        terms = {
            posture: {"security_threat": threat * level, "closure_cost": -cost * level**2}
            for level, posture in enumerate(POSTURES)
        }
        terms[self.border_posture]["inertia"] = self.param("inertia")
        self.border_posture = self.decide("border_posture", terms)

    def answer_damascus(self) -> None:
        """Once, when Tehran presses after the first city has fallen (TL 30 Nov - 1 Dec)."""
        if self.words_to_damascus is not None or self.model.world.iran_pressure <= 0.0:
            return
        if not self.model.front.cities_lost():
            return
        terms = {
            "commit": self._pressure_terms(),
            "hedge": {
                "war_risk": 0.5 * self._war_risk(),
                "sovereignty": 0.5 * self.param("sovereignty_weight"),
                "electoral_gain": 0.5 * self._electoral_gain(),
            },
        }
        self.words_to_damascus = self.decide("words_to_damascus", terms)

    def address_turkey(self) -> None:
        """Considered on days of front news, until a warning is given."""
        if self.warned_turkey_day is not None or not self.model.front_news:
            return
        world = self.model.world
        terms = {
            "warn": {
                "security_threat": self.param("security_weight") * world.threat_perception,
                "sovereignty": 0.3 * self.param("sovereignty_weight"),
            },
            "stay_silent": {
                "turkey_ties": self.param("turkey_ties_weight") * world.turkey_iraq_relations
            },
        }
        if self.decide("turkey_diplomacy", terms) == "warn":
            self.warned_turkey_day = self.model.day
            self.model.message(self.actor_id, "turkey", "warning", 1.0)
            world.shift_relations(-0.02)

    def consider_sending_army(self) -> None:
        if self.army_deploy_day is not None or self.model.front.collapsed:
            return
        security = self.param("security_weight") * self.model.world.threat_perception
        terms = {
            "send": {**self._pressure_terms(), "security_threat": 0.5 * security},
            "border_only": {
                "war_risk": self._war_risk(),
                "electoral_gain": self._electoral_gain(),
                "sovereignty": 0.5 * self.param("sovereignty_weight"),
            },
        }
        if self.decide("send_army", terms) == "send":
            self.army_deploy_day = self.model.day
            self.model.world.sudani_standing -= (
                self.param("standing_cost_war") * self.model.params["context.public_war_weariness"]
            )
            self.model.world.shift_relations(-0.15)

    def order_pmf(self) -> None:
        if self.pmf_order == "deploy_to_syria" or self.model.front.collapsed:
            return
        world = self.model.world
        terms = {
            "stay_in_iraq": {
                "pm_command": self.param("pm_authority"),
                "war_risk": 0.5 * self._war_risk(),
            },
            "deploy_to_syria": {
                "chairman_loyalty_iran": self.param("pmf_chairman_loyalty_iran")
                * world.iran_pressure,
                "framework_pressure": self.param("loyalty_framework") * world.framework_pressure,
            },
        }
        self.pmf_order = self.decide("pmf_order", terms)
        for brigade in self.model.brigades:
            self.model.message(self.actor_id, brigade.actor_id, "order", 1.0)

    def handle_fleeing_soldiers(self) -> None:
        arriving = self.model.front.soldiers_fleeing
        if arriving <= 0:
            return
        self.model.front.soldiers_fleeing = 0
        world = self.model.world
        terms = {
            "admit": {
                "humanitarian": self.param("admit_weight"),
                "axis_solidarity": 0.3 * self.param("loyalty_iran"),
            },
            "turn_back": {
                "infiltration_risk": 0.4 * self.param("security_weight") * world.threat_perception
            },
        }
        if self.decide("admit_soldiers", terms) == "admit":
            world.soldiers_admitted += arriving

    def consider_recognition(self) -> None:
        if self.recognition is not None or not self.model.front.collapsed:
            return
        world = self.model.world
        reassured = 0.3 if self.model.hts.reassured_day is not None else 0.0
        terms = {
            "recognise": {
                "sovereignty": 0.5 * self.param("sovereignty_weight"),
                "electoral_gain": 0.5 * self._electoral_gain(),
                "turkey_ties": 0.5 * self.param("turkey_ties_weight") * world.turkey_iraq_relations,
                "hts_reassurance": reassured,
            },
            "denounce": self._pressure_terms(),
        }
        self.recognition = self.decide("recognise_outcome", terms)

    def update_standing(self) -> None:
        """Staying out of the war pays with a war-weary public; a war costs a little every day."""
        world = self.model.world
        if self.army_deploy_day is None:
            world.sudani_standing += self.param("standing_gain_neutrality") * world.anti_war_mood
        else:
            world.sudani_standing -= 0.005
        world.sudani_standing = min(1.0, max(0.0, world.sudani_standing))

    # Hooks ---------------------------------------------------------------------------------
    @classmethod
    def front_help(cls, agents, model: ModelView) -> FrontHelp:
        """The regular army in Syria, on the axis and in the east alike."""
        army = sum(0.5 * model.params["front.army_value"] * gov.army_in_syria for gov in agents)
        return FrontHelp(axis=army, east=army)

    @classmethod
    def morale_support(cls, agents, model: ModelView) -> float:
        """An Iraqi army at the regime's side counts twice Tehran's full pressure."""
        return sum(2 * gov.army_in_syria for gov in agents)

    def stance(self) -> Stance:
        if self.army_in_syria:
            return ESCALATING, "army in Syria"
        if self.pmf_order == "deploy_to_syria":
            return ESCALATING, "orders the PMF to Syria"
        tone = HEDGING if self.words_to_damascus == "commit" else HOLDING_BACK
        return tone, f"border: {self.border_posture}"
