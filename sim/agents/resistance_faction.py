"""Iraqi 'Resistance' factions: armed groups acting outside the PMF framework.

Source: Art. Hot and cold relations ¶4 (sent to Syria from 2012-13 with Iran's backing, on the
pretext of protecting the shrines), Art. Grass-roots mobilisation ¶2 (deniable 'Resistance'
fighters in Syria), Art. Hawkish declarations ¶1 (present in Deir al-Zor, reinforced by several
hundred men, pressed Baghdad to send troops), ¶2 (sent fighters home even before the regime
collapsed; some cited their PMF membership) and ¶3 (balked, probably for fear of Israeli
strikes); TL 1-2 Dec.

Over 400 lines because the five factions' instance parameters are declared here with their
basis and range reason (one keyword per line), beside the decisions that read them.
"""

from __future__ import annotations

from enum import StrEnum

from sim.agents.base import CrisisAgent
from sim.core import forces as deploy
from sim.core.decisions import decision
from sim.core.params import Basis, Param, params_for
from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, Stance
from sim.core.view import FrontHelp, ModelView

KIND = "resistance_faction"


class SyriaDeployment(StrEnum):
    """A faction's fighters in Syria."""

    REINFORCE = "reinforce"
    HOLD = "hold"
    WITHDRAW = "withdraw"


class PressBaghdad(StrEnum):
    """A faction's public call on Baghdad."""

    PRESS = "press"
    QUIET = "quiet"


# instance: (loyalty_iran, loyalty_state, fear_of_strikes, political_stake, fighters, why). The
# article speaks of the factions as a class; no source gives one group's weights or numbers, so
# every value here is an assumption.
_FACTIONS = {
    "kataib_hezbollah": (
        0.9,
        0.2,
        0.6,
        0.3,
        400,
        "The article does not rank the groups by closeness to Tehran (Art. Hot and cold ¶4: all "
        "committed to Iran's model; KH's high weight is general knowledge); its founder was "
        "killed by a US drone (Art. Grass-roots ¶2); US strikes on militias suspected of "
        "attacks (TL 29 Nov, 3 Dec); 'not yet decided' on sending men (TL 2 Dec).",
    ),
    "harakat_al_nujaba": (
        0.9,
        0.15,
        0.5,
        0.1,
        300,
        "Not named in the article; Tehran-aligned and outside government (general knowledge); "
        "its men crossed near Albu Kamal on 1 Dec (TL).",
    ),
    "kataib_sayyid_al_shuhada": (
        0.8,
        0.3,
        0.5,
        0.3,
        250,
        "Not named in the article; Art. Hot and cold ¶4 says Iraqi groups were sent to Syria "
        "from 2012-13 with strong Iranian backing.",
    ),
    "asaib_ahl_al_haqq": (
        0.6,
        0.5,
        0.6,
        0.7,
        100,
        "Split from Sadr's movement (Art. Hot and cold ¶4); the Framework includes the armed "
        "groups' political wings (Art. Changes in Baghdad ¶2) and cadres went into politics "
        "(Art. A defunct alliance ¶3); AAH's place in government is general knowledge.",
    ),
    "badr": (
        0.65,
        0.55,
        0.6,
        0.8,
        150,
        "Existed before 2012 and committed to Iran's model (Art. Hot and cold ¶4); deep in the "
        "state and the Framework (general knowledge); its men crossed on 1 Dec (TL).",
    ),
}

_UNKNOWN_WEIGHT = "Wide because unknown: no source gives one group's weight (0-1)."


def _instance_params() -> tuple[Param, ...]:
    rows = []
    for name, (iran, state, fear, stake, fighters, why) in _FACTIONS.items():
        rows += [
            Param(
                actor=name,
                name="loyalty_iran",
                default=iran,
                low=0.0,
                high=1.0,
                meaning="Weight of Tehran's call, 0-1.",
                source="Assumption. " + why,
                basis=Basis.ASSUMPTION,
                range_reason=_UNKNOWN_WEIGHT,
            ),
            Param(
                actor=name,
                name="loyalty_state",
                default=state,
                low=0.0,
                high=1.0,
                meaning="Weight of the Iraqi state's line, 0-1.",
                source="Assumption. " + why,
                basis=Basis.ASSUMPTION,
                range_reason=_UNKNOWN_WEIGHT,
            ),
            Param(
                actor=name,
                name="fear_of_strikes",
                default=fear,
                low=0.0,
                high=1.0,
                meaning="Fear of Israeli and US air strikes, 0-1.",
                source="Assumption. Direction: Art. Hawkish declarations ¶3, the factions balked, "
                "'probably' for fear of Israeli strikes. " + why,
                basis=Basis.ASSUMPTION,
                range_reason=_UNKNOWN_WEIGHT,
            ),
            Param(
                actor=name,
                name="political_stake",
                default=stake,
                low=0.0,
                high=1.0,
                meaning="What the group stands to lose in Iraqi politics by a war, 0-1.",
                source="Assumption. Direction: Art. A defunct alliance ¶3, cadres of the armed "
                "groups went into politics and gained notability. " + why,
                basis=Basis.ASSUMPTION,
                range_reason=_UNKNOWN_WEIGHT,
            ),
            Param(
                actor=name,
                name="fighters_initial",
                default=float(fighters),
                low=fighters * 0.25,
                high=fighters * 3.0,
                meaning="Fighters in Syria (mostly the Deir ez-Zor pocket) on 27 Nov.",
                source="Assumption (A5): the article says the factions were present in Deir al-Zor "
                "(Art. Hawkish declarations ¶1) without numbers; hundreds per group.",
                basis=Basis.ASSUMPTION,
                range_reason="Wide because unknown: no source counts the fighters already in "
                "Syria; a quarter to three times the assumed number.",
            ),
        ]
    return tuple(rows)


p = params_for(KIND)


class ResistanceFaction(CrisisAgent):
    """A deniable faction: reinforces, holds or brings its fighters home; presses Baghdad."""

    KIND = KIND
    IRAQI = True
    INSTANCES = tuple(_FACTIONS)
    DECISIONS = {
        "syria_deployment": decision(
            "syria_deployment",
            tuple(SyriaDeployment),
            SyriaDeployment.HOLD,
            "Send more fighters to Syria, hold, or bring them home.",
        ),
        "press_baghdad": decision(
            "press_baghdad",
            tuple(PressBaghdad),
            PressBaghdad.QUIET,
            "Call publicly on the government to send the army.",
        ),
    }
    PARAMETERS = (
        *_instance_params(),
        p(
            "reinforcement_pool",
            default=250.0,
            low=50.0,
            high=600.0,
            meaning="Volunteers a faction can still send from Iraq during the month.",
            source="Assumption. Direction: Art. Hawkish declarations ¶1, several hundred more men "
            "from Iraq in all, plus recruitment drives; TL 1 Dec, 'a few hundred' crossed. The "
            "same facts are the observable a_few_hundred_go_in.",
            basis=Basis.ASSUMPTION,
            range_reason="Per group; the article's 'several hundred' in all fits inside five "
            "groups' pools across the range; otherwise unknown.",
        ),
        p(
            "reinforcement_batch",
            default=100.0,
            low=50.0,
            high=200.0,
            meaning="Fighters sent in one day of reinforcement.",
            source="TL 1 Dec: a few hundred crossed in one night, from two or three groups (Badr, "
            "Nujaba, perhaps KH), about a hundred each. The same fact is the observable "
            "a_few_hundred_go_in.",
            basis=Basis.TIMELINE,
            range_reason="'A few hundred' across two or three groups in one night: 50-200 per "
            "group.",
        ),
        p(
            "mobilisation_cost",
            default=0.15,
            low=0.05,
            high=0.4,
            meaning="Cost of sending more men (logistics, crossing outside official points).",
            source="Assumption (A1). Direction: TL 1 Dec, the crossing was made outside the "
            "official border post.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown, on the A1 scale of costs.",
        ),
        p(
            "switching_cost",
            default=0.15,
            low=0.0,
            high=0.4,
            meaning="Utility cost of changing a faction's deployment or public line on a review.",
            source="Assumption (A10): moving fighters or changing a public line takes orders and "
            "logistics; wide because unknown.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "patron_exit_weight",
            default=0.3,
            low=0.0,
            high=0.6,
            meaning="Pull home, per unit of loyalty to Iran, once Iran has evacuated its own "
            "personnel from Syria.",
            source="Assumption (A10): TL 6 Dec (reports of Iran telling its allies not to fight; a "
            "faction saying Iran left it free to decide) and TL 8 Dec (the embassy's staff had "
            "left); size unknown, wide.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "withdraw_share",
            default=1.0,
            low=0.25,
            high=1.0,
            meaning="Share of its fighters a faction brings home per day of withdrawal.",
            source="Calibrated (A5): sized for a pull-back over a few days that ends before "
            "Damascus falls on 8 Dec (Art. Hawkish declarations ¶2: home even before the regime "
            "collapsed); the observable factions_home_before_fall is therefore in-sample.",
            basis=Basis.CALIBRATED,
            range_reason="Search range of axis-sim calibrate (a grid over it); the fit is "
            "docs/calibration/baseline.json.",
        ),
        p(
            "fear_learning",
            default=0.3,
            low=0.0,
            high=0.6,
            meaning="Rise in fear of strikes per unit of strike intensity.",
            source="Assumption. Direction: Art. Hawkish declarations ¶3 (fear of Israeli "
            "strikes); TL 29 Nov and 3 Dec (US strikes near a US base).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown, from no learning up.",
        ),
        p(
            "standing_presence",
            default=0.3,
            low=0.1,
            high=0.6,
            meaning="Value of keeping a deployment held in Syria since 2012-13 (status quo bias).",
            source="Assumption (A1). Direction: Art. Hot and cold relations ¶4 (in Syria since "
            "2012-13) and Art. Grass-roots mobilisation ¶1 (kept a presence in Syria after 2014).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; kept off zero by the direction.",
        ),
        p(
            "public_pressure",
            default=0.05,
            low=0.0,
            high=0.15,
            meaning="Pressure on Baghdad added by one faction's public call for intervention, per "
            "day.",
            source="Assumption (A6). Direction: Art. Hawkish declarations ¶1 (the factions wanted "
            "regular troops sent); TL 2 Dec (KH's statement).",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown, from no effect up.",
        ),
        p(
            "pmf_cover",
            default=0.3,
            low=0.0,
            high=0.6,
            meaning="Value of citing PMF membership to justify leaving, for groups with a brigade.",
            source="Assumption. Direction: Art. Hawkish declarations ¶2, some factions cited their "
            "PMF membership to justify abandoning the struggle.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown, from no effect up.",
        ),
        p(
            "futility_exponent",
            default=2.0,
            low=1.0,
            high=3.0,
            meaning="How the fall of the regime's prospects weighs on going home: futility ** "
            "futility_exponent (1: in proportion; above 1, a regime in doubt weighs little, a "
            "regime lost settles it).",
            source="Assumption (A14): the fall of Damascus and the flight of the regime's "
            "officials settled it for the factions, who went home just before the collapse "
            "(Art. Hawkish declarations ¶2), after defending the regime for twelve years; the "
            "value 2 is a choice, not a fit.",
            basis=Basis.ASSUMPTION,
            range_reason="From the first form (1, in proportion) to a strongly convex response "
            "(3); wide because unknown.",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.group = actor_id
        self.loyalty_iran = model.starting_loyalty(self.param("loyalty_iran"))
        self.loyalty_state = self.param("loyalty_state")
        self.fear_of_strikes = self.param("fear_of_strikes")
        # the standing presence (at the front since 2012-13), then each batch sent from Iraq
        self.forces_sent = [deploy.Deployment(-1, -1, self.param("fighters_initial"))]
        self.reserve = self.param("reinforcement_pool")
        self.sent_from_iraq = 0.0
        self.pressing = False
        self.deployment = SyriaDeployment.HOLD  # the posture: what it does each day
        self.struck_day: int | None = None

    @property
    def fighters_in_syria(self) -> float:
        """Fighters in Syria: at the front, or on the road to it."""
        return sum([force.strength for force in self.forces_sent])

    @property
    def fighters_at_front(self) -> float:
        return deploy.at_front(self.forces_sent, self.model.day)

    # Forces in Syria: read by interdiction and attrition ------------------------------
    def forces(self) -> list[deploy.Deployment]:
        return self.forces_sent

    def exposed_men(self) -> float:
        """Only batches on the road: the standing presence had lived with strikes for years."""
        return deploy.on_the_road(self.forces_sent, self.model.day)

    def suffer_strike(self, share: float) -> None:
        """A strike on a column on the road: it loses men, and the faction learns fear."""
        for force in self.forces_sent:
            if not force.arrived(self.model.day):
                force.strength *= 1.0 - share
        self.learn_fear(self.model.params["interdiction.threat_rise"])

    def step(self) -> None:
        self.erode_loyalty()
        self.choose_deployment()
        self.move_fighters()
        self.consider_pressing_baghdad()

    def erode_loyalty(self) -> None:
        self.loyalty_iran = self.model.eroded_loyalty(self.loyalty_iran)

    def learn_fear(self, intensity: float) -> None:
        """Strikes on the factions raise their fear of further strikes (and are news)."""
        self.struck_day = self.model.day
        self.fear_of_strikes = min(
            1.0, self.fear_of_strikes + self.param("fear_learning") * intensity
        )

    def choose_deployment(self) -> None:
        """A posture reviewed on news, Tehran's calls, Baghdad's line, strikes on the factions
        and shifts of belief; a reinforcement ends by itself when the volunteers run out."""
        if self.deployment == SyriaDeployment.REINFORCE and self.reserve <= 0:
            self.deployment = self.end_posture(
                "syria_deployment", SyriaDeployment.HOLD, "volunteers_exhausted"
            )
        struck = self.struck_day == self.model.day
        self.deployment = self.review(
            "syria_deployment", self.deployment, self._deployment_terms, due=struck
        )

    def _deployment_terms(self) -> dict[str, dict[str, float]]:
        world, front = self.model.world, self.model.front
        iran_call = self.loyalty_iran * world.iran_call_heard
        exposure = self.fear_of_strikes * self.beliefs.strike_risk
        # Fighters in Syria since 2012-13 had lived with the standing threat: only a rise above
        # it argues for going home, while sending more men exposes them to all of it.
        added_risk = max(0.0, self.beliefs.strike_risk - world.deterrence_baseline)
        leaving = self._futility() ** self.param("futility_exponent")
        state_line = self.loyalty_state * self._state_line()
        terms = {SyriaDeployment.HOLD: {"iran_call": 0.5 * iran_call}}
        if self.reserve > 0 and not front.collapsed:
            terms[SyriaDeployment.REINFORCE] = {
                "iran_call": iran_call,
                "shrine_duty": 0.5 * self.loyalty_iran * front.shrine_threat(),
                # a religious call to defend the shrines (an event kind; none in 2024): the
                # 2014 volunteers answered such a call (Art. Grass-roots mobilisation ¶1)
                "religious_call": world.shrine_call,
                "strike_fear": -0.5 * exposure,
                "state_line": 0.5 * state_line,
                "political_cost": -0.5 * self.param("political_stake") * world.anti_war_mood,
                "mobilisation_cost": -self.param("mobilisation_cost"),
            }
        if self.fighters_in_syria > 0:
            terms[SyriaDeployment.WITHDRAW] = {
                "strike_fear": self.fear_of_strikes * added_risk,
                "futility": leaving,
                "standing_presence": -self.param("standing_presence"),
                "state_line": -0.5 * state_line,
                "pmf_cover": self._pmf_cover() * leaving,
                "patron_gone": self._patron_gone(),
            }
        return terms

    def _futility(self) -> float:
        """How much the regime's prospects have fallen since 27 Nov, 0-1 (fighters had stood by
        it for years: only the fall of its prospects argues for leaving)."""
        prior = self.model.params["beliefs.survival_prior"]
        return max(0.0, 1.0 - self.beliefs.survival / prior)

    def _patron_gone(self) -> float:
        """Once Iran has brought its own people home, its loyal factions are free to follow."""
        if self.model.iran.evacuation_day is None:
            return 0.0
        return self.param("patron_exit_weight") * self.loyalty_iran

    def _state_line(self) -> float:
        """+1 once the Iraqi army is in Syria, -1 once Baghdad has publicly refused to send it,
        else 0: the state's standing non-involvement was nothing new to fighters in Syria."""
        government = self.model.government
        if government.army_in_syria:
            return 1.0
        return -1.0 if government.non_intervention_day is not None else 0.0

    def move_fighters(self) -> None:
        """Carry out the posture: a batch a day while reinforcing, a share a day home."""
        if self.deployment == SyriaDeployment.REINFORCE:
            sent = min(self.reserve, self.param("reinforcement_batch"))
            self.reserve -= sent
            delay = deploy.delay(self.model.params, "faction")
            self.forces_sent.append(deploy.send(self.model.day, sent, delay))
            self.sent_from_iraq += sent
        elif self.deployment == SyriaDeployment.WITHDRAW and self.fighters_in_syria > 0:
            home = max(50.0, self.fighters_in_syria * self.param("withdraw_share"))
            deploy.withdraw(self.forces_sent, self.model.day, home)

    def _pmf_cover(self) -> float:
        """A group with a registered brigade can cite PMF membership to leave without shame."""
        return self.param("pmf_cover") if self.model.group_has_brigade(self.group) else 0.0

    def consider_pressing_baghdad(self) -> None:
        """A public line reviewed on news and messages (a strike on the faction is one); each
        day of pressing adds to the Framework's push, and the first day is a message Baghdad
        reads the next day. It ends, logged, once the army is sent or the regime has fallen."""
        if self.model.front.collapsed or self.model.government.army_in_syria:
            if self.pressing:
                why = "regime_fallen" if self.model.front.collapsed else "army_sent"
                self.end_posture("press_baghdad", PressBaghdad.QUIET, why)
            self.pressing = False
            return
        was_pressing = self.pressing
        current = PressBaghdad.PRESS if was_pressing else PressBaghdad.QUIET
        choice = self.review("press_baghdad", current, self._pressing_terms)
        self.pressing = choice == PressBaghdad.PRESS
        if self.pressing and not was_pressing:
            self.model.message(self.actor_id, "iraqi_government", "pressure", 0.5)
        if self.pressing:
            self.model.world.framework_pressure += self.param("public_pressure")

    def _pressing_terms(self) -> dict[str, dict[str, float]]:
        axis_stake = self._futility() * self.loyalty_iran
        return {
            PressBaghdad.PRESS: {
                "iran_call": 0.5 * self.loyalty_iran * self.model.world.iran_call_heard,
                "axis_stake": 0.5 * axis_stake,
            },
            PressBaghdad.QUIET: {
                "political_stake": 0.5 * self.param("political_stake"),
                "state_loyalty": 0.3 * self.loyalty_state,
            },
        }

    # Hooks ---------------------------------------------------------------------------------
    @classmethod
    def front_help(cls, agents, model: ModelView) -> FrontHelp:
        """Faction fighters at the front: ``front.frontline_share`` of them on the axis, the rest
        east."""
        share = model.params["front.frontline_share"]
        factions = sum([f.fighters_at_front for f in agents]) / 1000
        return FrontHelp(fighters_axis=share * factions, fighters_east=(1 - share) * factions)

    def stance(self) -> Stance:
        if self.fighters_in_syria <= 0:
            return HOLDING_BACK, "all home"
        posture = self.deployment
        tone = {SyriaDeployment.REINFORCE: ESCALATING, SyriaDeployment.WITHDRAW: HOLDING_BACK}.get(
            posture, HEDGING
        )
        return tone, f"{posture}, {self.fighters_in_syria:,.0f} in Syria"
