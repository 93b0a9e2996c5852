"""What every actor kind shares: its profile, parameters, decisions and the logit decision call."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import mesa

from sim.decisions import DecisionSpec, Terms
from sim.params import Param

if TYPE_CHECKING:
    from sim.model import CrisisModel


class CrisisAgent(mesa.Agent):
    """An actor of the crisis. Subclasses declare who they are and decide in small named methods.

    Class attributes (the Axelrod-style profile):
        KIND: the kind's name, used in scenario files (``pmf_brigade``).
        PROFILE: metadata — is it a state, is it armed, is it a patron of others.
        INSTANCES: the instance ids the model creates for this kind.
        PARAMETERS: the kind's parameters (instance-level and kind-level), with sources.
        DECISIONS: the decisions it can take, by name.
    """

    KIND: ClassVar[str]
    PROFILE: ClassVar[dict[str, bool]]
    INSTANCES: ClassVar[tuple[str, ...]]
    PARAMETERS: ClassVar[tuple[Param, ...]]
    DECISIONS: ClassVar[dict[str, DecisionSpec]]
    model: CrisisModel

    def __init__(self, model: CrisisModel, actor_id: str) -> None:
        super().__init__(model)
        self.actor_id = actor_id
        self._params = model.params.for_actor(actor_id, self.KIND)  # resolved once per run

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.actor_id!r})"

    def param(self, name: str) -> float:
        """This actor's value of parameter ``name`` (instance-level first, then kind-level)."""
        return self._params[name]

    def decide(self, decision: str, terms: dict[str, Terms]) -> str:
        """Choose among the decision's options by the logit rule; the model logs the record."""
        return self.model.decide(self, self.DECISIONS[decision], terms)

    def step(self) -> None:
        """One day of this actor's decisions."""
        raise NotImplementedError


def spec(name: str, options: tuple[str, ...], status_quo: str, meaning: str) -> DecisionSpec:
    """Shorthand for a kind's decision table."""
    return DecisionSpec(name, options, status_quo, meaning)
