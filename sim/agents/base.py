"""What every actor kind shares: its identity, parameters, decisions, the logit decision call,
and the hooks through which the model sums what the kinds contribute."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import mesa

from sim.core.decisions import DecisionSpec, Terms
from sim.core.params import Param
from sim.core.stance import OUTSIDE, Stance
from sim.core.view import FrontHelp, ModelView


class CrisisAgent(mesa.Agent):
    """An actor of the crisis. Subclasses declare who they are and decide in small named methods.

    Class attributes:
        KIND: the kind's name, used in scenario files (``pmf_brigade``).
        INSTANCES: the instance ids the model creates for this kind.
        PARAMETERS: the kind's parameters (instance-level and kind-level), with sources.
        DECISIONS: the decisions it can take, by name.
        IRAQI: an Iraqi actor (Iran's pressure and Sadr's call reach it).

    Hooks (neutral by default; the kinds that contribute override them): the kind's
    :meth:`front_help` and :meth:`morale_support`, the agent's :meth:`stance`, and
    ``fighters_in_syria`` (men in Syria, an attribute or property; a kind without it fields
    none — it is not declared here because a class default slows every read of it).
    """

    KIND: ClassVar[str]
    INSTANCES: ClassVar[tuple[str, ...]]
    PARAMETERS: ClassVar[tuple[Param, ...]]
    DECISIONS: ClassVar[dict[str, DecisionSpec]]
    IRAQI: ClassVar[bool] = False
    model: ModelView  # type: ignore[assignment]

    def __init__(self, model: ModelView, actor_id: str) -> None:
        super().__init__(model)  # type: ignore[arg-type]
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

    # Hooks ---------------------------------------------------------------------------------
    @classmethod
    def front_help(cls, agents: Sequence[CrisisAgent], model: ModelView) -> FrontHelp:
        """The defence this kind's ``agents`` add to the regime's today (none by default)."""
        return FrontHelp()

    @classmethod
    def morale_support(cls, agents: Sequence[CrisisAgent], model: ModelView) -> float:
        """How visibly this kind stands at the regime's side today, 0 by default (the model
        turns the total into regime cohesion with ``front.help_morale``)."""
        return 0.0

    def stance(self) -> Stance:
        """(tone, short description) of this actor's stance toward war in Syria."""
        return OUTSIDE, ""
