"""Decisions: named options chosen by a logit (quantal-response) rule over utilities.

A utility is a sum of named terms, so the model can always say why an option won. Every decision
taken is kept as a :class:`DecisionRecord`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

Terms = dict[str, float]


@dataclass(frozen=True, slots=True)
class DecisionSpec:
    """A decision an actor kind can take: its options and its pre-crisis (status quo) option.

    ``ladder``: the options are rungs in rising (or falling) order, and a review moves at most
    one rung (when ``beliefs.ladder`` is on; :meth:`rungs_from`)."""

    name: str
    options: tuple[str, ...]
    status_quo: str
    meaning: str
    ladder: bool = False

    def __post_init__(self) -> None:
        if self.status_quo not in self.options:
            raise ValueError(f"{self.name}: status quo {self.status_quo!r} is not an option")

    def rungs_from(self, current: str, open_options: Iterable[str]) -> frozenset[str]:
        """Of the options open today, those one review can reach from ``current``: on a ladder,
        itself and the open rungs next to it (a closed rung is stepped over); every open option
        when the decision is not a ladder."""
        open_set = set(open_options)
        rungs = [o for o in self.options if o in open_set]
        if not self.ladder or current not in rungs:
            return frozenset(rungs)
        at = rungs.index(current)
        return frozenset(rungs[max(at - 1, 0) : at + 2])


def decision(
    name: str, options: tuple[str, ...], status_quo: str, meaning: str, ladder: bool = False
) -> DecisionSpec:
    """Shorthand for one line of a kind's decision table."""
    return DecisionSpec(name, tuple(str(o) for o in options), str(status_quo), meaning, ladder)


@dataclass(slots=True)  # not frozen: a frozen dataclass is 5x slower to build, ~470 per run
class DecisionRecord:
    """One decision taken: who, when, among what, why, with what probabilities, and the choice."""

    day: int
    actor: str
    kind: str
    decision: str
    options: tuple[str, ...]
    terms: tuple[Terms, ...]
    probabilities: tuple[float, ...]
    choice: str
    forced: bool

    def top_reasons(self, n: int = 2) -> list[tuple[str, float]]:
        """The terms that most favoured the choice over the best alternative, strongest first."""
        chosen = self.terms[self.options.index(self.choice)]
        others = [t for o, t in zip(self.options, self.terms, strict=True) if o != self.choice]
        rival = max(others, key=lambda t: sum(t.values()), default={})
        names = sorted(set(chosen) | set(rival))
        margin = {k: chosen.get(k, 0.0) - rival.get(k, 0.0) for k in names}
        ranked = sorted(margin.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(k, v) for k, v in ranked[:n] if v > 0]


def logit_probabilities(utilities: list[float], temperature: float) -> list[float]:
    """Quantal-response probabilities: p_i ∝ exp(U_i / temperature)."""
    top = max(utilities)
    weights = [math.exp((u - top) / temperature) for u in utilities]
    total = sum(weights)
    return [w / total for w in weights]


def choose(
    u: float,
    options: tuple[str, ...],
    terms: tuple[Terms, ...],
    temperature: float,
    forced: str | None = None,
) -> tuple[str, tuple[float, ...]]:
    """Pick an option by the logit rule from the uniform ``u``, or take the forced one.

    ``u`` comes from a fixed daily block of uniforms per actor, used or not, so that forcing or
    skipping one decision never shifts the random stream of any other (common random numbers
    stay paired across scenarios).
    """
    probabilities = tuple(logit_probabilities([sum(t.values()) for t in terms], temperature))
    if forced is not None:
        return forced, probabilities
    cumulative = 0.0
    for option, p in zip(options, probabilities, strict=True):
        cumulative += p
        if u < cumulative:
            return option, probabilities
    return options[-1], probabilities
