"""The one definition of every parameter: default, plausible range, meaning and provenance.

Actor modules, the front and the context each declare a tuple of :class:`Param`. The registry
(:func:`sim.registry.parameters`) gathers them; the scenario schema, ``axis-sim params``, the
Monte Carlo draws, the visualisation's sliders and ``docs/parameters.md`` all read it.

Every parameter has a :class:`Basis` (what its value rests on) and a ``range_reason`` (why its
range is what it is). Provenance strings cite the source article as ``Art. <section> ¶<n>``
(sections: Intro, Hot and cold relations, Grass-roots mobilisation, Hawkish declarations, Changes
in Baghdad, A defunct alliance; tests/registry/test_citations.py checks every such citation) and
the timeline as ``TL <date>``; assumptions and calibrations point to ``docs/assumptions.md``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sim.core.text import did_you_mean


class Basis(StrEnum):
    """What a parameter's value rests on.

    ``article`` / ``timeline``: the cited passage supports the value's direction and size.
    ``reference_case``: taken from comparable cases outside this war's month.
    ``calibrated``: set so that the model, with the historical decisions, reproduces a dated fact
    (that fact is then in-sample and cannot validate the model).
    ``assumption``: the sources give at most a direction; the size is the modeller's choice.
    """

    ARTICLE = "article"
    TIMELINE = "timeline"
    REFERENCE_CASE = "reference_case"
    CALIBRATED = "calibrated"
    ASSUMPTION = "assumption"


@dataclass(frozen=True, slots=True, kw_only=True)
class Param:
    """One model parameter of one actor (an instance id, a kind, ``front`` or ``context``)."""

    actor: str
    name: str
    default: float
    low: float
    high: float
    meaning: str
    source: str
    basis: Basis
    range_reason: str
    slider: bool = False

    def __post_init__(self) -> None:
        if not self.low <= self.default <= self.high:
            raise ValueError(
                f"{self.key}: default {self.default} outside [{self.low}, {self.high}]"
            )
        if not isinstance(self.basis, Basis):
            allowed = ", ".join(Basis)
            raise ValueError(f"{self.key}: basis {self.basis!r} is not one of {allowed}")
        if not self.range_reason.strip():
            raise ValueError(f"{self.key}: range_reason is empty (say why the range is what it is)")

    @property
    def key(self) -> str:
        """The name used in scenario files and ``--set``: ``actor.name``."""
        return f"{self.actor}.{self.name}"


def params_for(actor: str) -> Callable[..., Param]:
    """The declaring function of one actor's block of parameters::

    p = params_for("iran")
    p("switching_cost", default=0.15, low=0.0, high=0.4, meaning="...", source="...")
    """

    def declare(
        name: str,
        *,
        default: float,
        low: float,
        high: float,
        meaning: str,
        source: str,
        basis: Basis,
        range_reason: str,
        slider: bool = False,
    ) -> Param:
        return Param(
            actor=actor,
            name=name,
            default=default,
            low=low,
            high=high,
            meaning=meaning,
            source=source,
            basis=basis,
            range_reason=range_reason,
            slider=slider,
        )

    return declare


def range_problem(
    table: Mapping[str, Param], key: str, low: float, high: float | None = None
) -> str | None:
    """Why a value (or a distribution's support [low, high]) is not allowed for ``key`` by the
    parameter ``table``, or None."""
    param = table.get(key)
    if param is None:
        examples = ", ".join(list(table)[:3])
        return (
            f"unknown parameter {key!r}{did_you_mean(key, table)} "
            f"(see `axis-sim params`; keys look like {examples}, ...)"
        )
    high = low if high is None else high
    if not (math.isfinite(low) and math.isfinite(high)):  # NaN passes every < and > check
        return f"{low if not math.isfinite(low) else high} is not a finite number ({key})"
    if low < param.low or high > param.high:
        shown = f"{low:g}" if low == high else f"support [{low:g}, {high:g}]"
        return f"{shown} is outside the allowed range [{param.low:g}, {param.high:g}] of {key}"
    return None


class ParamValues:
    """Resolved values for one run, by key; :meth:`for_actor` gives an actor's own by short name."""

    __slots__ = ("_by_actor", "_values")

    def __init__(
        self, table: Mapping[str, Param], overrides: Mapping[str, float] | None = None
    ) -> None:
        self._values = {key: p.default for key, p in table.items()}
        self._by_actor: dict[str, dict[str, float]] | None = None
        if overrides:
            unknown = sorted(set(overrides) - set(self._values))
            if unknown:
                raise KeyError(f"unknown parameter(s): {', '.join(unknown)}")
            self._values.update({k: float(v) for k, v in overrides.items()})

    def __getitem__(self, key: str) -> float:
        return self._values[key]

    def for_actor(self, instance: str, kind: str) -> dict[str, float]:
        """Every value an actor reads, by short name: its instance-level ones over its kind's."""
        if self._by_actor is None:
            values = self._values
            self._by_actor = {
                actor: {name: values[key] for name, key in names}
                for actor, names in _names_by_actor(tuple(values)).items()
            }
        return {**self._by_actor.get(kind, {}), **self._by_actor.get(instance, {})}


@functools.cache
def _names_by_actor(keys: tuple[str, ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each actor's (short name, key) pairs among ``keys``, in their order (worked out once per
    parameter table, not once per run)."""
    by_actor: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        actor, name = key.split(".", 1)
        by_actor.setdefault(actor, []).append((name, key))
    return {actor: tuple(names) for actor, names in by_actor.items()}
