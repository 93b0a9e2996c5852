"""PMF brigades: registered in the Popular Mobilisation, under the PM's orders, paid by the state.

Source: Art. Grass-roots mobilisation ¶1 (the formal distinction between registered 'brigades'
and 'factions' outside the framework, even within one armed group) and ¶2 (groups play on that
distinction to disclaim operations in Syria; the Mobilisation as such was never deployed
abroad), Art. Hawkish declarations ¶1 (the PMF head ruled out involvement), TL 2 Dec.

A brigade belongs to an armed ``group``; the same group may also field a deniable faction
(``sim/agents/resistance_faction.py``). A group that has a faction sends its volunteers through
the faction, which is why its brigade stays home: the distinction the article describes.
"""

from __future__ import annotations

from enum import StrEnum

from sim.agents.base import CrisisAgent
from sim.core import forces as deploy
from sim.core.decisions import decision
from sim.core.params import Basis, Param, params_for
from sim.core.stance import ESCALATING, HOLDING_BACK, Stance
from sim.core.view import FrontHelp, ModelView

KIND = "pmf_brigade"


class Deployment(StrEnum):
    """A brigade's deployment."""

    STAY = "stay_on_border"
    GO = "go_to_syria"


# instance: (group, loyalty_state, loyalty_iran, why). The article speaks of brigades and factions
# as a class; no source gives one group's weights, so every value here is an assumption.
_BRIGADES = {
    "pmf_badr": (
        "badr",
        0.6,
        0.6,
        "Assumption. Direction: Badr existed before 2012 and is committed to Iran's model (Art. "
        "Hot and cold ¶4); cadres of the armed groups went into politics (Art. A defunct "
        "alliance ¶3). Badr's place in the state is general knowledge, not in the sources.",
    ),
    "pmf_kataib_hezbollah": (
        "kataib_hezbollah",
        0.4,
        0.85,
        "Assumption. The article does not rank the groups by closeness to Tehran: Art. Hot and "
        "cold ¶4 names Kataeb Hezbollah among factions all committed to Iran's model, Art. "
        "Grass-roots ¶2 its founder's killing in 2020 and the state wages the Mobilisation "
        "assures. Its high weight for Tehran is general knowledge.",
    ),
    "pmf_asaib_ahl_al_haqq": (
        "asaib_ahl_al_haqq",
        0.55,
        0.6,
        "Assumption. Direction: AAH split from Sadr's movement (Art. Hot and cold ¶4); the "
        "Framework includes the armed groups' political wings (Art. Changes in Baghdad ¶2; AAH "
        "is not named there).",
    ),
    "pmf_nujaba": (
        "harakat_al_nujaba",
        0.35,
        0.9,
        "Assumption. Nujaba is not named in the article; TL 1 Dec has its men among those who "
        "crossed near Albu Kamal. Its closeness to Tehran and distance from government are "
        "general knowledge.",
    ),
    "pmf_atabat": (
        "atabat",
        0.9,
        0.1,
        "Assumption. The article does not mention the shrine (Atabat) units; their tie to the "
        "Najaf clergy is general knowledge. Art. Grass-roots ¶2 says only that the highest "
        "Shiite clerical authorities disputed cross-border involvement. No faction of their own.",
    ),
}

_UNKNOWN_WEIGHT = "Wide because unknown: no source gives one group's weight (0-1)."


def _instance_params() -> tuple[Param, ...]:
    params = []
    for instance, (_, state, iran, why) in _BRIGADES.items():
        params.append(
            Param(
                actor=instance,
                name="loyalty_state",
                default=state,
                low=0.0,
                high=1.0,
                meaning="Weight of the state's orders and pay, 0-1.",
                source=why,
                basis=Basis.ASSUMPTION,
                range_reason=_UNKNOWN_WEIGHT,
            )
        )
        params.append(
            Param(
                actor=instance,
                name="loyalty_iran",
                default=iran,
                low=0.0,
                high=1.0,
                meaning="Weight of Tehran's call, 0-1.",
                source=why,
                basis=Basis.ASSUMPTION,
                range_reason=_UNKNOWN_WEIGHT,
            )
        )
    return tuple(params)


p = params_for(KIND)


class PMFBrigade(CrisisAgent):
    """A registered PMF brigade on the Iraqi border: stays as ordered, or goes to Syria."""

    KIND = KIND
    IRAQI = True
    INSTANCES = tuple(_BRIGADES)
    GROUPS = {instance: row[0] for instance, row in _BRIGADES.items()}
    DECISIONS = {
        "deployment": decision(
            "deployment",
            tuple(Deployment),
            Deployment.STAY,
            "Stay on the Iraqi border as ordered, or cross into Syria.",
        ),
    }
    PARAMETERS = (
        *_instance_params(),
        p(
            "switching_cost",
            default=0.15,
            low=0.0,
            high=0.4,
            meaning="Utility cost of changing a brigade's deployment on a review.",
            source="Assumption (A10): a registered brigade moves only on orders or a clear break.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "risk_aversion",
            default=0.5,
            low=0.2,
            high=0.8,
            meaning="A brigade's aversion to Israeli and US strikes: weight of the strike threat "
            "in favour of staying on the border (at half), 0-1.",
            source="Assumption. Art. Hawkish declarations ¶3 says the factions (not the "
            "registered brigades) balked, probably for fear of Israeli strikes: a direction by "
            "analogy only.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown.",
        ),
        p(
            "state_pay",
            default=0.3,
            low=0.1,
            high=0.5,
            meaning="Value of salaries and legal status a brigade risks by defying orders.",
            source="Assumption. Direction: Art. Grass-roots mobilisation ¶1, the 2016 legalisation "
            "gave the Mobilisation the state's resources; ¶2, the Mobilisation assures wages and "
            "status.",
            basis=Basis.ASSUMPTION,
            range_reason="Wide because unknown; kept off zero by the direction.",
        ),
        p(
            "deniability_discount",
            default=0.7,
            low=0.4,
            high=0.9,
            meaning="Share of Tehran's call a brigade leaves to its group's deniable faction.",
            source="Assumption. Direction: Art. Grass-roots mobilisation ¶2, groups used the "
            "brigade/faction split to disclaim operations in Syria, and the Mobilisation as such "
            "was never deployed abroad (the observable pmf_stays_home).",
            basis=Basis.ASSUMPTION,
            range_reason="Upper part of the scale: the split is the article's account of why the "
            "brigades stay home; otherwise unknown.",
        ),
        p(
            "strength",
            default=1500.0,
            low=800.0,
            high=3000.0,
            meaning="Fighters a brigade takes into Syria if it goes.",
            source="Assumption (A5): PMF brigades number from several hundred to a few thousand "
            "men (general knowledge; not in the sources).",
            basis=Basis.ASSUMPTION,
            range_reason="Several hundred to a few thousand men, the usual size of a PMF brigade "
            "(general knowledge, A5).",
        ),
    )

    def __init__(self, model, actor_id: str) -> None:
        super().__init__(model, actor_id)
        self.group = self.GROUPS[actor_id]
        self.loyalty_state = self.param("loyalty_state")
        self.loyalty_iran = model.starting_loyalty(self.param("loyalty_iran"))
        self.deploy_day: int | None = None
        self.force: deploy.Deployment | None = None  # on the road, then at the front
        self.defied_orders = False

    @property
    def in_syria(self) -> bool:
        """Has the brigade gone (it is in Syria from the day it leaves, on the road at first)?"""
        return self.deploy_day is not None

    @property
    def fighters_in_syria(self) -> float:
        return 0.0 if self.force is None else self.force.strength

    @property
    def fighters_at_front(self) -> float:
        """The brigade's men once it has reached the front (``arrived`` inlined: a hot path)."""
        force = self.force
        return 0.0 if force is None or self.model.day < force.arrival_day else force.strength

    # Forces in Syria: read by interdiction and attrition ------------------------------
    def forces(self) -> list[deploy.Deployment]:
        return [] if self.force is None else [self.force]

    def exposed_men(self) -> float:
        """A brigade in Syria is a new, visible presence: all of it is exposed to strikes."""
        return self.fighters_in_syria

    def suffer_strike(self, share: float) -> None:
        if self.force is not None:
            self.force.strength *= 1.0 - share

    def step(self) -> None:
        self.erode_loyalty()
        self.choose_deployment()

    def erode_loyalty(self) -> None:
        self.loyalty_iran = self.model.eroded_loyalty(self.loyalty_iran)

    def choose_deployment(self) -> None:
        """A posture reviewed on orders, Tehran's calls and news; going is done once."""
        if self.in_syria or self.model.front.collapsed:
            return
        if self.review("deployment", Deployment.STAY, self._deployment_terms) == Deployment.GO:
            ordered_out = self.model.government.pmf_order == "deploy_to_syria"
            self.deploy_day = self.model.day
            params = self.model.params
            self.force = deploy.send(
                self.model.day, self.param("strength"), deploy.delay(params, "brigade")
            )
            self.defied_orders = not ordered_out
            if self.defied_orders:
                self.model.message(self.actor_id, "iraqi_government", "defiance", 1.0)
                self.model.world.sudani_standing -= 0.04  # the state loses face (assumption A6)

    def _deployment_terms(self) -> dict[str, dict[str, float]]:
        ordered_out = self.model.government.pmf_order == "deploy_to_syria"
        has_faction = self.model.group_has_faction(self.group)
        iran_call = self.loyalty_iran * self.model.world.iran_call_heard
        if has_faction:
            iran_call *= 1.0 - self.param("deniability_discount")
        terms = {
            Deployment.STAY: {
                "strike_fear": 0.5 * self.param("risk_aversion") * self.beliefs.strike_risk
            },
            Deployment.GO: {"iran_call": iran_call},
        }
        terms[Deployment.GO if ordered_out else Deployment.STAY]["state_order"] = self.loyalty_state
        if not ordered_out:
            terms[Deployment.STAY]["state_pay"] = self.param("state_pay")
        return terms

    # Hooks ---------------------------------------------------------------------------------
    @classmethod
    def front_help(cls, agents, model: ModelView) -> FrontHelp:
        """Brigades at the front: half their men on the axis, half in the east."""
        brigades = sum([b.fighters_at_front for b in agents]) / 1000
        return FrontHelp(fighters_axis=0.5 * brigades, fighters_east=0.5 * brigades)

    def stance(self) -> Stance:
        if self.in_syria:
            return ESCALATING, "in Syria" + (" (defied orders)" if self.defied_orders else "")
        return HOLDING_BACK, "on the border"
