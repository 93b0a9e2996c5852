"""What agents, events and outcomes read from the model, as a Protocol.

Nothing below the model imports :mod:`sim.model` (not even for annotations): agents, world
events and outcomes are typed against :class:`ModelView`, which :class:`sim.model.CrisisModel`
satisfies. The front, the Iraq-side state and the actors are typed ``Any`` here because they
live one floor up (``sim.world``, ``sim.agents``), beside the modules that read them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

import numpy as np

from sim.core.decisions import DecisionSpec, Terms
from sim.core.deliberation import Beliefs, BeliefWeights, Evidence
from sim.core.params import ParamValues


class ModelView(Protocol):
    """The model as the layers below it see it."""

    params: ParamValues
    rng: np.random.Generator
    day: int
    front: Any  # sim.world.front.Front
    world: Any  # sim.world.iraq.World
    front_news: bool
    fighters_peak: float
    withdrawal_day: int | None

    # Actors that other actors, events and outcomes read, looked up by id or kind.
    iran: Any
    turkey: Any
    hts: Any
    government: Any
    brigades: Sequence[Any]
    factions: Sequence[Any]

    evidence: Evidence
    survival_target: float  # the log-odds of survival today's evidence argues for
    belief_weights: BeliefWeights
    review_threshold: float
    background_review_rate: float
    second_look: bool
    ladder: bool
    last_message_to: dict[str, int]

    def starting_loyalty(self, loyalty: float) -> float: ...

    def initial_beliefs(self) -> Beliefs: ...

    def forced_option(self, actor_id: str, decision: str) -> str | None: ...

    def decide(
        self,
        agent: Any,
        decision: DecisionSpec,
        terms: dict[str, Terms],
        u: float,
        enact: Callable[[str], str] | None = None,
    ) -> str: ...

    def decide_act(
        self,
        agent: Any,
        decision: DecisionSpec,
        terms: dict[str, Terms],
        hazard: float,
        idle: str | None,
        u: float,
    ) -> str: ...

    def message(self, source: str, target: str, kind: str, weight: float) -> None: ...

    def iraqi_actor_ids(self) -> list[str]: ...

    def group_has_brigade(self, group: str) -> bool: ...

    def group_has_faction(self, group: str) -> bool: ...

    def iraqi_fighters_in_syria(self, factions_only: bool = False) -> float: ...

    def intervention_risk(self) -> float: ...

    def iraq_intervention_signal(self) -> float: ...

    def eroded_loyalty(self, loyalty: float) -> float: ...

    def axis_cohesion(self) -> float: ...


class FrontHelp(NamedTuple):
    """Defence a kind adds to the regime's: fighters (thousands, weighted by where they stand;
    the model values them with ``front.fighter_value``) and direct defence, on the axis and in
    the east."""

    fighters_axis: float = 0.0
    fighters_east: float = 0.0
    axis: float = 0.0
    east: float = 0.0


class EventView(Protocol):
    """A dated outside event as a scenario gives it (``sim.scenario.Event`` satisfies it)."""

    kind: str
    description: str
    actor: str | None
    target: str | None
    intensity: float | None
    value: float | None
