"""Did a run follow history? Decision points scored in time (observables match by
``sim.scenario.Observable.matches``).

A decision point whose historical option is a change of course (not the actor's status quo)
matches a run only when the actor *first* takes that option inside the point's window: taking
it earlier is a miss, and so is never taking it. For a kind, the first time any of its
instances takes it counts (the first crossing, the first pull-back). A point whose historical
option is the status quo matches when the actor holds that option on every day of the window:
its posture on a day is the choice of its latest decision row on or before that day (the status
quo before any row); for a kind, every instance must hold it.

Pure functions of a run's decision rows (columns as lists, as ``sim.run.runner`` returns them,
or a DataFrame's), with no model import: the batch workers, the calibration, the inference and
the analysis of batch folders all score history with this one rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.experiments.shared import MATCH_PREFIX

__all__ = ["MATCH_PREFIX", "TimedPoint", "matches", "timed_points"]


@dataclass(frozen=True, slots=True)
class TimedPoint:
    """A historical decision, with its window as days from the scenario's start."""

    id: str
    actor: str
    decision: str
    options: tuple[str, ...]
    status_quo: str
    historical: str
    first_day: int
    last_day: int
    role: str = "validation"

    @property
    def change_of_course(self) -> bool:
        return self.historical != self.status_quo

    @classmethod
    def from_resolved(cls, entry: Mapping[str, Any], start: dt.date) -> TimedPoint:
        """From one entry of a resolved scenario's ``decisions`` (``Scenario.resolved()``)."""
        first, last = (dt.date.fromisoformat(str(d)[:10]) for d in entry["window"])
        return cls(
            id=str(entry["id"]),
            actor=str(entry["actor"]),
            decision=str(entry["decision"]),
            options=tuple(str(o) for o in entry["options"]),
            status_quo=str(entry["status_quo"]),
            historical=str(entry["historical"]),
            first_day=(first - start).days,
            last_day=(last - start).days,
            role=str(entry.get("role") or "validation"),
        )


def timed_points(resolved: Mapping[str, Any]) -> list[TimedPoint]:
    """Every decision point of a resolved scenario, ordered by window."""
    start = dt.date.fromisoformat(str(resolved["period"]["start"])[:10])
    points = [TimedPoint.from_resolved(e, start) for e in resolved.get("decisions") or []]
    return sorted(points, key=lambda p: (p.first_day, p.last_day, p.id))


def _rows(columns: Mapping[str, Sequence[Any]], point: TimedPoint) -> list[tuple[int, str, str]]:
    """(day, actor, choice) of the point's actor (an instance, or a kind's instances)."""
    return [
        (int(day), str(actor), str(choice))
        for day, actor, kind, decision, choice in zip(
            columns["day"],
            columns["actor"],
            columns["kind"],
            columns["decision"],
            columns["choice"],
            strict=True,
        )
        if decision == point.decision and point.actor in (actor, kind)
    ]


def first_day_taken(columns: Mapping[str, Sequence[Any]], point: TimedPoint) -> int | None:
    """The first day the actor (any instance of a kind) took the historical option, or None."""
    days = [day for day, _, choice in _rows(columns, point) if choice == point.historical]
    return min(days) if days else None


def held_through_window(columns: Mapping[str, Sequence[Any]], point: TimedPoint) -> bool:
    """Did every instance hold the historical option on every day of the window? (Its posture
    on the window's first day is its latest choice on or before it, the status quo before any;
    no later row inside the window may leave it.)"""
    latest: dict[str, tuple[int, str]] = {}
    for day, actor, choice in _rows(columns, point):
        if day <= point.first_day:
            if actor not in latest or day >= latest[actor][0]:
                latest[actor] = (day, choice)
        elif day <= point.last_day and choice != point.historical:
            return False
    return all(choice == point.historical for _, choice in latest.values())


def matches(columns: Mapping[str, Sequence[Any]], point: TimedPoint) -> bool:
    """Did this run (its decision columns) follow history at this point, in time?"""
    if point.change_of_course:
        first = first_day_taken(columns, point)
        return first is not None and point.first_day <= first <= point.last_day
    return held_through_window(columns, point)
