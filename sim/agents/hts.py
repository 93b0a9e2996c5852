"""HTS (Hayat Tahrir al-Sham): the offensive's pace, reassurance to Iraq, the Shiite shrines.

Source: Art. Hawkish declarations ¶2 (Jolani's video to Sudani; the promise not to harm the
shrines was kept; humiliation videos), TL 5 Dec (asks Sudani to keep the Hashd out), TL 8 Dec.
"""

from __future__ import annotations

from sim.agents.base import CrisisAgent
from sim.core.decisions import decision
from sim.core.params import Param
from sim.core.stance import ESCALATING, HEDGING, Stance

PUSH, CONSOLIDATE = "push", "consolidate"


class HTS(CrisisAgent):
    """The HTS-led opposition. Presses on while the regime crumbles; keeps Iraq out."""

    KIND = "hts"
    INSTANCES = ("hts",)
    DECISIONS = {
        "offensive_pace": decision(
            "offensive_pace",
            (PUSH, CONSOLIDATE),
            CONSOLIDATE,
            "Push the offensive on or consolidate the gains.",
        ),
        "reassure_iraq": decision(
            "reassure_iraq",
            ("reassure", "ignore", "threaten"),
            "ignore",
            "Address Baghdad: reassure it, ignore it, or threaten it.",
        ),
        "shrine_policy": decision(
            "shrine_policy",
            ("protect", "neglect"),
            "neglect",
            "Guarantee the Shiite shrines around Damascus, or not.",
        ),
    }
    PARAMETERS = (
        Param(
            "hts",
            "ambition",
            0.8,
            0.4,
            1.0,
            "Drive to carry the offensive to Damascus, 0-1.",
            "TL 6 Dec: Erdoğan says the target is Damascus; the offensive did not pause.",
        ),
        Param(
            "hts",
            "risk_aversion",
            0.5,
            0.2,
            0.9,
            "Weight HTS puts on foreign forces joining the regime, 0-1.",
            "TL 5 Dec: Jolani asks Sudani to keep the Hashd out of the fight.",
            slider=True,
        ),
        Param(
            "hts",
            "iraq_ties_value",
            0.6,
            0.3,
            0.9,
            "Value HTS puts on good relations with Iraq, 0-1.",
            "Art. Hawkish declarations ¶2: Jolani promises renewed political and economic ties.",
        ),
        Param(
            "hts",
            "pragmatism",
            0.8,
            0.4,
            1.0,
            "Will to reassure minorities and neighbours once in Damascus, 0-1.",
            "Art. Hawkish declarations ¶2: the promise not to harm the shrines was kept; "
            "TL 8 Dec guarantees for Sayyida Zaynab.",
        ),
        Param(
            "hts",
            "sectarian_hostility",
            0.2,
            0.0,
            0.6,
            "Hostility in the ranks toward Shiite fighters and symbols, 0-1.",
            "Art. Hawkish declarations ¶2: videos of humiliations of Resistance members.",
        ),
        Param(
            "hts",
            "protection_effect",
            0.9,
            0.5,
            1.0,
            "Share of the fringe risk to the shrines that HTS protection removes.",
            "Assumption (A7): protection was effective in 2024 (TL 8 Dec) but not perfect.",
        ),
        Param(
            "hts",
            "message_cost",
            0.25,
            0.1,
            0.4,
            "Cost of a public message to a foreign head of government (a considered act).",
            "Assumption (A1): Jolani spoke once, after Baghdad's signals accumulated (TL 5 Dec).",
        ),
        Param(
            "hts",
            "consolidation_pace",
            0.35,
            0.1,
            0.6,
            "Attack strength while consolidating, as a share of a full push.",
            "Assumption (A3): consolidating still holds ground and probes.",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.pace = PUSH
        self.reassured_day: int | None = None
        self.threatened_day: int | None = None
        self.shrine_policy: str | None = None

    def step(self) -> None:
        self.choose_pace()
        self.consider_addressing_iraq()
        self.choose_shrine_policy()

    @property
    def pace_factor(self) -> float:
        return 1.0 if self.pace == PUSH else self.param("consolidation_pace")

    def choose_pace(self) -> None:
        if self.model.front.collapsed:
            return
        cohesion = self.model.front.regime_cohesion
        terms = {
            PUSH: {"ambition": self.param("ambition") * (1.5 - cohesion)},
            CONSOLIDATE: {
                "intervention_risk": self.param("risk_aversion") * self.model.intervention_risk()
            },
        }
        terms[PUSH]["turkish_backing"] = 0.3 * self.model.turkey.stance_sign
        self.pace = self.decide("offensive_pace", terms)

    def consider_addressing_iraq(self) -> None:
        """One message to Baghdad, sent when Iraq looks ready to step in."""
        if self.reassured_day is not None or self.threatened_day is not None:
            return
        baghdad_spoke = self.model.government.warned_turkey_day == self.model.day - 1
        if not (self.model.front_news or baghdad_spoke):
            return  # considered on days of news from the front or from Baghdad
        ties = self.param("iraq_ties_value")
        fighters = self.model.iraqi_fighters_in_syria() / 1000
        terms = {
            "reassure": {
                "iraq_ties": ties * self.model.iraq_intervention_signal(),
                "message_cost": -self.param("message_cost"),
            },
            "ignore": {},
            "threaten": {
                "hostility": self.param("sectarian_hostility") * fighters,
                "iraq_ties": -0.5 * ties,
            },
        }
        choice = self.decide("reassure_iraq", terms)
        if choice == "reassure":
            self.reassured_day = self.model.day
            self.model.message(self.actor_id, "iraqi_government", "reassurance", 1.0)
            self.model.world.shift_threat(-0.15)
        elif choice == "threaten":
            self.threatened_day = self.model.day
            self.model.message(self.actor_id, "iraqi_government", "threat", 1.0)
            self.model.world.shift_threat(+0.15)

    def choose_shrine_policy(self) -> None:
        """Decided once, the day Damascus falls to the opposition."""
        if self.shrine_policy is not None or not self.model.front.collapsed:
            return
        fighters = self.model.iraqi_fighters_in_syria() / 1000
        terms = {
            "protect": {
                "pragmatism": self.param("pragmatism"),
                "iraq_ties": 0.5 * self.param("iraq_ties_value"),
            },
            "neglect": {"sectarian_hostility": self.param("sectarian_hostility") * (1 + fighters)},
        }
        self.shrine_policy = self.decide("shrine_policy", terms)

    def shrine_attack_risk(self) -> float:
        """Daily chance that fringe fighters attack a shrine, given HTS's policy."""
        if self.shrine_policy is None:
            return 0.0
        risk = self.model.params["context.shrine_fringe_risk"]
        return (
            risk * (1 - self.param("protection_effect"))
            if self.shrine_policy == "protect"
            else risk
        )

    def stance(self) -> Stance:
        return (ESCALATING if self.pace == PUSH else HEDGING), f"pace: {self.pace}"
