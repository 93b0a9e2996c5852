"""Turkey: lets the offensive run, backs HTS openly, reassures Baghdad, or restrains HTS;
weighs its ties with Iraq.

Source: Intro ¶1 (Erdoğan seen as close to HTS; Sudani's call of 3 Dec), Art. Changes in
Baghdad ¶3 (Turkish-Iraqi relations rapidly developing), TL 2, 3 and 6 Dec. The month opens
with the offensive launched from Idlib, where Ankara's leverage is greatest (TL 27 Nov): Turkey
starts by acquiescing, neither restraining HTS nor backing it in public (assumption A10).
"""

from __future__ import annotations

import math
from enum import StrEnum

from sim.agents.base import CrisisAgent
from sim.core.decisions import decision
from sim.core.params import Basis, params_for
from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, Stance


class HtsStance(StrEnum):
    """Ankara's stance toward its protégé's offensive, rungs of a ladder from holding HTS back
    to backing it in public: reassuring Baghdad speaks for the offensive's aims in measured
    terms (Syria's unity, the PKK, a political process: TL 3 Dec)."""

    RESTRAIN = "restrain_hts"
    ACQUIESCE = "acquiesce"
    REASSURE = "reassure_baghdad"
    BACK = "back_openly"


p = params_for("turkey")


class Turkey(CrisisAgent):
    """HTS's neighbour and sponsor of the Syrian opposition, and Iraq's fast-growing partner."""

    KIND = "turkey"
    INSTANCES = ("turkey",)
    # Ankara's line on Syria is set in the presidency and voiced by Erdoğan himself (the
    # presidential system since 2018): no council deliberates a change for a day (A10).
    SECOND_LOOK = False
    DECISIONS = {
        "hts_stance": decision(
            "hts_stance",
            tuple(HtsStance),
            HtsStance.ACQUIESCE,
            "Let the offensive run without a public line (as on 27 Nov), back HTS openly, "
            "reassure Baghdad, or restrain HTS (the Astana de-escalation line, TL 2 Dec).",
            ladder=True,
        ),
    }
    PARAMETERS = (
        p(
            "switching_cost",
            default=0.1,
            low=0.0,
            high=0.3,
            meaning="Utility cost of changing Turkey's stance on a review.",
            source="Assumption (A10): a public line is not changed for nothing; wide because "
            "unknown.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "stake_in_opposition",
            default=0.6,
            low=0.3,
            high=0.9,
            meaning="Value Ankara sees in the opposition winning, 0-1.",
            source="Assumption. Direction: Intro ¶1, Erdoğan is generally regarded as close to "
            "HTS; TL 6 Dec, 'the target is Damascus'. No source sizes it.",
            basis=Basis.ASSUMPTION,
            range_reason="Upper part of the scale, as the direction implies; otherwise wide "
            "because unknown.",
            slider=True,
        ),
        p(
            "iraq_ties_weight",
            default=0.6,
            low=0.3,
            high=0.9,
            meaning="Weight of Turkey's economic and security ties with Iraq, 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶3, Turkish-Iraqi relations "
            "now developing rapidly (said from Baghdad's side).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; kept off zero by the direction.",
            slider=True,
        ),
        p(
            "risk_aversion",
            default=0.4,
            low=0.1,
            high=0.8,
            meaning="Ankara's aversion to regional escalation: weight of the risk that foreign "
            "forces join the regime, in favour of restraining HTS, 0-1.",
            source="Assumption. Direction: TL 2 Dec (revive the Astana format with Iran) and TL 7 "
            "Dec (Doha statement).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; carries the 'Turkey restrains HTS' counterfactual.",
        ),
        p(
            "exposure_weight",
            default=1.0,
            low=0.25,
            high=2.0,
            meaning="What owning the offensive in public costs Ankara if the regime survives, "
            "relative to what it gains if the regime falls (times the stake and the believed "
            "chance that the regime survives).",
            source="Assumption (A15). Direction: TL 2 Dec, with Aleppo lost but Hama held, "
            "Fidan called it wrong to blame foreign intervention (Ankara disowned the "
            "offensive); TL 6 Dec, the day after Hama fell, Erdogan named Damascus as the "
            "target. No source sizes it: 1 is a symmetric bet (a failure owned costs what a "
            "victory owned pays).",
            basis=Basis.ASSUMPTION,
            range_reason="From a quarter to twice the gain: wide because unknown.",
        ),
        p(
            "warning_memory_days",
            default=3.0,
            low=1.0,
            high=7.0,
            meaning="Days over which Sudani's warning fades in Ankara's reckoning (e-folding "
            "time of its weight on backing HTS and on reassuring Baghdad).",
            source="Assumption (A10): a warning weighs for days, not weeks (TL 3 Dec, the "
            "warning and Ankara's reassurance). No source says how long; 3 is the constant the "
            "code held before it became a parameter, not a value set from Ankara's open backing "
            "on 6 Dec (a validation item).",
            basis=Basis.ASSUMPTION,
            range_reason="From a day to a week: wide because unknown.",
        ),
        p(
            "backing_effect",
            default=0.15,
            low=0.0,
            high=0.3,
            meaning="Extra attack strength HTS draws from open Turkish backing.",
            source="Calibrated (A3) with the front: with Turkey's historical choices (reassure on "
            "TL 3 Dec), the offensive keeps the timeline's pace, Aleppo 29-30 Nov to Damascus 8 "
            "Dec. No source measures Turkey's material backing.",
            basis=Basis.CALIBRATED,
            range_reason="Hand-set band around the calibrated value (no fit measured); from none "
            "to twice it.",
        ),
        p(
            "restraint_effect",
            default=0.3,
            low=0.1,
            high=0.8,
            meaning="Attack strength HTS loses when Turkey restrains it.",
            source="Calibrated (A3) with the front to the timeline's pace (TL 29 Nov-8 Dec). "
            "Range from a reference case (docs/assumptions.md, Reference cases): after the "
            "Turkish-Russian ceasefire of 5 March 2020 the Idlib front, with HTS in it, stayed "
            "nearly frozen until 27 Nov 2024, so Turkey's leverage over Idlib's supply lines can "
            "hold an offensive almost entirely; in Sept-Oct 2015 the opposition pressed on "
            "regardless of outside wishes.",
            basis=Basis.CALIBRATED,
            range_reason="Reference case (Idlib 2020-2024). From a nudge (0.1) to the "
            "near-freeze of 2020-2024 (0.8): wide because a frozen front in peacetime says little "
            "about restraint mid-offensive; carries the 'Turkey restrains HTS' counterfactual.",
        ),
        p(
            "relations_initial",
            default=0.65,
            low=0.4,
            high=0.85,
            meaning="Turkish-Iraqi relations on 27 Nov, 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶3, relations developing "
            "rapidly and worth safeguarding.",
            basis=Basis.ASSUMPTION,
            range_reason="Upper-middle part of the scale, as the direction implies; otherwise "
            "unknown.",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.hts_stance = HtsStance.ACQUIESCE
        self.answered = False  # has Ankara reassured Baghdad yet?

    @property
    def stance_sign(self) -> int:
        """+1 backing, -1 restraining, 0 otherwise: how Turkey tilts the offensive."""
        return {HtsStance.BACK: 1, HtsStance.RESTRAIN: -1}.get(self.hts_stance, 0)

    @property
    def attack_factor(self) -> float:
        if self.hts_stance == HtsStance.BACK:
            return 1.0 + self.param("backing_effect")
        if self.hts_stance == HtsStance.RESTRAIN:
            return 1.0 - self.param("restraint_effect")
        return 1.0

    def step(self) -> None:
        self.choose_stance()
        self.tend_relations()

    def choose_stance(self) -> None:
        """Reviewed on news from the front and on Baghdad's messages; Ankara speaks on a change."""
        before = self.hts_stance
        self.hts_stance = self.review("hts_stance", before, self._stance_terms)
        if self.hts_stance == before:
            return
        if self.hts_stance == HtsStance.REASSURE:
            self.answered = True
            self.model.message(self.actor_id, "iraqi_government", "reassurance", 0.5)
            self.model.world.shift_threat(-0.02)
        elif self.hts_stance == HtsStance.BACK:
            self.model.message(self.actor_id, "hts", "backing", 1.0)

    def _stance_terms(self) -> dict[str, dict[str, float]]:
        stake = self.param("stake_in_opposition")
        ties = self.param("iraq_ties_weight")
        opportunity = 1.0 - self.beliefs.survival
        warned = self.warning_echo()
        escalation = self.param("risk_aversion") * self.model.intervention_risk()
        terms = {
            HtsStance.ACQUIESCE: {
                "stake_in_opposition": stake * opportunity,
                "iraq_ties": 0.2 * ties,
            },
            HtsStance.BACK: {
                "stake_in_opposition": 1.5 * stake * opportunity,
                "exposure": -self.param("exposure_weight") * stake * self.beliefs.survival,
                "iraq_ties": -ties * (0.3 * warned + self.model.government.army_in_syria),
            },
            HtsStance.REASSURE: {
                "stake_in_opposition": stake * opportunity,
                "iraq_ties": ties * (0.1 + 0.5 * warned),
            },
            HtsStance.RESTRAIN: {"escalation_risk": escalation, "iraq_ties": 0.2 * ties},
        }
        if not self._answer_open():
            del terms[HtsStance.REASSURE]
        return terms

    def warning_echo(self) -> float:
        """How loud Sudani's warning still rings in Ankara: 1 the day after, fading with an
        e-folding time of ``warning_memory_days``."""
        warned_day = self.model.government.warned_turkey_day
        if warned_day is None:
            return 0.0
        return math.exp(-(self.model.day - warned_day - 1) / self.param("warning_memory_days"))

    def _answer_open(self) -> bool:
        """Reassuring Baghdad is an answer to its call: open once Baghdad has spoken, held while
        Ankara holds it, and not given twice (A15)."""
        if self.hts_stance == HtsStance.REASSURE:
            return True
        return self.model.government.warned_turkey_day is not None and not self.answered

    def tend_relations(self) -> None:
        """Open backing of HTS strains relations with Baghdad; reassurance mends them."""
        change = {
            HtsStance.ACQUIESCE: 0.0,
            HtsStance.BACK: -0.01,
            HtsStance.REASSURE: 0.01,
            HtsStance.RESTRAIN: 0.005,
        }[self.hts_stance]
        if self.hts_stance == HtsStance.BACK and self.model.government.recognition == "recognise":
            change = 0.0  # once Baghdad accepts the new order, backing it strains nothing
        self.model.world.shift_relations(change)

    def stance(self) -> Stance:
        tone = {HtsStance.BACK: ESCALATING, HtsStance.ACQUIESCE: HEDGING}.get(
            self.hts_stance, HOLDING_BACK
        )
        return tone, self.hts_stance.replace("_", " ")
