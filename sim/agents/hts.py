"""HTS (Hayat Tahrir al-Sham): the offensive's pace, reassurance to Iraq, the Shiite shrines.

Source: Art. Hawkish declarations ¶2 (Jolani's video to Sudani; the promise not to harm the
shrines was kept; humiliation videos), TL 5 Dec (asks Sudani to keep the Hashd out), TL 8 Dec.
"""

from __future__ import annotations

from enum import StrEnum

from sim.agents.base import CrisisAgent
from sim.core.decisions import decision
from sim.core.params import Basis, params_for
from sim.core.stance import ESCALATING, HEDGING, Stance


class Pace(StrEnum):
    """The offensive's pace."""

    PUSH = "push"
    CONSOLIDATE = "consolidate"


class IraqMessage(StrEnum):
    """What HTS tells Baghdad."""

    REASSURE = "reassure"
    IGNORE = "ignore"
    THREATEN = "threaten"


class ShrinePolicy(StrEnum):
    """The Shiite shrines around Damascus."""

    PROTECT = "protect"
    NEGLECT = "neglect"


p = params_for("hts")


class HTS(CrisisAgent):
    """The HTS-led opposition. Presses on while the regime crumbles; keeps Iraq out."""

    KIND = "hts"
    INSTANCES = ("hts",)
    DECISIONS = {
        "offensive_pace": decision(
            "offensive_pace",
            tuple(Pace),
            Pace.PUSH,  # the offensive was launched on 27 Nov (TL 27 Nov)
            "Push the offensive on or consolidate the gains.",
        ),
        "reassure_iraq": decision(
            "reassure_iraq",
            tuple(IraqMessage),
            IraqMessage.IGNORE,
            "Address Baghdad: reassure it, ignore it, or threaten it.",
        ),
        "shrine_policy": decision(
            "shrine_policy",
            tuple(ShrinePolicy),
            ShrinePolicy.NEGLECT,
            "Guarantee the Shiite shrines around Damascus, or not.",
        ),
    }
    PARAMETERS = (
        p(
            "ambition",
            default=0.8,
            low=0.4,
            high=1.0,
            meaning="Drive to carry the offensive to Damascus, 0-1.",
            source="Assumption. Direction: TL 6 Dec, Erdoğan says the target is Damascus; the "
            "offensive did not pause (TL 29 Nov-8 Dec).",
            basis=Basis.ASSUMPTION,
            range_reason="Upper half of the scale, as the direction implies; otherwise unknown.",
        ),
        p(
            "risk_aversion",
            default=0.5,
            low=0.1,
            high=0.9,
            meaning="HTS's aversion to foreign intervention: weight of the risk that foreign "
            "forces (Iraqi army, fighters, brigades, Iranian pressure) join the regime, in favour "
            "of consolidating rather than pushing, 0-1.",
            source="Reference case (docs/assumptions.md, Reference cases) for the range; "
            "direction from TL 5 Dec (Jolani asks Sudani to keep the Hashd out of the fight). The "
            "rebels' advances of summer 2015 stalled after Russia intervened (Sept 2015), but in "
            "Aleppo 2016 they attacked the Iraqi-manned siege lines again and again (Aug, Oct-Nov "
            "2016), and at Mosul 2014 a small force pushed on against a far larger army.",
            basis=Basis.REFERENCE_CASE,
            range_reason="The cases point both ways (a halt before Russian air power, repeated "
            "attacks on foreign militias): wide, 0.1-0.9; carries the army, PMF and Iran "
            "counterfactuals.",
            slider=True,
        ),
        p(
            "iraq_ties_value",
            default=0.6,
            low=0.3,
            high=0.9,
            meaning="Value HTS puts on good relations with Iraq, 0-1.",
            source="Assumption. Direction: Art. Hawkish declarations ¶2, Jolani promises renewed "
            "political and economic ties.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; kept off zero by the direction.",
        ),
        p(
            "pragmatism",
            default=0.8,
            low=0.4,
            high=1.0,
            meaning="Will to reassure minorities and neighbours once in Damascus, 0-1.",
            source="Assumption. Direction: Art. Hawkish declarations ¶2, the promise not to harm "
            "the shrines seems to have been kept; TL 8 Dec guarantees for Sayyida Zaynab (the "
            "same facts are the observable shrines_unharmed, so it is in-sample).",
            basis=Basis.ASSUMPTION,
            range_reason="Upper half of the scale, as the direction implies; otherwise unknown.",
        ),
        p(
            "sectarian_hostility",
            default=0.2,
            low=0.0,
            high=0.6,
            meaning="Hostility in the ranks toward Shiite fighters and symbols, 0-1.",
            source="Assumption. Direction: Art. Hawkish declarations ¶2, videos of humiliations "
            "and crimes against Resistance members circulated.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown, in the lower part of the scale since the shrine "
            "promise held.",
        ),
        p(
            "protection_effect",
            default=0.9,
            low=0.5,
            high=1.0,
            meaning="Share of the fringe risk to the shrines that HTS protection removes.",
            source="Assumption (A7): protection worked in 2024 (TL 8 Dec) but need not be perfect.",
            basis=Basis.ASSUMPTION,
            range_reason="Upper half: protection at least halves the risk; otherwise unknown.",
        ),
        p(
            "message_base",
            default=-6.167,
            low=-7.0,
            high=-2.0,
            meaning="Log-log intercept of the daily hazard that Jolani addresses Baghdad.",
            source="Calibrated (A10) by axis-sim calibrate: with Iraq's readiness to step in and "
            "HTS's prospect of ruling as covariates, Jolani spoke on 5 Dec, after Baghdad's "
            "warning and border moves (TL 5 Dec).",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it).",
        ),
        p(
            "message_signal_weight",
            default=8.0,
            low=2.0,
            high=12.0,
            meaning="Weight, in the log-log hazard of Jolani's message, of Iraq's readiness to "
            "step in (times the value HTS puts on ties with Iraq).",
            source="Assumption (A10). Direction: TL 5 Dec, the video asked Sudani to keep the "
            "Hashd out, an answer to Iraq's mobilisation.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown: from a weak to a dominant covariate.",
        ),
        p(
            "message_prospect_weight",
            default=6.0,
            low=0.0,
            high=10.0,
            meaning="Weight, in the log-log hazard of Jolani's message, of HTS's expectation that "
            "the regime falls (times the value HTS puts on ties with Iraq): promising ties is what "
            "a government-in-waiting does.",
            source="Calibrated (A10) by axis-sim calibrate with message_base, to the message's "
            "date (TL 5 Dec): the decision point jolani_reassures_iraq, in-sample. Direction: "
            "Art. Hawkish declarations ¶2, Jolani promised renewed political and economic ties, "
            "an offer of a future government.",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it), from no effect "
            "up, widened from 6 to 10 after the fit stopped at 6; the fit is "
            "docs/calibration/baseline.json.",
        ),
        p(
            "switching_cost",
            default=0.1,
            low=0.0,
            high=0.3,
            meaning="Utility cost of changing the offensive's pace on a review.",
            source="Assumption (A10): orders to thousands of fighters are not changed daily.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "consolidation_pace",
            default=0.35,
            low=0.1,
            high=0.6,
            meaning="Attack strength while consolidating, as a share of a full push.",
            source="Calibrated (A3) with the front to the timeline's pace (TL 29 Nov-8 Dec); the "
            "idea is that consolidating still holds ground and probes.",
            basis=Basis.CALIBRATED,
            range_reason="Hand-set band around the calibrated value (no fit measured).",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.pace = Pace.PUSH
        self.reassured_day: int | None = None
        self.threatened_day: int | None = None
        self.shrine_policy: str | None = None

    def step(self) -> None:
        self.choose_pace()
        self.consider_addressing_iraq()
        self.choose_shrine_policy()

    @property
    def pace_factor(self) -> float:
        return 1.0 if self.pace == Pace.PUSH else self.param("consolidation_pace")

    def choose_pace(self) -> None:
        """A posture reviewed on news and on Turkey's messages until the regime falls; it weighs
        the foreign intervention it sees (:meth:`CrisisModel.intervention_risk`)."""
        if self.model.front.collapsed:
            return
        self.pace = self.review("offensive_pace", self.pace, self._pace_terms)

    def _pace_terms(self) -> dict[str, dict[str, float]]:
        doom = 1.0 - self.beliefs.survival
        return {
            Pace.PUSH: {
                "ambition": self.param("ambition") * (0.5 + doom),
                "turkish_backing": 0.3 * self.model.turkey.stance_sign,
            },
            Pace.CONSOLIDATE: {
                "intervention_risk": self.param("risk_aversion") * self.model.intervention_risk()
            },
        }

    def consider_addressing_iraq(self) -> None:
        """One message to Baghdad (a one-off act), likelier by the day as Iraq looks readier to
        step in; once it happens, reassurance or threat by the logit rule."""
        if self.reassured_day is not None or self.threatened_day is not None:
            return
        ties = self.param("iraq_ties_value")
        fighters = self.model.iraqi_fighters_in_syria() / 1000
        timing = {
            "baseline": self.param("message_base"),
            "iraq_signal": self.param("message_signal_weight")
            * ties
            * self.model.iraq_intervention_signal(),
            "prospect_of_ruling": self.param("message_prospect_weight")
            * ties
            * (1.0 - self.beliefs.survival),
        }
        choices = {
            IraqMessage.REASSURE: {"iraq_ties": ties},
            IraqMessage.THREATEN: {
                "hostility": self.param("sectarian_hostility") * fighters,
                "iraq_ties": -0.5 * ties,
            },
        }
        choice = self.attempt("reassure_iraq", IraqMessage.REASSURE, timing, choices)
        if choice == IraqMessage.REASSURE:
            self.reassured_day = self.model.day
            self.model.message(self.actor_id, "iraqi_government", "reassurance", 1.0)
            self.model.world.shift_threat(-0.15)
        elif choice == IraqMessage.THREATEN:
            self.threatened_day = self.model.day
            self.model.message(self.actor_id, "iraqi_government", "threat", 1.0)
            self.model.world.shift_threat(+0.15)

    def choose_shrine_policy(self) -> None:
        """Decided once, the day Damascus falls to the opposition."""
        if self.shrine_policy is not None or not self.model.front.collapsed:
            return
        fighters = self.model.iraqi_fighters_in_syria() / 1000
        terms = {
            ShrinePolicy.PROTECT: {
                "pragmatism": self.param("pragmatism"),
                "iraq_ties": 0.5 * self.param("iraq_ties_value"),
            },
            ShrinePolicy.NEGLECT: {
                "sectarian_hostility": self.param("sectarian_hostility") * (1 + fighters)
            },
        }
        self.shrine_policy = self.decide("shrine_policy", terms)

    def shrine_attack_risk(self) -> float:
        """Daily chance that fringe fighters attack a shrine, given HTS's policy."""
        if self.shrine_policy is None:
            return 0.0
        risk = self.model.params["context.shrine_fringe_risk"]
        return (
            risk * (1 - self.param("protection_effect"))
            if self.shrine_policy == ShrinePolicy.PROTECT
            else risk
        )

    def stance(self) -> Stance:
        return (ESCALATING if self.pace == Pace.PUSH else HEDGING), f"pace: {self.pace}"
