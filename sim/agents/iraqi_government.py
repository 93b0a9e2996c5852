"""The Iraqi government of PM Mohammed Shia' al-Sudani.

Source: Intro ¶1 (the warning to Erdoğan on 3 Dec; Baghdad stayed a spectator), Art. Hawkish
declarations ¶1 (refused before Parliament to drag Iraq into another war; border reinforced) and
¶3 (chose not to commit the army), Art. Changes in Baghdad ¶1-3 (no electoral base, popular,
marginalised Iran's clients, hopes for a second term; Syria as a political opportunity).

Over 400 lines because the kind takes seven decisions and declares fifteen parameters with their
basis and range reason (one keyword per line); splitting it would break "one module per actor
kind".
"""

from __future__ import annotations

from enum import StrEnum

from sim.agents.base import CrisisAgent
from sim.core import forces as deploy
from sim.core.decisions import Terms, decision
from sim.core.params import Basis, params_for
from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, Stance
from sim.core.view import FrontHelp, ModelView


class BorderPosture(StrEnum):
    """How tightly Baghdad holds the Syrian border (in rising order)."""

    NORMAL = "normal"
    REINFORCE = "reinforce"
    SEAL = "seal"


class WordsToDamascus(StrEnum):
    """What Baghdad promises Assad and Tehran."""

    COMMIT = "commit"
    HEDGE = "hedge"


class TurkeyDiplomacy(StrEnum):
    """Baghdad's word to Ankara."""

    WARN = "warn"
    STAY_SILENT = "stay_silent"


class SendArmy(StrEnum):
    """The regular army."""

    SEND = "send"
    BORDER_ONLY = "border_only"


class PmfOrder(StrEnum):
    """The PMF chairman's order to the brigades."""

    STAY_IN_IRAQ = "stay_in_iraq"
    DEPLOY_TO_SYRIA = "deploy_to_syria"


class AdmitSoldiers(StrEnum):
    """Fleeing Syrian soldiers at the border."""

    ADMIT = "admit"
    TURN_BACK = "turn_back"


class Recognition(StrEnum):
    """The new order in Damascus."""

    RECOGNISE = "recognise"
    DENOUNCE = "denounce"


_GOV = "iraqi_government"


_POSTURES = tuple(BorderPosture)  # in rising order: the level is the index
p = params_for(_GOV)


class IraqiGovernment(CrisisAgent):
    """Sudani's cabinet: the border, the army, the PMF's orders, diplomacy, the fleeing soldiers."""

    KIND = _GOV
    IRAQI = True
    INSTANCES = (_GOV,)
    DECISIONS = {
        "border_posture": decision(
            "border_posture",
            tuple(BorderPosture),
            BorderPosture.NORMAL,
            "How tightly to hold the Syrian border.",
            ladder=True,
        ),
        "words_to_damascus": decision(
            "words_to_damascus",
            tuple(WordsToDamascus),
            WordsToDamascus.COMMIT,
            "What to promise Assad and Tehran when they call "
            "(pre-crisis: diplomatic support, Art. Hot and cold ¶3).",
        ),
        "turkey_diplomacy": decision(
            "turkey_diplomacy",
            tuple(TurkeyDiplomacy),
            TurkeyDiplomacy.STAY_SILENT,
            "Warn Ankara over its protégé's offensive, or keep quiet.",
        ),
        "send_army": decision(
            "send_army",
            tuple(SendArmy),
            SendArmy.BORDER_ONLY,
            "Send the regular army into Syria, or defend the border only.",
        ),
        "pmf_order": decision(
            "pmf_order",
            tuple(PmfOrder),
            PmfOrder.STAY_IN_IRAQ,
            "The PMF chairman's order to the brigades, under the PM's authority.",
        ),
        "admit_soldiers": decision(
            "admit_soldiers",
            tuple(AdmitSoldiers),
            AdmitSoldiers.TURN_BACK,
            "Let fleeing Syrian soldiers in (disarmed), or turn them back.",
        ),
        "recognise_outcome": decision(
            "recognise_outcome",
            tuple(Recognition),
            Recognition.DENOUNCE,
            "Recognise the new order in Damascus, or denounce it.",
        ),
    }
    PARAMETERS = (
        p(
            "loyalty_iran",
            default=0.25,
            low=0.05,
            high=0.6,
            meaning="Weight Sudani gives Tehran's demands, 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶1, he marginalised groups "
            "beholden to Iran.",
            basis=Basis.ASSUMPTION,
            range_reason="Lower part of the scale, as the direction implies; otherwise wide "
            "because unknown.",
            slider=True,
        ),
        p(
            "loyalty_framework",
            default=0.35,
            low=0.1,
            high=0.7,
            meaning="Weight he gives the Coordination Framework that appointed him, 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶2, running as the Framework's "
            "candidate is compromised by the wiretap scandal.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "risk_aversion",
            default=0.8,
            low=0.4,
            high=1.0,
            meaning="Sudani's aversion to war: weight of the risk of dragging Iraq into another "
            "war (raised by the strike threat) against sending the army (in full), promising Assad "
            "and ordering the PMF out (half), 0-1.",
            source="Assumption. Direction: Art. Hawkish declarations ¶1, he told Parliament he "
            "would not drag Iraqis into another war; TL 4 Dec ('45 million into the unknown'). "
            "The same facts are the observable no_iraqi_army.",
            basis=Basis.ASSUMPTION,
            range_reason="Upper part of the scale, as the direction implies; the 'Baghdad sends "
            "the army' counterfactual lives below it.",
            slider=True,
        ),
        p(
            "electoral_incentive",
            default=0.6,
            low=0.2,
            high=0.9,
            meaning="Weight of the 2025 election in his choices, 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶1 (hopes to regain office "
            "after the autumn 2025 election) and ¶3 (Syria as a political opportunity).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
            slider=True,
        ),
        p(
            "security_weight",
            default=0.7,
            low=0.4,
            high=1.0,
            meaning="Weight of threats from across the Syrian border, 0-1.",
            source="Assumption. Direction: Art. Hot and cold relations ¶2, ISIS was incubated on "
            "the shared border; Intro ¶1 (Iraq will not be a passive spectator).",
            basis=Basis.ASSUMPTION,
            range_reason="Upper part of the scale, as the direction implies; otherwise unknown.",
        ),
        p(
            "sovereignty_weight",
            default=0.5,
            low=0.2,
            high=0.8,
            meaning="Value of a neutral, sovereign posture (also toward the new US "
            "administration), 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶3, the crisis lets him assert "
            "Iraq's sovereignty and a neutral posture.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "turkey_ties_weight",
            default=0.5,
            low=0.2,
            high=0.8,
            meaning="Value of safeguarding Turkish-Iraqi relations, 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶3, relations with Turkey are "
            "developing rapidly and worth safeguarding.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "admit_weight",
            default=0.5,
            low=0.2,
            high=0.8,
            meaning="Humanitarian and security value of taking in disarmed soldiers, 0-1.",
            source="Assumption. Direction: Art. Hawkish declarations ¶2 and TL 7 Dec, soldiers "
            "were admitted, disarmed, held and later returned (the same facts are the observable "
            "soldiers_cross).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "pmf_chairman_loyalty_iran",
            default=0.4,
            low=0.1,
            high=0.8,
            meaning="Weight the PMF chairman gives Tehran's demands, 0-1.",
            source="Assumption. Art. Hawkish declarations ¶1 and TL 2 Dec say only that the PMF "
            "head ruled out involvement, which points to a weight too low to override the PM; the "
            "value itself is not sourced.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; carries the 'PMF chairman deploys' counterfactual.",
        ),
        p(
            "pm_authority",
            default=0.6,
            low=0.3,
            high=0.9,
            meaning="Weight of the PM's command over the PMF chairman, 0-1.",
            source="Assumption. Direction: Art. Grass-roots mobilisation ¶1, brigades placed under "
            "the PM's orders (at least formally); Art. Changes in Baghdad ¶3 (the crisis shows "
            "the PMF's loyalty to the state).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; the article's 'at least formally' keeps it off 1.",
        ),
        p(
            "border_cost",
            default=0.05,
            low=0.01,
            high=0.25,
            meaning="Cost of each step of border closure (trade, Anbar's crossings), quadratic.",
            source="Calibrated (A6) by axis-sim calibrate, to the border reinforced at once and "
            "closed only as the threat rises (TL 29 Nov reinforced, 30 Nov 'sealed', 8 Dec al-Qaim "
            "closed): the decision points border_reinforced and border_sealed, in-sample.",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it), widened down from "
            "0.05 after the fit stopped at it; the fit is docs/calibration/baseline.json.",
        ),
        p(
            "switching_cost",
            default=0.1,
            low=0.0,
            high=0.3,
            meaning="Utility cost of changing a posture (border, army, PMF order) on a review.",
            source="Assumption (A1, A10): a cabinet decision has a price in time and face.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "warning_base",
            default=-4.333,
            low=-6.0,
            high=-1.0,
            meaning="Log-log intercept of the daily hazard that Sudani warns Ankara.",
            source="Calibrated (A10): with the spill-over belief and the offensive's approach to "
            "the next city as covariates, the warning came on 3 Dec as HTS closed on Hama (Intro "
            "¶1).",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it).",
        ),
        p(
            "warning_approach_weight",
            default=6.667,
            low=0.0,
            high=8.0,
            meaning="Weight, in the log-log hazard of Sudani's warning, of the offensive's "
            "approach to the next city once it has taken one (0-1).",
            source="Calibrated (A10) by axis-sim calibrate with warning_base, to the warning's "
            "date (3 Dec, as HTS closed on Hama: Intro ¶1): the decision point "
            "sudani_warns_erdogan, in-sample.",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it), from no effect to "
            "a hazard that rises about e^8-fold as the offensive reaches the next city; the fit is "
            "docs/calibration/baseline.json.",
        ),
        p(
            "warning_spillover_weight",
            default=6.0,
            low=2.0,
            high=10.0,
            meaning="Weight, in the log-log hazard of Sudani's warning, of the spill-over risk "
            "Baghdad believes in (times security_weight).",
            source="Assumption (A10): the warning named the repercussions of events in Syria for "
            "Iraq (Intro ¶1); how strongly the fear timed it is unknown.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "recognition_base",
            default=0.0,
            low=-2.0,
            high=2.0,
            meaning="Log-log intercept of the daily hazard of taking a public line on the new "
            "order in Damascus.",
            source="Assumption (A10): Baghdad spoke within a day of the fall (TL 8 Dec).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "standing_initial",
            default=0.6,
            low=0.4,
            high=0.8,
            meaning="Sudani's political standing on 27 Nov, 0-1.",
            source="Assumption. Direction: Art. Changes in Baghdad ¶1, contrary to expectations "
            "Sudani became popular (but has no electoral base).",
            basis=Basis.ASSUMPTION,
            range_reason="Middle to upper part of the scale, as the direction implies.",
        ),
        p(
            "standing_cost_war",
            default=0.2,
            low=0.05,
            high=0.4,
            meaning="Standing lost, per unit of war-weariness, by sending the army.",
            source="Assumption (A6). Direction: Art. A defunct alliance ¶3, society longs for an "
            "end to the violence.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "standing_gain_neutrality",
            default=0.004,
            low=0.0,
            high=0.01,
            meaning="Daily standing gained, per unit of anti-war mood, while Iraq stays out.",
            source="Assumption (A6). Direction: Art. Changes in Baghdad ¶3, Maliki's manoeuvres "
            "to replace him floundered as he kept Iraq out.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown: none to a few points over the month.",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.border_posture = BorderPosture.NORMAL
        self.border_raised_at_risk = 0.0
        self.army_deploy_day: int | None = None
        self.army: deploy.Deployment | None = None  # the force sent, on the road or at the front
        self.pmf_order = PmfOrder.STAY_IN_IRAQ
        self.warned_turkey_day: int | None = None
        self.words_to_damascus: str | None = None
        self.admission_policy: str | None = None
        self.non_intervention_day: int | None = None
        self.recognition: str | None = None

    @property
    def army_in_syria(self) -> float:
        """Share of the army sent that is in Syria (on the road or at the front), 0-1."""
        return 0.0 if self.army is None else self.army.strength / self._army_men()

    @property
    def army_at_front(self) -> float:
        """Share of the army sent that has reached the front and still fights, 0-1."""
        if self.army is None or not self.army.arrived(self.model.day):
            return 0.0
        return self.army.strength / self._army_men()

    def _army_men(self) -> float:
        return self.model.params["deployment.army_men"]

    # Forces in Syria: read by interdiction and attrition ------------------------------
    def forces(self) -> list[deploy.Deployment]:
        return [] if self.army is None else [self.army]

    def exposed_men(self) -> float:
        """The army is a new, visible presence: all of it is exposed to strikes."""
        return 0.0 if self.army is None else self.army.strength

    def suffer_strike(self, share: float) -> None:
        if self.army is not None:
            self.army.strength *= 1.0 - share

    def watched_event_today(self) -> bool:
        """Syrian soldiers fleeing toward al-Qaim are news at the border."""
        return self.model.front.soldiers_fleeing > 0

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
            "iran_pressure": self.param("loyalty_iran") * world.iran_call_heard,
            "framework_pressure": self.param("loyalty_framework") * world.framework_pressure,
        }

    def _war_risk(self) -> float:
        return self.param("risk_aversion") * (1.0 + 0.5 * self.beliefs.strike_risk)

    def _electoral_gain(self) -> float:
        return self.param("electoral_incentive") * self.model.world.anti_war_mood

    # Postures ----------------------------------------------------------------------------
    def set_border_posture(self) -> None:
        """A ratchet: loosening the border is on the table only once the spill-over belief has
        fallen below half of what it was when the border was last tightened."""
        before = _POSTURES.index(self.border_posture)
        self.border_posture = self.review("border_posture", self.border_posture, self._border_terms)
        if _POSTURES.index(self.border_posture) > before:
            self.border_raised_at_risk = self.beliefs.spillover_risk

    def _border_terms(self) -> dict[str, Terms]:
        threat = self.param("security_weight") * self.beliefs.spillover_risk
        cost = self.param("border_cost")
        current = _POSTURES.index(self.border_posture)
        may_loosen = self.beliefs.spillover_risk < 0.5 * self.border_raised_at_risk
        return {
            posture: {"security_threat": threat * level, "closure_cost": -cost * level**2}
            for level, posture in enumerate(_POSTURES)
            if level >= current or may_loosen
        }

    def consider_sending_army(self) -> None:
        """A posture reviewed on news; sending the army is done once. Refusing while publicly
        pressed to send it makes the line public (:meth:`declare_non_intervention`)."""
        if self.army_deploy_day is not None or self.model.front.collapsed:
            return
        world = self.model.world
        pressed = world.framework_pressure > world.framework_baseline + 0.1
        choice = self.review("send_army", SendArmy.BORDER_ONLY, self._army_terms)
        if choice == SendArmy.SEND:
            self.army_deploy_day = self.model.day
            params = self.model.params
            self.army = deploy.send(
                self.model.day, params["deployment.army_men"], deploy.delay(params, "army")
            )
            world.sudani_standing -= (
                self.param("standing_cost_war") * self.model.params["context.public_war_weariness"]
            )
            world.shift_relations(-0.15)
        elif pressed and self.reviewed_today("send_army") and self.non_intervention_day is None:
            self.declare_non_intervention()

    def _army_terms(self) -> dict[str, Terms]:
        security = self.param("security_weight") * self.beliefs.spillover_risk
        return {
            SendArmy.SEND: {**self._pressure_terms(), "security_threat": 0.5 * security},
            SendArmy.BORDER_ONLY: {
                "war_risk": self._war_risk(),
                "electoral_gain": self._electoral_gain(),
                "sovereignty": 0.5 * self.param("sovereignty_weight"),
            },
        }

    def declare_non_intervention(self) -> None:
        """The refusal made public (TL 4 Dec, before Parliament): every armed group hears the
        state's line from now on."""
        self.non_intervention_day = self.model.day
        for armed in (*self.model.brigades, *self.model.factions):
            self.model.message(self.actor_id, armed.actor_id, "state_line", 1.0)

    def order_pmf(self) -> None:
        """The chairman's order, reviewed on news; a new order goes to every brigade."""
        if self.pmf_order == PmfOrder.DEPLOY_TO_SYRIA or self.model.front.collapsed:
            return
        before = self.pmf_order
        self.pmf_order = self.review("pmf_order", before, self._pmf_terms)
        if self.pmf_order != before:
            for brigade in self.model.brigades:
                self.model.message(self.actor_id, brigade.actor_id, "order", 1.0)

    def _pmf_terms(self) -> dict[str, Terms]:
        world = self.model.world
        return {
            PmfOrder.STAY_IN_IRAQ: {
                "pm_command": self.param("pm_authority"),
                "war_risk": 0.5 * self._war_risk(),
            },
            PmfOrder.DEPLOY_TO_SYRIA: {
                "chairman_loyalty_iran": self.param("pmf_chairman_loyalty_iran")
                * world.iran_call_heard,
                "framework_pressure": self.param("loyalty_framework") * world.framework_pressure,
            },
        }

    # Choices made once, when their occasion comes -----------------------------------------
    def answer_damascus(self) -> None:
        """Once, when Tehran's call arrives after the first city has fallen (TL 30 Nov-1 Dec)."""
        if self.words_to_damascus is not None or self.model.world.iran_call_heard <= 0.0:
            return
        if not self.model.front.cities_lost() or not self.news_today:
            return
        terms = {
            WordsToDamascus.COMMIT: self._pressure_terms(),
            WordsToDamascus.HEDGE: {
                "war_risk": 0.5 * self._war_risk(),
                "sovereignty": 0.5 * self.param("sovereignty_weight"),
                "electoral_gain": 0.5 * self._electoral_gain(),
            },
        }
        self.words_to_damascus = self.decide("words_to_damascus", terms)

    def handle_fleeing_soldiers(self) -> None:
        """Decided when the first soldiers reach al-Qaim; later arrivals meet the same policy."""
        arriving = self.model.front.soldiers_fleeing
        if arriving <= 0:
            return
        self.model.front.soldiers_fleeing = 0
        if self.admission_policy is None:
            self.admission_policy = self._decide_admission()
        if self.admission_policy == AdmitSoldiers.ADMIT:
            self.model.world.soldiers_admitted += arriving

    def _decide_admission(self) -> str:
        risk = self.param("security_weight") * self.beliefs.spillover_risk
        terms = {
            AdmitSoldiers.ADMIT: {
                "humanitarian": self.param("admit_weight"),
                "axis_solidarity": 0.3 * self.param("loyalty_iran"),
            },
            AdmitSoldiers.TURN_BACK: {"infiltration_risk": 0.4 * risk},
        }
        return self.decide("admit_soldiers", terms)

    # One-off acts ------------------------------------------------------------------------
    def address_turkey(self) -> None:
        """A one-off warning to Ankara, likelier by the day as the offensive closes in."""
        if self.warned_turkey_day is not None:
            return
        world, evidence = self.model.world, self.model.evidence
        timing = {
            "baseline": self.param("warning_base"),
            "spillover_risk": self.param("warning_spillover_weight")
            * self.param("security_weight")
            * self.beliefs.spillover_risk,
            "offensive_approach": self.param("warning_approach_weight")
            * evidence.approach
            * min(evidence.cities_lost, 1),
            "turkey_ties": -self.param("turkey_ties_weight") * world.turkey_iraq_relations,
        }
        if self.attempt("turkey_diplomacy", TurkeyDiplomacy.WARN, timing):
            self.warned_turkey_day = self.model.day
            self.model.message(self.actor_id, "turkey", "warning", 1.0)
            world.shift_relations(-0.02)

    def consider_recognition(self) -> None:
        """Once the regime has fallen, a public line on the new order (a one-off act)."""
        if self.recognition is not None or not self.model.front.collapsed:
            return
        world = self.model.world
        reassured = 0.3 if self.model.hts.reassured_day is not None else 0.0
        choices = {
            Recognition.RECOGNISE: {
                "sovereignty": 0.5 * self.param("sovereignty_weight"),
                "electoral_gain": 0.5 * self._electoral_gain(),
                "turkey_ties": 0.5 * self.param("turkey_ties_weight") * world.turkey_iraq_relations,
                "hts_reassurance": reassured,
            },
            Recognition.DENOUNCE: self._pressure_terms(),
        }
        timing = {"baseline": self.param("recognition_base")}
        self.recognition = self.attempt("recognise_outcome", Recognition.RECOGNISE, timing, choices)

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
        """The regular army at the front, on the axis and in the east alike."""
        army = sum([0.5 * model.params["front.army_value"] * gov.army_at_front for gov in agents])
        return FrontHelp(axis=army, east=army)

    @classmethod
    def morale_support(cls, agents, model: ModelView) -> float:
        """An Iraqi army at the regime's side (arrived) counts twice Tehran's full pressure."""
        return sum([2 * gov.army_at_front for gov in agents])

    def stance(self) -> Stance:
        if self.army_in_syria:
            return ESCALATING, "army in Syria"
        if self.pmf_order == PmfOrder.DEPLOY_TO_SYRIA:
            return ESCALATING, "orders the PMF to Syria"
        tone = HEDGING if self.words_to_damascus == WordsToDamascus.COMMIT else HOLDING_BACK
        return tone, f"border: {self.border_posture}"
