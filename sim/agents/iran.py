"""Iran: presses Baghdad and the factions to fight for Assad, hedges, or lets him go.

Source: Art. Hawkish declarations ¶3 (the open question: did Tehran abandon Assad before the
offensive?), Art. A defunct alliance ¶3 (Tehran's exasperation with Assad), TL 1-6 Dec (public
pledges, contested requests) and 9 Dec (a channel to the new rulers).
"""

from __future__ import annotations

from enum import StrEnum

from sim.agents.base import CrisisAgent
from sim.core.decisions import decision
from sim.core.params import Basis, params_for
from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, Stance
from sim.core.view import FrontHelp, ModelView


class Posture(StrEnum):
    """Iran's posture toward Assad."""

    PRESS = "press"
    HEDGE = "hedge"
    LET_GO = "let_go"


class HtsChannel(StrEnum):
    """A channel to HTS, once Assad has fallen."""

    OPEN = "open_channel"
    NONE = "no_channel"


class Evacuation(StrEnum):
    """Iran's advisers and diplomats in Syria."""

    EVACUATE = "evacuate"
    STAY = "stay"


_EROSION = {Posture.LET_GO: 1.0, Posture.HEDGE: 0.3, Posture.PRESS: 0.0}
p = params_for("iran")


class Iran(CrisisAgent):
    """The patron of the Axis. Its posture sets the pressure every Iraqi actor feels."""

    KIND = "iran"
    INSTANCES = ("iran",)
    DECISIONS = {
        "posture": decision(
            "posture",
            tuple(Posture),
            Posture.PRESS,
            "Press Baghdad and the factions to fight for Assad, hedge, or let go.",
            ladder=True,
        ),
        "hts_channel": decision(
            "hts_channel",
            tuple(HtsChannel),
            HtsChannel.NONE,
            "Open a channel of communication to HTS (a one-off act, once Assad has fallen).",
        ),
        "evacuate_personnel": decision(
            "evacuate_personnel",
            tuple(Evacuation),
            Evacuation.STAY,
            "Bring Iran's advisers and diplomats home from Syria (a one-off act, once Tehran has "
            "stopped pressing).",
        ),
    }
    PARAMETERS = (
        p(
            "commitment_to_assad",
            default=0.45,
            low=0.05,
            high=0.95,
            meaning="Value Tehran puts on keeping Assad in power, 0-1.",
            source="Assumption: Art. Hawkish declarations ¶3 leaves open whether Tehran had given "
            "up on Assad before the offensive; TL 1-3 Dec public pledges against TL 9 and 17 Dec "
            "reports. A mid value for an open question.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown: the article's open question (Hawkish declarations "
            "¶3), with support for both readings in the timeline.",
            slider=True,
        ),
        p(
            "exasperation_with_assad",
            default=0.6,
            low=0.1,
            high=0.9,
            meaning="Tehran's frustration with an ally 'useless' at home and absent against "
            "Israel, 0-1.",
            source="Assumption. Direction: Art. A defunct alliance ¶3 names Tehran's "
            "exasperation with the ousted president; Art. Hawkish declarations ¶3 only asks "
            "whether Iran saw him as useless and disloyal. No source sizes it.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; kept above zero because the exasperation is "
            "asserted (A defunct alliance ¶3).",
            slider=True,
        ),
        p(
            "risk_aversion",
            default=0.5,
            low=0.2,
            high=0.9,
            meaning="Iran's aversion to Israeli strikes on its assets and supply lines: weight of "
            "the strike threat against pressing (in full) and hedging (half), 0-1.",
            source="Assumption. Direction: TL ~21 Nov and early Dec, Iranian flights turned back "
            "under Israeli warning (low-medium confidence); Art. A defunct alliance ¶1 (Hezbollah "
            "already damaged).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; kept off zero because Tehran did turn flights "
            "back.",
            slider=True,
        ),
        p(
            "pragmatism",
            default=0.6,
            low=0.2,
            high=0.9,
            meaning="Readiness to deal with whoever wins, 0-1.",
            source="Assumption. Direction: Art. Hawkish declarations ¶2 and TL 9 Dec, Tehran "
            "opened a channel to HTS (the same fact is the observable iran_channel_to_hts, so it "
            "is in-sample).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "hedging_value",
            default=0.1,
            low=0.0,
            high=0.6,
            meaning="Value of keeping options open while the regime's survival is most uncertain.",
            source="Calibrated (A1) by axis-sim calibrate, to Iran's hedge from ~6 Dec (the "
            "contradictory reports of TL 6 Dec: requests to Baghdad and orders not to fight): the "
            "decision point iran_hedges, in-sample.",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it), from no hedging "
            "motive (0) up; the fit is docs/calibration/baseline.json.",
        ),
        p(
            "switching_cost",
            default=0.15,
            low=0.0,
            high=0.4,
            meaning="Utility cost of leaving the current posture on a review (reversing a line).",
            source="Assumption (A1, A10): states rarely reverse a public line overnight.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "evacuation_base",
            default=-6.0,
            low=-9.0,
            high=-2.0,
            meaning="Log-log intercept of the daily hazard of evacuating Iran's personnel.",
            source="Calibrated (A10, A16) by axis-sim calibrate with evacuation_lost_weight, to "
            "the evacuation's dates (the embassy's staff had left by 8 Dec: TL 8 Dec): the "
            "decision point iran_evacuates, in-sample. The hazard runs only once Tehran has "
            "stopped pressing (A16).",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it), widened down from "
            "-6 to -9 after the fit stopped at -6; the fit is "
            "docs/calibration/baseline.json.",
        ),
        p(
            "evacuation_lost_weight",
            default=6.0,
            low=0.0,
            high=12.0,
            meaning="Weight, in the log-log hazard of Iran's evacuation, of Tehran's belief that "
            "the regime is lost (1 - survival).",
            source="Calibrated (A10, A16) by axis-sim calibrate with evacuation_base, to the "
            "decision point iran_evacuates (TL 8 Dec), in-sample.",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it), from no effect to "
            "a hazard that rises about e^12-fold as the regime's survival goes from sure to lost; "
            "the fit is docs/calibration/baseline.json.",
        ),
        p(
            "channel_base",
            default=-1.0,
            low=-3.0,
            high=1.0,
            meaning="Log-log intercept of the daily hazard of opening a channel to the new rulers.",
            source="Assumption (A8, A10): a channel within days of the fall (TL 9 Dec).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "pressure_intensity",
            default=1.0,
            low=0.5,
            high=2.0,
            meaning="How hard Iran presses when it presses (1 = as in 2024).",
            source="Assumption: 1 is the unit of pressure by definition; TL 6 Dec reports requests "
            "to Baghdad but they are contested.",
            basis=Basis.ASSUMPTION,
            range_reason="Half to twice the 2024 unit: the counterfactual 'Iran all in' lives at "
            "the top; no source sizes it.",
        ),
        p(
            "hedge_pressure",
            default=0.4,
            low=0.2,
            high=0.6,
            meaning="Share of full pressure Iran still applies while hedging.",
            source="Assumption (A1): hedging keeps public support (TL 1 Dec pledge) without "
            "demands.",
            basis=Basis.ASSUMPTION,
            range_reason="Between 'mostly words' and 'more than half of full pressure'; otherwise "
            "unknown.",
        ),
        p(
            "adviser_strength",
            default=0.15,
            low=0.0,
            high=0.5,
            meaning="Defence Iranian advisers (and the militias they direct) add on the axis "
            "while Iran presses.",
            source="Value an assumption (A5): advisers and supplies, limited by Israeli "
            "interdiction (TL ~21 Nov and early Dec). Range from reference cases "
            "(docs/assumptions.md, Reference cases): in 2016 IRGC officers directed some 5,000 "
            "foreign fighters around Aleppo with open air and land corridors, built up over "
            "months; in Dec 2024 flights were turned back and Hezbollah was spent.",
            basis=Basis.REFERENCE_CASE,
            range_reason="From nothing (supply cut) to a fraction of the Aleppo 2016 effort "
            "reachable in weeks (0.5, about 1,500 fighters at front.fighter_value 0.35): an "
            "order of magnitude; carries the 'Iran all in' counterfactual.",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.posture = Posture.PRESS
        self.letgo_day: int | None = None
        self.stopped_pressing_day: int | None = None
        self.hts_channel_day: int | None = None
        self.evacuation_day: int | None = None

    def step(self) -> None:
        self.review_posture()
        self.consider_evacuation()
        self.consider_hts_channel()

    @property
    def pressure(self) -> float:
        """The pressure Iran puts on Iraqi actors, 0 (let go) to ~2 (all in)."""
        level = {
            Posture.PRESS: 1.0,
            Posture.HEDGE: self.param("hedge_pressure"),
            Posture.LET_GO: 0.0,
        }[self.posture]
        return level * self.param("pressure_intensity")

    def review_posture(self) -> None:
        """Reviewed on news; each review renews Tehran's call to its Iraqi allies (there is no
        call before the first review: before the offensive nobody was asked to fight).

        Letting go is a ratchet within the month: once Tehran has let go, pressing again is not
        on the table (hedging is).
        """
        self.posture = self.review("posture", self.posture, self._posture_terms)
        if not self.reviewed_today("posture"):
            return
        if self.posture != Posture.PRESS and self.stopped_pressing_day is None:
            self.stopped_pressing_day = self.model.day
        if self.posture == Posture.LET_GO and self.letgo_day is None:
            self.letgo_day = self.model.day
        self.press_allies()

    def _posture_terms(self) -> dict[str, dict[str, float]]:
        commitment = self.param("commitment_to_assad")
        exasperation = self.param("exasperation_with_assad")
        viability = self.beliefs.survival
        uncertainty = 4.0 * viability * (1.0 - viability)  # highest when survival is a coin toss
        exposure = self.param("risk_aversion") * self.beliefs.strike_risk
        terms = {
            Posture.PRESS: {
                "stake_in_assad": 2 * commitment * viability,
                "strike_exposure": -exposure,
            },
            Posture.HEDGE: {
                "stake_in_assad": commitment * viability,
                "strike_exposure": -0.5 * exposure,
                "exasperation": 0.5 * exasperation * (1 - viability),
                "abandonment_cost": -0.25 * commitment,
                "keeping_options": self.param("hedging_value") * uncertainty,
            },
            Posture.LET_GO: {
                "exasperation": exasperation * (1 - viability),
                "abandonment_cost": -0.5 * commitment,
            },
        }
        if self.posture == Posture.LET_GO:
            del terms[Posture.PRESS]
        return terms

    def consider_evacuation(self) -> None:
        """Bring personnel home once the regime looks lost; the advisers leave the front.

        Not while Tehran presses: its advisers are then the help it sends, and pulling them out
        would undo its own line (A16). The act waits for a review that leaves pressing."""
        if self.evacuation_day is not None or self.posture == Posture.PRESS:
            return
        timing = {
            "baseline": self.param("evacuation_base"),
            "regime_lost": self.param("evacuation_lost_weight") * (1.0 - self.beliefs.survival),
            "strike_exposure": 2.0 * self.param("risk_aversion") * self.beliefs.strike_risk,
        }
        if self.attempt("evacuate_personnel", Evacuation.EVACUATE, timing):
            self.evacuation_day = self.model.day
            for target in self.model.iraqi_actor_ids():
                self.model.message(self.actor_id, target, "evacuation", 1.0)

    def consider_hts_channel(self) -> None:
        """Once Assad has fallen (assumption A8: no channel to the rebels while he stands)."""
        if self.hts_channel_day is not None or not self.model.front.collapsed:
            return
        timing = {
            "baseline": self.param("channel_base"),
            "pragmatism": 3.0 * self.param("pragmatism"),
            "loyalty_to_assad": -1.5 * self.param("commitment_to_assad"),
        }
        if self.attempt("hts_channel", HtsChannel.OPEN, timing):
            self.hts_channel_day = self.model.day
            self.model.message(self.actor_id, "hts", "channel", 1.0)

    def press_allies(self) -> None:
        """Tehran's call to the Iraqi government, PMF brigades and factions (read tomorrow)."""
        pressure = self.pressure
        self.model.world.iran_pressure = pressure
        if pressure <= 0.0:
            return
        for target in self.model.iraqi_actor_ids():
            self.model.message(self.actor_id, target, "pressure", pressure)

    def adviser_help(self) -> float:
        """Defence Iranian advisers add on the axis (while Iran presses and has not evacuated)."""
        if self.posture != Posture.PRESS or self.evacuation_day is not None:
            return 0.0
        return self.param("adviser_strength") * self.model.world.iran_supply

    def loyalty_erosion(self) -> float:
        """How fast today's posture erodes the armed groups' loyalty (full while letting go)."""
        return _EROSION[self.posture]

    # Hooks ---------------------------------------------------------------------------------
    @classmethod
    def front_help(cls, agents, model: ModelView) -> FrontHelp:
        """Iranian advisers on the axis."""
        return FrontHelp(axis=sum([iran.adviser_help() for iran in agents]))

    @classmethod
    def morale_support(cls, agents, model: ModelView) -> float:
        """Tehran's pressure, seen in Damascus (capped at full pressure)."""
        return min(model.world.iran_pressure, 1.0)

    def stance(self) -> Stance:
        tone = {Posture.PRESS: ESCALATING, Posture.HEDGE: HEDGING}.get(self.posture, HOLDING_BACK)
        return tone, f"posture: {self.posture}"
