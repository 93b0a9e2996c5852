"""CrisisModel: the Iraqi side of the fall of Assad, one calendar day per step.

A day, top to bottom (see :meth:`CrisisModel.step`):
1. the day's outside events (strikes, Sadr's call, Maliki's push, ...);
2. every actor sees the morning's evidence (the front as it stood last night, the foreign
   forces with the regime) and updates its beliefs; then the actors decide, kind by kind, in
   the registry's acting order (:data:`sim.registry.ACTOR_KINDS`: Iran, Turkey, HTS, the Iraqi
   government, the PMF brigades, the Resistance factions). A posture changes only when its
   actor reviews it; one-off acts happen at most once (:mod:`sim.core.deliberation`). A message
   sent on one day is read the next;
3. the front: strikes on Iraqi forces moving into Syria (:mod:`sim.world.interdiction`); the
   offensive contests the next city, the SDF the eastern pocket, against the forces that have
   arrived (:mod:`sim.world.deployment`); falls erode cohesion and raise Baghdad's threat
   perception; the Iraqi forces at the front lose men (:mod:`sim.world.attrition`);
4. recording: fighters' peak, withdrawal, shrine risk, the day's row of the time series.

Over 400 lines because the model is read top to bottom as one day: set-up, the day, the
evidence actors see, the decision log, messages and the influence network, and read-outs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import mesa
import networkx as nx

from sim.agents.base import CrisisAgent
from sim.core.decisions import DecisionRecord, DecisionSpec, Terms, choose
from sim.core.deliberation import Beliefs, BeliefWeights, Evidence, axis_depth
from sim.core.params import ParamValues
from sim.outcomes import compute as compute_outcomes
from sim.registry import ACTOR_KINDS, EVENT_KINDS, OUTSIDE_ACTORS, display_name, parameters
from sim.scenario import Scenario, load_scenario
from sim.world.attrition import attrit
from sim.world.front import AXIS, AXIS_KM, EAST, Front, Help
from sim.world.interdiction import interdict
from sim.world.iraq import World


class Link(NamedTuple):
    """A dated edge of the influence network: a standing loyalty (day -1) or a message."""

    day: int
    source: str
    target: str
    kind: str
    weight: float


@dataclass(frozen=True, slots=True)
class NarrativeEntry:
    """One line of the dated story of a run."""

    day: int
    date: dt.date
    category: str  # "event", "decision", "front"
    text: str


class CrisisModel(mesa.Model):
    """Replay (or re-imagine) 27 Nov - 31 Dec 2024 from Baghdad's side."""

    def __init__(
        self,
        scenario: Scenario | str = "baseline",
        *,
        rng: int | None = None,
        params: Mapping[str, float] | None = None,
        record_history: bool = True,
        record_narrative: bool = True,
    ) -> None:
        super().__init__(rng=None if rng is None else int(rng))
        # strikes on Iraqi forces draw from a child stream: they never shift the main one
        self.interdiction_rng = self.rng.spawn(1)[0]
        # (mesa.Model owns `scenario`: our validated scenario file is `crisis_scenario`)
        self.crisis_scenario = load_scenario(scenario) if isinstance(scenario, str) else scenario
        self.params = ParamValues(
            parameters(), {**self.crisis_scenario.parameters, **(params or {})}
        )
        self.temperature = self.params["model.decision_temperature"]
        self.n_days = self.crisis_scenario.period.days
        self.day = -1  # the eve of the period; the first step simulates day 0
        self.front = Front(self.params)
        self.world = World.initial(self.params)
        self.front_news = False
        self.belief_weights = BeliefWeights.from_params(self.params)
        self.review_threshold = self.params["beliefs.review_threshold"]
        self.background_review_rate = self.params["beliefs.background_review_rate"]
        self.second_look = self.params["beliefs.second_look"] >= 0.5
        self.ladder = self.params["beliefs.ladder"] >= 0.5
        self.loyalty_erosion_rate = self.params["context.axis_loyalty_erosion"]  # 10 reads a day
        self.last_message_to: dict[str, int] = {}
        self.observe_the_morning()
        self.links: list[Link] = []  # standing loyalties, then every dated message, in order
        self._network: tuple[int, nx.MultiDiGraph] | None = None
        self.decision_log: list[DecisionRecord] = []
        self.narrative: list[NarrativeEntry] = []
        self.record_narrative = record_narrative  # batches skip the story: nobody reads it there
        self.history: list[dict[str, Any]] | None = [] if record_history else None
        self.fighters_peak = 0.0
        self.withdrawal_day: int | None = None
        self._last_choice: dict[tuple[str, str], str] = {}
        self._create_actors()
        self._draws_per_actor = 2 * max(len(a.DECISIONS) for a in self._actors)
        self._events = self._events_by_day()
        self._forced = self._forced_options()
        self.fighters_peak = self.iraqi_fighters_in_syria(factions_only=True)
        self.fighters_at_start = self.iraqi_fighters_in_syria()

    # Set-up -------------------------------------------------------------------------------
    def _create_actors(self) -> None:
        """Every registered kind's instances, in acting order; then the lookups agents read."""
        self.cast: dict[str, list[CrisisAgent]] = {
            kind.KIND: [kind(self, instance) for instance in kind.INSTANCES] for kind in ACTOR_KINDS
        }
        kinds = [(kind, self.cast[kind.KIND]) for kind in ACTOR_KINDS]
        # Only the kinds that override a hook are asked each day (the others would add 0.0,
        # which changes no sum); the order stays the acting order.
        self._fielding = [(k, a) for k, a in kinds if _fields_fighters(k, a)]
        self._helping = [(k, a) for k, a in kinds if _overrides(k, "front_help")]
        self._supporting = [(k, a) for k, a in kinds if _overrides(k, "morale_support")]
        self._actors = [agent for agents in self.cast.values() for agent in agents]
        self._forces = [a for a in self._actors if hasattr(a, "exposed_men")]  # can be struck
        self.iran = self.agent("iran")
        self.turkey = self.agent("turkey")
        self.hts = self.agent("hts")
        self.government = self.agent("iraqi_government")
        self.brigades = self.cast["pmf_brigade"]
        self.factions = self.cast["resistance_faction"]
        self._iraqi_ids = [a.actor_id for a in self._actors if a.IRAQI]
        self._groups_with_brigade = {b.group for b in self.brigades}
        self._groups_with_faction = {f.group for f in self.factions}
        self._standing_links()

    def agent(self, actor_id: str) -> CrisisAgent:
        """The actor with this instance id."""
        return next(a for a in self._actors if a.actor_id == actor_id)

    def _standing_links(self) -> None:
        """Standing loyalties and shared group membership, as links dated the eve (day -1)."""
        for armed in (*self.brigades, *self.factions):
            self.links.append(Link(-1, armed.actor_id, "iran", "loyalty_iran", armed.loyalty_iran))
            self.links.append(
                Link(-1, armed.actor_id, "iraqi_government", "loyalty_state", armed.loyalty_state)
            )
        for brigade in self.brigades:
            if brigade.group in self._groups_with_faction:
                self.links.append(Link(-1, brigade.actor_id, brigade.group, "same_group", 1.0))

    def _events_by_day(self) -> dict[int, list]:
        by_day: dict[int, list] = {}
        for event in sorted(self.crisis_scenario.events, key=lambda e: (e.date, e.id)):
            by_day.setdefault(self.crisis_scenario.day_of(event.date), []).append(event)
        return by_day

    def _forced_options(self) -> dict[tuple[str, str, int], str]:
        """(actor instance, decision, day) -> option imposed by a scenario's ``force:``."""
        forced = {}
        for point in self.crisis_scenario.decisions:
            if point.force is None:
                continue
            instances = self.instances_of(point.actor)
            for day in range(
                self.crisis_scenario.day_of(point.first_day),
                self.crisis_scenario.day_of(point.last_day) + 1,
            ):
                for instance in instances:
                    forced[(instance, point.decision, day)] = point.force
        return forced

    # The day ------------------------------------------------------------------------------
    def step(self) -> None:
        """Simulate the next calendar day."""
        if self.day + 1 >= self.n_days:
            self.running = False
            return
        self.day += 1
        self.apply_outside_events()
        self.observe_the_morning()
        per_actor, actors = self._draws_per_actor, self._actors
        block = per_actor * len(actors)
        # the day's uniforms of the main stream in one fixed block, used or not: each actor's,
        # then the front's two, then the shrine attack's one (the order they were drawn in)
        draws = self.rng.random(block + _WORLD_DRAWS).tolist()
        for i, actor in enumerate(actors):
            actor.begin_day(draws[i * per_actor : (i + 1) * per_actor])
            actor.step()
        self.strike_forces()
        self.fight(draws[block : block + 2])
        self.wear_down_forces()
        self.record_day(draws[block + 2])
        self.running = self.day + 1 < self.n_days

    def run(self) -> dict[str, Any]:
        """Simulate every remaining day and return the outcome row.

        One ``run_for`` over the days left, not a ``step()`` a day: Mesa's clock (``time``,
        ``steps``) ends where the day-by-day loop left it, at less cost a day. A model already
        run whose ``running`` is set again takes one step, which finds the period over, as the
        loop did."""
        if self.running:
            self.run_for(max(self.n_days - 1 - self.day, 1))
        return self.outcomes()

    def apply_outside_events(self) -> None:
        self.world.relax()
        for event in self._events.get(self.day, []):
            EVENT_KINDS[event.kind].apply(self, event)
            self.narrate("event", event.description)

    def strike_forces(self) -> None:
        """Israeli or US strikes on Iraqi forces moving into Syria (:mod:`sim.world.interdiction`);
        one draw per fielding actor a day, used or not."""
        draws = self.interdiction_rng.random(len(self._forces)).tolist()
        for actor_id in interdict(self, self._forces, draws):
            self.narrate(
                "event", f"An air strike hits forces of {display_name(actor_id)} in Syria."
            )

    def wear_down_forces(self) -> None:
        """Combat attrition of the Iraqi forces at the front while the regime still fights."""
        if self.front.collapsed:
            return
        share = self.params["attrition.daily_share"]
        for actor in self._forces:
            attrit(actor.forces(), self.day, share)

    def fight(self, draws: Sequence[float]) -> None:
        """The front's day, with its two uniforms: attack against defence on the axis and in the
        east."""
        attack = self.front.momentum * self.hts.pace_factor * self.turkey.attack_factor
        was_approaching = self.front.km_to_target > 0
        fallen = self.front.advance_day(draws, self.day, attack, self.foreign_help())
        self.front.bolster(self.morale_help())
        arrived = (
            was_approaching and self.front.km_to_target <= 0 and self.front.target() is not None
        )
        self.front_news = bool(fallen) or arrived
        if arrived:
            self.narrate(
                "front", f"The offensive reaches the gates of {_title(self.front.target().name)}."
            )
        for name in fallen:
            rise = "context.threat_border_fall" if name == EAST else "context.threat_per_city"
            self.world.shift_threat(self.params[rise])
            holder = self.front.cities[name].holder
            self.narrate("front", f"{_title(name)} falls to the {_HOLDERS[holder]}.")
        if self.front.collapse_day == self.day:
            self.narrate("front", "The regime collapses: Damascus falls and Assad flees.")

    def record_day(self, u_shrine: float) -> None:
        """The day's read-outs, and the fringe's attack on a shrine (drawn with ``u_shrine``)."""
        self.world.iran_call_heard = self.world.iran_pressure  # read in Iraq from tomorrow on
        fighters = self.iraqi_fighters_in_syria(factions_only=True)
        self.fighters_peak = max(self.fighters_peak, fighters)
        if self.withdrawal_day is None and fighters < 0.5 * self.fighters_peak:
            self.withdrawal_day = self.day
        if u_shrine < self.hts.shrine_attack_risk() and not self.world.shrines_attacked:
            self.world.shrines_attacked = True
            self.narrate("event", "Fringe fighters attack a Shiite shrine near Damascus.")
        if self.history is not None:
            self.history.append(self.timeseries_row())

    # What every actor sees ------------------------------------------------------------------
    def initial_beliefs(self) -> Beliefs:
        return Beliefs.initial(
            self.params["beliefs.survival_prior"],
            self.world.strike_threat,
            self.world.threat_perception,
        )

    def observe_the_morning(self) -> None:
        """Today's public evidence, and the survival belief it argues for (the same for every
        actor, so worked out once a day)."""
        self.evidence = self._evidence()
        self.survival_target = self.belief_weights.survival_target(self.evidence)

    def _evidence(self) -> Evidence:
        """This morning's public picture: the front as it stood last night, and allies."""
        front = self.front
        target = front.target()
        leg = AXIS_KM[target.name] if target is not None else 1.0
        lost = [k for k, name in enumerate(AXIS, 1) if not front.cities[name].held_by_regime]
        return Evidence(
            cities_lost=len(lost),
            depth=axis_depth(lost, self.belief_weights.depth_exponent),
            approach=min(1.0, max(0.0, 1.0 - front.km_to_target / leg)),
            decline=front.decline(),
            allies=self._foreign_forces_present(),
            collapsed=front.collapsed,
            strike_threat=self.world.strike_threat,
            spillover_threat=self.world.threat_perception,
        )

    def _foreign_forces_present(self) -> float:
        """Forces that joined the regime since 27 Nov: the Iraqi army counts double, each PMF
        brigade in Syria half (pledges and calls are not evidence)."""
        if not hasattr(self, "government"):
            return 0.0
        brigades = sum([b.in_syria for b in self.brigades])
        return 2 * self.government.army_in_syria + 0.5 * brigades

    # Decisions and messages ---------------------------------------------------------------
    def forced_option(self, actor_id: str, decision: str) -> str | None:
        """The option a scenario's ``force:`` imposes on this decision today, if any."""
        return self._forced.get((actor_id, decision, self.day)) if self._forced else None

    def decide(
        self,
        agent: CrisisAgent,
        decision: DecisionSpec,
        terms: dict[str, Terms],
        u: float,
        enact: Callable[[str], str] | None = None,
    ) -> str:
        """Choose among the options present in ``terms`` (in the decision's order) and log it;
        ``enact`` turns the option chosen into the one acted on (a review's second look)."""
        if len(terms) == len(decision.options):
            options = decision.options
        else:
            options = tuple([o for o in decision.options if o in terms])
        forced = self.forced_option(agent.actor_id, decision.name)
        if forced not in options:
            forced = None
        option_terms = tuple([terms[o] for o in options])
        choice, probabilities = choose(u, options, option_terms, self.temperature, forced)
        if enact is not None:
            choice = enact(choice)
        self._log(agent, decision, options, option_terms, probabilities, choice, forced)
        return choice

    def decide_act(
        self,
        agent: CrisisAgent,
        decision: DecisionSpec,
        terms: dict[str, Terms],
        hazard: float,
        idle: str | None,
        u: float,
    ) -> str:
        """A one-off act that happens today with daily hazard ``hazard``: choose among ``terms``
        and log it with probabilities (hazard * p_i ..., 1 - hazard for the idle option)."""
        options = tuple([o for o in decision.options if o in terms])
        forced = self.forced_option(agent.actor_id, decision.name)
        if forced not in options:
            forced = None
        option_terms = tuple([terms[o] for o in options])
        choice, inner = choose(u, options, option_terms, self.temperature, forced)
        probabilities = tuple([hazard * p for p in inner])
        if idle is not None:
            options, option_terms = (*options, idle), (*option_terms, {})
            probabilities = (*probabilities, 1.0 - hazard)
        self._log(agent, decision, options, option_terms, probabilities, choice, forced)
        return choice

    def record_circumstance(
        self, agent: CrisisAgent, decision: DecisionSpec, option: str, reason: str
    ) -> None:
        """Log a posture that circumstance imposed (no choice, no draw): the option alone, with
        probability 1 and the circumstance as its one term (of no utility)."""
        terms = ({f"{CIRCUMSTANCE}{reason}": 0.0},)
        self._log(agent, decision, (option,), terms, (1.0,), option, None)

    def _log(
        self,
        agent: CrisisAgent,
        decision: DecisionSpec,
        options: tuple[str, ...],
        option_terms: tuple[Terms, ...],
        probabilities: tuple[float, ...],
        choice: str,
        forced: str | None,
    ) -> None:
        record = DecisionRecord(
            self.day,
            agent.actor_id,
            agent.KIND,
            decision.name,
            options,
            option_terms,
            probabilities,
            choice,
            forced is not None,
        )
        self.decision_log.append(record)
        if self.record_narrative:
            key = (agent.actor_id, decision.name)
            if forced is not None or choice != self._last_choice.get(key, decision.status_quo):
                self.narrate("decision", describe_decision(record))
            self._last_choice[key] = choice

    def message(self, source: str, target: str, kind: str, weight: float) -> None:
        """A dated pressure, order or message between actors, kept in the influence network."""
        self.links.append(Link(self.day, source, target, kind, weight))
        self.last_message_to[target] = self.day

    @property
    def influence(self) -> nx.MultiDiGraph:
        """Actors as nodes; standing loyalties and dated messages as edges keyed by kind (a later
        message of a kind replaces the earlier one between the same pair). Built when asked — the
        visualisation asks, batches never do — and kept until the next message."""
        if self._network is None or self._network[0] != len(self.links):
            graph = nx.MultiDiGraph()
            for agent in self.actors():
                graph.add_node(agent.actor_id, kind=agent.KIND, outside=False)
            for name in OUTSIDE_ACTORS:
                graph.add_node(name, kind="outside", outside=True)
            for day, source, target, kind, weight in self.links:
                graph.add_edge(source, target, key=kind, kind=kind, weight=weight, day=day)
            self._network = (len(self.links), graph)
        return self._network[1]

    def narrate(self, category: str, text: str) -> None:
        if self.record_narrative:
            self.narrative.append(NarrativeEntry(self.day, self.date, category, text))

    # What actors read ----------------------------------------------------------------------
    def actors(self) -> list[CrisisAgent]:
        """Every actor, in the order they act within a day."""
        return self._actors

    def instances_of(self, actor_or_kind: str) -> list[str]:
        return [a.actor_id for a in self.actors() if actor_or_kind in (a.actor_id, a.KIND)]

    def iraqi_actor_ids(self) -> list[str]:
        return self._iraqi_ids

    def group_has_brigade(self, group: str) -> bool:
        return group in self._groups_with_brigade

    def group_has_faction(self, group: str) -> bool:
        return group in self._groups_with_faction

    def iraqi_fighters_in_syria(self, factions_only: bool = False) -> float:
        """Iraqi fighters in Syria (men): every actor's, or the deniable factions' only."""
        if factions_only:
            return sum([f.fighters_in_syria for f in self.factions])
        total = 0.0
        for _, agents in self._fielding:
            total += sum([a.fighters_in_syria for a in agents])
        return total

    def intervention_risk(self) -> float:
        """How much foreign force has joined the regime since 27 Nov, or may soon: the Iraqi
        army, Iraqi fighters beyond those already in Syria, Tehran's call, PMF brigades. (The
        factions' standing presence was there when the offensive was launched.)"""
        brigades = sum([b.in_syria for b in self.brigades])
        added = max(0.0, self.iraqi_fighters_in_syria() - self.fighters_at_start)
        return (
            self.government.army_in_syria
            + 0.3 * added / 1000
            + 0.3 * self.world.iran_pressure
            + 0.2 * brigades
        )

    def iraq_intervention_signal(self) -> float:
        """How ready Baghdad looks to step in, as HTS reads it."""
        level = ("normal", "reinforce", "seal").index(self.government.border_posture)
        warned = 1.0 if self.government.warned_turkey_day is not None else 0.0
        pressing = sum([f.pressing for f in self.factions]) / len(self.factions)
        brigades = sum([b.in_syria for b in self.brigades])
        return (
            0.15 * level
            + 0.4 * warned
            + 0.3 * pressing
            + self.government.army_in_syria
            + 0.3 * brigades
        )

    def foreign_help(self) -> Help:
        """Defence that the kinds add today (:meth:`CrisisAgent.front_help`): Iraqi fighters
        valued by ``front.fighter_value``, plus direct help such as the army or advisers."""
        helps = [kind.front_help(agents, self) for kind, agents in self._helping]
        fighters_axis = fighters_east = 0.0
        for help_ in helps:
            fighters_axis += help_.fighters_axis
            fighters_east += help_.fighters_east
        value = self.params["front.fighter_value"]
        axis, east = value * fighters_axis, value * fighters_east
        for help_ in reversed(helps):  # the last kind to act first: keeps the recorded sums
            axis += help_.axis
            east += help_.east
        return Help(axis=axis, east=east)

    def morale_help(self) -> float:
        """Cohesion gained today from allies visibly at the regime's side."""
        allies = 0.0
        for kind, agents in self._supporting:
            allies += kind.morale_support(agents, self)
        return self.params["front.help_morale"] * allies

    def starting_loyalty(self, loyalty: float) -> float:
        """An armed group's loyalty to Iran on 27 Nov: what its ties give it, less what stepping
        aside took from it (``context.axis_stepped_aside``), in proportion to the group's
        distance from Tehran: the groups whose cadres went into politics stepped aside most,
        the closest to Tehran least (Art. A defunct alliance ¶3)."""
        stepped_aside = self.params["context.axis_stepped_aside"]
        return loyalty * (1.0 - stepped_aside * (1.0 - loyalty))

    def eroded_loyalty(self, loyalty: float) -> float:
        """An armed group's loyalty to Iran after a day of watching Tehran's posture."""
        return max(0.0, loyalty - self.loyalty_erosion_rate * self.iran.loyalty_erosion())

    def axis_cohesion(self) -> float:
        armed = (*self.brigades, *self.factions)
        return sum([a.loyalty_iran for a in armed]) / len(armed)

    # Read-outs -----------------------------------------------------------------------------
    @property
    def date(self) -> dt.date:
        """The calendar date of the day last simulated (the eve of the period before any)."""
        return self.crisis_scenario.date_of(self.day)

    def timeseries_row(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "date": self.date.isoformat(),
            "regime_cohesion": self.front.regime_cohesion,
            "offensive_momentum": self.front.momentum,
            "faction_fighters_in_syria": self.iraqi_fighters_in_syria(factions_only=True),
            "iraqi_threat_perception": self.world.threat_perception,
            "iran_pressure": self.world.iran_pressure,
            "faction_loyalty_iran": sum([f.loyalty_iran for f in self.factions])
            / len(self.factions),
            "brigade_loyalty_state": sum([b.loyalty_state for b in self.brigades])
            / len(self.brigades),
            "sudani_standing": self.world.sudani_standing,
            "turkey_iraq_relations": self.world.turkey_iraq_relations,
            "axis_cohesion": self.axis_cohesion(),
        }

    def outcomes(self) -> dict[str, Any]:
        return compute_outcomes(self)


def _overrides(kind: type[CrisisAgent], hook: str) -> bool:
    return getattr(kind, hook).__func__ is not getattr(CrisisAgent, hook).__func__


def _fields_fighters(kind: type[CrisisAgent], agents: list[CrisisAgent]) -> bool:
    """Does the kind count fighters in Syria (a property, or an attribute its agents set)?"""
    return any(hasattr(agent, "fighters_in_syria") for agent in agents)


CIRCUMSTANCE = "circumstance: "  # the term that names why a posture ended without a review

# the main stream's uniforms a day beyond the actors': the front's two, the shrine attack's one
_WORLD_DRAWS = 3

_HOLDERS = {"opposition": "HTS-led opposition", "sdf": "SDF", "regime": "regime"}


def _title(name: str) -> str:
    return name.replace("_", " ").title().replace("Ez", "ez")


def describe_decision(record: DecisionRecord) -> str:
    """'Iran — posture: let_go (p 0.81; exasperation +0.42, stake_in_assad +0.10)'; a posture
    that circumstance ended says why: 'KH — syria deployment: hold (volunteers exhausted)'."""
    head = f"{display_name(record.actor)} — {record.decision.replace('_', ' ')}: {record.choice}"
    chosen = record.terms[record.options.index(record.choice)]
    for name in chosen:
        if name.startswith(CIRCUMSTANCE):
            return f"{head} ({name.removeprefix(CIRCUMSTANCE).replace('_', ' ')})"
    p = record.probabilities[record.options.index(record.choice)]
    reasons = ", ".join(f"{name} {value:+.2f}" for name, value in record.top_reasons())
    forced = "forced by the scenario; " if record.forced else ""
    return f"{head} ({forced}p {p:.2f}" + (f"; {reasons}" if reasons else "") + ")"
