"""What every actor kind shares: its identity, parameters, decisions, the logit decision call,
and the hooks through which the model sums what the kinds contribute."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

import mesa

from sim.core.decisions import DecisionSpec, Terms
from sim.core.deliberation import hazard, settle
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
        SECOND_LOOK: a change of posture waits for a second review that leans the same way
            (when ``beliefs.second_look`` is on); False for a kind whose line one person sets.

    Deliberation (see :mod:`sim.core.deliberation`): each morning :meth:`begin_day` updates the
    actor's beliefs and notes whether anything it watches changed; postures change only through
    :meth:`review`, one-off acts happen through :meth:`attempt`, and :meth:`decide` is for a
    choice made once, on the day its occasion arises.

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
    SECOND_LOOK: ClassVar[bool] = True  # a change of posture waits for a second review (A10)
    model: ModelView  # type: ignore[assignment]

    def __init__(self, model: ModelView, actor_id: str) -> None:
        super().__init__(model)  # type: ignore[arg-type]
        self.actor_id = actor_id
        self._params = model.params.for_actor(actor_id, self.KIND)  # resolved once per run
        # param(name): this actor's value of parameter ``name`` (instance-level first, then
        # kind-level). Its table's own lookup, bound here: read ~1,100 times a run, where a
        # method would add a Python call to each read.
        self.param: Callable[[str], float] = self._params.__getitem__
        self.beliefs = model.initial_beliefs()
        self.news_today = False
        self.last_reviewed: dict[str, int] = {}
        self.leanings: dict[str, str] = {}  # a change leaned to at the last review, to confirm
        self._slots = {name: 2 * i for i, name in enumerate(self.DECISIONS)}
        self._draws: list[float] = []

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.actor_id!r})"

    def step(self) -> None:
        """One day of this actor's decisions."""
        raise NotImplementedError

    # Deliberation ----------------------------------------------------------------------------
    def begin_day(self, draws: list[float]) -> None:
        """Update beliefs from today's evidence; note whether anything watched changed."""
        model = self.model
        beliefs = self.beliefs
        self._draws = draws
        beliefs.move_toward(model.evidence, model.survival_target, model.belief_weights.rate)
        self.news_today = (
            model.front_news
            or model.last_message_to.get(self.actor_id) == model.day - 1
            or self.watched_event_today()
            or abs(beliefs.survival - beliefs.at_last_review) > model.review_threshold  # moved
        )

    def watched_event_today(self) -> bool:
        """A kind's own trigger for reviewing its postures (soldiers at its border...)."""
        return False

    def _uniforms(self, decision: str) -> tuple[float, float]:
        slot = self._slots[decision]
        return self._draws[slot], self._draws[slot + 1]

    def decide(self, decision: str, terms: dict[str, Terms]) -> str:
        """Choose now among the decision's options by the logit rule; the model logs it."""
        return self.model.decide(self, self.DECISIONS[decision], terms, self._uniforms(decision)[1])

    def review(
        self,
        decision: str,
        current: str,
        terms_of: Callable[[], dict[str, Terms]],
        due: bool = False,
    ) -> str:
        """Keep the ``current`` posture unless a review is due today: news the actor watches,
        ``due`` (a decision-specific trigger), a leaning to confirm, a forced option, or the
        background rate. A review that is due is :meth:`_review_now`."""
        slot = self._slots[decision]  # its two uniforms: whether to review, then the choice
        model = self.model
        forced = model.forced_option(self.actor_id, decision)
        leaning = self.leanings.pop(decision, None)
        if not (
            forced
            or due
            or leaning
            or self.news_today
            or self._draws[slot] < model.background_review_rate
        ):
            return current
        u_choice = self._draws[slot + 1]
        return self._review_now(decision, current, terms_of(), forced, leaning, u_choice)

    def _review_now(
        self,
        decision: str,
        current: str,
        terms: dict[str, Terms],
        forced: str | None,
        leaning: str | None,
        u_choice: float,
    ) -> str:
        """A review (apart from :meth:`review`, whose quick way out builds nothing): every other
        option pays the kind's ``switching_cost``; a change is made on the second review in a
        row that leans to it (:func:`settle`); the review is logged with the posture it leaves
        the actor in."""
        model = self.model
        spec = self.DECISIONS[decision]
        if spec.ladder and model.ladder and forced is None:
            reachable = spec.rungs_from(current, terms)
            terms = {option: t for option, t in terms.items() if option in reachable}
        cost = self.param("switching_cost")
        for option, option_terms in terms.items():
            if option != current:
                option_terms["switching_cost"] = -cost
        self.beliefs.at_last_review = self.beliefs.survival
        self.last_reviewed[decision] = model.day

        possible = current in terms  # a posture no longer possible is left without a second look

        def enact(choice: str) -> str:
            held, lean = settle(current, leaning, choice, possible and self._second_look(forced))
            if lean is not None:
                self.leanings[decision] = lean
            return held

        return model.decide(self, spec, terms, u_choice, enact)

    def end_posture(self, decision: str, option: str, reason: str) -> str:
        """A posture that circumstance ends without a review (the volunteers ran out, the regime
        fell): logged with probability 1, so that the decision log still tells the posture on
        every day. Returns ``option``, the posture the actor is left in."""
        self.model.record_circumstance(self, self.DECISIONS[decision], option, reason)
        return option

    def _second_look(self, forced: str | None) -> bool:
        return self.SECOND_LOOK and self.model.second_look and forced is None

    def reviewed_today(self, decision: str) -> bool:
        return self.last_reviewed.get(decision) == self.model.day

    def attempt(
        self,
        decision: str,
        act: str,
        timing: Terms,
        choices: dict[str, Terms] | None = None,
    ) -> str | None:
        """A one-off act: it happens today with hazard ``1 - exp(-exp(sum(timing)))``.

        With ``choices`` the act, once it happens, is a logit choice among them (say, reassure
        or threaten); otherwise it is ``act`` itself. Returns the option taken, or None on a day
        it does not happen (nothing is logged then).
        """
        u_when, u_choice = self._uniforms(decision)
        spec = self.DECISIONS[decision]
        options = choices or {act: {}}
        idle = spec.status_quo if spec.status_quo not in options else None
        forced = self.model.forced_option(self.actor_id, decision)
        if forced is not None and forced == idle:
            return None
        h = hazard(sum(timing.values()))
        if forced is None and u_when >= h:
            return None
        terms = {
            option: {**option_terms, **{f"timing: {k}": v for k, v in timing.items()}}
            for option, option_terms in options.items()
        }
        return self.model.decide_act(self, spec, terms, h, idle, u_choice)

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
