"""Where a counterfactual branches from its baseline: the date D from which the two can differ.

The rule: a counterfactual that changes the baseline's ``parameters``, ``uncertainty`` or
``period`` differs from day 0 (D = the start). Otherwise D is the earliest date of a forced
decision point or an event that one of the two has and the other has not (or has with other
content): a forced point counts from the first day of its window, an event from its date. Decision
points without ``force`` and observables only score runs; they never change one, so they are
ignored. With no such difference D is None (the two scenarios run the same model).

Before D a counterfactual run is the baseline run with the same seed and run index, draw for draw
(tests/experiments/test_branching.py checks it byte for byte). Pure functions of resolved
scenarios (``Scenario.resolved()``, as a batch manifest stores them), with no model import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FROM_THE_START", "branch_date"]

FROM_THE_START = ("parameters", "uncertainty", "period")  # a change here: D = the start


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def _start(resolved: Mapping[str, Any]) -> dt.date:
    return _date((resolved.get("period") or {})["start"])


def _by_id(entries: Iterable[Mapping[str, Any]] | None) -> dict[str, Mapping[str, Any]]:
    return {str(entry["id"]): entry for entry in entries or []}


def _changed(
    ours: dict[str, Mapping[str, Any]], theirs: dict[str, Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Entries present on one side only, or on both with different content (both versions)."""
    return [
        entry
        for key in sorted(set(ours) | set(theirs))
        if ours.get(key) != theirs.get(key)
        for entry in (ours.get(key), theirs.get(key))
        if entry is not None
    ]


def _forced_points(resolved: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {k: p for k, p in _by_id(resolved.get("decisions")).items() if p.get("force")}


def _first_day(point: Mapping[str, Any]) -> dt.date:
    window = point.get("window")
    return _date(window[0] if window else point["date"])


def branch_date(baseline: Mapping[str, Any], counterfactual: Mapping[str, Any]) -> dt.date | None:
    """D: the first date on which ``counterfactual`` may differ from ``baseline`` (see module)."""
    if any(baseline.get(key) != counterfactual.get(key) for key in FROM_THE_START):
        return _start(counterfactual)
    events = _changed(_by_id(baseline.get("events")), _by_id(counterfactual.get("events")))
    forced = _changed(_forced_points(baseline), _forced_points(counterfactual))
    dates = [_date(e["date"]) for e in events] + [_first_day(p) for p in forced]
    return min(dates) if dates else None
