"""Iraqi 'Resistance' factions: armed groups acting outside the PMF framework.

Source: Art. Hot and cold relations ¶4 (sent to Syria from 2012-13 with Iran's backing, on the
pretext of protecting the shrines), Art. Grass-roots mobilisation ¶2 (deniable 'Resistance'
fighters in Syria), Art. Hawkish declarations ¶1 (present in Deir al-Zor, reinforced by several
hundred men, pressed Baghdad to send troops), ¶2 (sent fighters home even before the regime
collapsed; some cited their PMF membership) and ¶3 (balked, probably for fear of Israeli
strikes); TL 1-2 Dec.
"""

from __future__ import annotations

from sim.agents.base import CrisisAgent
from sim.core.decisions import decision
from sim.core.params import Param
from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, Stance
from sim.core.view import FrontHelp, ModelView

KIND = "resistance_faction"
REINFORCE, HOLD, WITHDRAW = "reinforce", "hold", "withdraw"

# instance: (loyalty_iran, loyalty_state, fear_of_strikes, political_stake, fighters, why)
_FACTIONS = {
    "kataib_hezbollah": (
        0.9,
        0.2,
        0.6,
        0.3,
        400,
        "Closest to Tehran (Art. Hot and cold ¶4); its founder killed by a US "
        "drone (Art. Grass-roots ¶2); struck again by the US (TL 29 Nov, 3 Dec); "
        "'not yet decided' on sending men (TL 2 Dec).",
    ),
    "harakat_al_nujaba": (
        0.9,
        0.15,
        0.5,
        0.1,
        300,
        "Tehran-aligned, outside government; crossed near Albu Kamal on 1 Dec (TL).",
    ),
    "kataib_sayyid_al_shuhada": (
        0.8,
        0.3,
        0.5,
        0.3,
        250,
        "Long present in Syria with Iran's backing (Art. Hot and cold ¶4).",
    ),
    "asaib_ahl_al_haqq": (
        0.6,
        0.5,
        0.6,
        0.7,
        100,
        "Split from Sadr (Art. Hot and cold ¶4); now a party of government "
        "(Art. Changes in Baghdad ¶2; A defunct alliance ¶3).",
    ),
    "badr": (
        0.65,
        0.55,
        0.6,
        0.8,
        150,
        "Oldest Iran-backed group (Art. Hot and cold ¶4), deep in the state and the "
        "Framework; its men crossed on 1 Dec (TL).",
    ),
}


def _instance_params() -> tuple[Param, ...]:
    rows = []
    for name, (iran, state, fear, stake, fighters, why) in _FACTIONS.items():
        rows += [
            Param(
                name,
                "loyalty_iran",
                iran,
                max(0.0, iran - 0.25),
                min(1.0, iran + 0.1),
                "Weight of Tehran's call, 0-1.",
                why,
            ),
            Param(
                name,
                "loyalty_state",
                state,
                max(0.0, state - 0.15),
                min(1.0, state + 0.2),
                "Weight of the Iraqi state's line, 0-1.",
                why,
            ),
            Param(
                name,
                "fear_of_strikes",
                fear,
                max(0.0, fear - 0.3),
                min(1.0, fear + 0.3),
                "Fear of Israeli and US air strikes, 0-1.",
                "Art. Hawkish declarations ¶3: factions balked, probably for fear of Israeli "
                "strikes. " + why,
            ),
            Param(
                name,
                "political_stake",
                stake,
                max(0.0, stake - 0.2),
                min(1.0, stake + 0.2),
                "What the group stands to lose in Iraqi politics by a war, 0-1.",
                "Art. A defunct alliance ¶3: cadres went into politics and gained notability. "
                + why,
            ),
            Param(
                name,
                "fighters_initial",
                float(fighters),
                fighters * 0.5,
                fighters * 1.5,
                "Fighters in Syria (mostly the Deir ez-Zor pocket) on 27 Nov.",
                "Assumption (A5): the article says the factions were present in Deir al-Zor "
                "(Hawkish declarations ¶1) without numbers; hundreds per group.",
            ),
        ]
    return tuple(rows)


class ResistanceFaction(CrisisAgent):
    """A deniable faction: reinforces, holds or brings its fighters home; presses Baghdad."""

    KIND = KIND
    IRAQI = True
    INSTANCES = tuple(_FACTIONS)
    DECISIONS = {
        "syria_deployment": decision(
            "syria_deployment",
            (REINFORCE, HOLD, WITHDRAW),
            HOLD,
            "Send more fighters to Syria, hold, or bring them home.",
        ),
        "press_baghdad": decision(
            "press_baghdad",
            ("press", "quiet"),
            "quiet",
            "Call publicly on the government to send the army.",
        ),
    }
    PARAMETERS = (
        *_instance_params(),
        Param(
            KIND,
            "reinforcement_pool",
            250.0,
            50.0,
            600.0,
            "Volunteers a faction can still send from Iraq during the month.",
            "Art. Hawkish declarations ¶1: several hundred more men from Iraq, plus recruitment "
            "drives; TL 1 Dec: 'a few hundred' crossed.",
        ),
        Param(
            KIND,
            "reinforcement_batch",
            100.0,
            50.0,
            200.0,
            "Fighters sent in one day of reinforcement.",
            "TL 1 Dec: a few hundred crossed in one night, across several groups.",
        ),
        Param(
            KIND,
            "mobilisation_cost",
            0.15,
            0.05,
            0.4,
            "Cost of sending more men (logistics, crossing outside official points).",
            "TL 1 Dec: the crossing was made outside the official border post; assumption A1.",
        ),
        Param(
            KIND,
            "withdraw_share",
            0.5,
            0.25,
            1.0,
            "Share of its fighters a faction brings home per day of withdrawal.",
            "Assumption (A5): a pull-back over a few days, as before 8 Dec (Art. Hawkish "
            "declarations ¶2).",
        ),
        Param(
            KIND,
            "fear_learning",
            0.3,
            0.0,
            0.6,
            "Rise in fear of strikes per unit of strike intensity.",
            "Art. Hawkish declarations ¶3; TL 29 Nov and 3 Dec (US strikes near a US base).",
        ),
        Param(
            KIND,
            "standing_presence",
            0.3,
            0.1,
            0.6,
            "Value of keeping a deployment held in Syria since 2012-13 (status quo bias).",
            "Art. Hot and cold relations ¶4 (in Syria since 2012-13) and Art. Grass-roots "
            "mobilisation ¶1 (kept a presence in Syria after 2014); assumption A1 for the size.",
        ),
        Param(
            KIND,
            "public_pressure",
            0.05,
            0.0,
            0.15,
            "Pressure on Baghdad added by one faction's public call for intervention, per day.",
            "Art. Hawkish declarations ¶1 (the factions wanted regular troops sent); TL 2 Dec "
            "(KH's statement). Size: assumption A6.",
        ),
        Param(
            KIND,
            "pmf_cover",
            0.3,
            0.0,
            0.6,
            "Value of citing PMF membership to justify leaving, for groups with a brigade.",
            "Art. Hawkish declarations ¶2: some factions cited their PMF membership to justify "
            "abandoning the struggle.",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.group = actor_id
        self.loyalty_iran = self.param("loyalty_iran")
        self.loyalty_state = self.param("loyalty_state")
        self.fear_of_strikes = self.param("fear_of_strikes")
        self.fighters_in_syria = self.param("fighters_initial")
        self.reserve = self.param("reinforcement_pool")
        self.sent_from_iraq = 0.0
        self.pressing = False
        self.last_deployment = HOLD  # the last syria_deployment choice

    def step(self) -> None:
        self.erode_loyalty()
        self.choose_deployment()
        self.consider_pressing_baghdad()

    def erode_loyalty(self) -> None:
        self.loyalty_iran = self.model.eroded_loyalty(self.loyalty_iran)

    def learn_fear(self, intensity: float) -> None:
        """Strikes on the factions raise their fear of further strikes."""
        self.fear_of_strikes = min(
            1.0, self.fear_of_strikes + self.param("fear_learning") * intensity
        )

    def choose_deployment(self) -> None:
        world, front = self.model.world, self.model.front
        iran_call = self.loyalty_iran * world.iran_pressure
        exposure = self.fear_of_strikes * world.strike_threat
        state_line = self.loyalty_state * (1.0 if self.model.government.army_in_syria else -1.0)
        terms = {HOLD: {"iran_call": 0.5 * iran_call}}
        if self.reserve > 0 and not front.collapsed:
            terms[REINFORCE] = {
                "iran_call": iran_call,
                "shrine_duty": 0.5 * self.loyalty_iran * front.shrine_threat(),
                "strike_fear": -0.5 * exposure,
                "state_line": 0.5 * state_line,
                "political_cost": -0.5 * self.param("political_stake") * world.anti_war_mood,
                "mobilisation_cost": -self.param("mobilisation_cost"),
            }
        if self.fighters_in_syria > 0:
            terms[WITHDRAW] = {
                "strike_fear": 0.5 * exposure,
                "futility": front.decline(),
                "standing_presence": -self.param("standing_presence"),
                "state_line": -0.5 * state_line,
                "pmf_cover": self._pmf_cover() * front.decline(),
            }
        choice = self.decide("syria_deployment", terms)
        self.last_deployment = choice
        if choice == REINFORCE:
            sent = min(self.reserve, self.param("reinforcement_batch"))
            self.reserve -= sent
            self.fighters_in_syria += sent
            self.sent_from_iraq += sent
        elif choice == WITHDRAW:
            home = max(50.0, self.fighters_in_syria * self.param("withdraw_share"))
            self.fighters_in_syria = max(0.0, self.fighters_in_syria - home)

    def _pmf_cover(self) -> float:
        """A group with a registered brigade can cite PMF membership to leave without shame."""
        return self.param("pmf_cover") if self.model.group_has_brigade(self.group) else 0.0

    def consider_pressing_baghdad(self) -> None:
        if self.model.front.collapsed or self.model.government.army_in_syria:
            self.pressing = False
            return
        axis_stake = self.model.front.decline() * self.loyalty_iran
        terms = {
            "press": {
                "iran_call": 0.5 * self.loyalty_iran * self.model.world.iran_pressure,
                "axis_stake": 0.5 * axis_stake,
            },
            "quiet": {
                "political_stake": 0.5 * self.param("political_stake"),
                "state_loyalty": 0.3 * self.loyalty_state,
            },
        }
        self.pressing = self.decide("press_baghdad", terms) == "press"
        if self.pressing:
            self.model.message(self.actor_id, "iraqi_government", "pressure", 0.5)
            self.model.world.framework_pressure += self.param("public_pressure")

    # Hooks ---------------------------------------------------------------------------------
    @classmethod
    def front_help(cls, agents, model: ModelView) -> FrontHelp:
        """Faction fighters: ``front.frontline_share`` of them on the axis, the rest east."""
        share = model.params["front.frontline_share"]
        factions = sum(f.fighters_in_syria for f in agents) / 1000
        return FrontHelp(fighters_axis=share * factions, fighters_east=(1 - share) * factions)

    def stance(self) -> Stance:
        if self.fighters_in_syria <= 0:
            return HOLDING_BACK, "all home"
        last = self.last_deployment
        tone = {REINFORCE: ESCALATING, WITHDRAW: HOLDING_BACK}.get(last, HEDGING)
        return tone, f"{last}, {self.fighters_in_syria:,.0f} in Syria"
