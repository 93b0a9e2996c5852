"""Cross-references of a scenario against the model: parameters, actors, decisions, dates.

Pydantic checks each field's type and shape; these checks need the registry (the one parameter
definition, the actor kinds and their decisions, the event kinds, the outcomes).
Each problem is a (field path, message saying what is allowed).
"""

from __future__ import annotations

from sim.core.text import did_you_mean
from sim.registry import (
    EVENT_KINDS,
    INSTANCE_KIND,
    KINDS_BY_NAME,
    OUTCOME_NAMES,
    OUTCOMES,
    OUTSIDE_ACTORS,
    range_problem,
)
from sim.scenario.schema import Scenario

Problem = tuple[tuple, str]
_EVENT_FIELDS = ("actor", "target", "intensity", "value")
_REQUIRED_FIELD = {
    "strike": "intensity",
    "resupply_blocked": "intensity",
    "framework_push": "intensity",
    "air_support_cut": "value",
    "shrine_defence_call": "intensity",
}
_TARGETS = ("factions", "regime", "iran")


def check_references(scenario: Scenario) -> list[Problem]:
    """Every problem found, in file order."""
    return [
        *_check_parameters(scenario),
        *_check_events(scenario),
        *_check_decisions(scenario),
        *_check_observables(scenario),
        *_check_unique_ids(scenario),
    ]


def _check_parameters(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in scenario.parameters.items():
        problem = range_problem(key, value)
        if problem:
            problems.append((("parameters", key), problem))
        if key in scenario.uncertainty:
            problems.append((("parameters", key), "both fixed here and uncertain; keep one"))
    for key, dist in scenario.uncertainty.items():
        problem = range_problem(key, *dist.support())
        if problem:
            problems.append((("uncertainty", key), problem))
    return problems


def _check_events(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    actors = sorted({*OUTSIDE_ACTORS, *INSTANCE_KIND})
    for i, event in enumerate(scenario.events):
        problems += _check_date(scenario, ("events", i, "date"), event.date)
        kind = EVENT_KINDS.get(event.kind)
        if kind is None:
            problems.append(
                (
                    ("events", i, "kind"),
                    f"unknown event kind {event.kind!r}{did_you_mean(event.kind, EVENT_KINDS)} "
                    f"(allowed: {', '.join(EVENT_KINDS)}; see docs/scenarios.md)",
                )
            )
            continue
        if event.actor is not None and event.actor not in actors:
            problems.append(
                (
                    ("events", i, "actor"),
                    f"unknown actor {event.actor!r}{did_you_mean(event.actor, actors)} "
                    f"(allowed: {', '.join(actors)})",
                )
            )
        for name in _EVENT_FIELDS:
            if getattr(event, name) is not None and name not in kind.fields:
                problems.append(
                    (
                        ("events", i, name),
                        f"not used by kind {event.kind!r} (it uses: {', '.join(kind.fields)})",
                    )
                )
        needed = _REQUIRED_FIELD.get(event.kind)
        if needed is not None and getattr(event, needed) is None:
            problems.append((("events", i, needed), f"kind {event.kind!r} needs {needed} (0-1)"))
        if event.target is not None and event.target not in _TARGETS:
            problems.append(
                (
                    ("events", i, "target"),
                    f"unknown target {event.target!r}{did_you_mean(event.target, _TARGETS)} "
                    f"(allowed: {', '.join(_TARGETS)})",
                )
            )
    return problems


def _check_decisions(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    actors = list(dict.fromkeys([*KINDS_BY_NAME, *INSTANCE_KIND]))  # a kind may name its instance
    for i, point in enumerate(scenario.decisions):
        kind = KINDS_BY_NAME.get(INSTANCE_KIND.get(point.actor, point.actor))
        if kind is None:
            problems.append(
                (
                    ("decisions", i, "actor"),
                    f"unknown actor {point.actor!r}{did_you_mean(point.actor, actors)} "
                    f"(allowed: {', '.join(actors)})",
                )
            )
            continue
        decision = kind.DECISIONS.get(point.decision)
        if decision is None:
            problems.append(
                (
                    ("decisions", i, "decision"),
                    f"{kind.KIND} has no decision {point.decision!r}"
                    f"{did_you_mean(point.decision, kind.DECISIONS)} "
                    f"(allowed: {', '.join(kind.DECISIONS)})",
                )
            )
            continue
        allowed = ", ".join(decision.options)
        for j, option in enumerate(point.options or []):
            if option not in decision.options:
                problems.append(
                    (
                        ("decisions", i, "options", j),
                        f"unknown option {option!r}{did_you_mean(option, decision.options)} "
                        f"(allowed: {allowed})",
                    )
                )
        for name in ("historical", "force"):
            option = getattr(point, name)
            if option is not None and option not in decision.options:
                problems.append(
                    (
                        ("decisions", i, name),
                        f"unknown option {option!r}{did_you_mean(option, decision.options)} "
                        f"(allowed: {allowed})",
                    )
                )
        field = "date" if point.date is not None else "window"
        problems += _check_date(scenario, ("decisions", i, field), point.first_day)
        problems += _check_date(scenario, ("decisions", i, field), point.last_day)
    return problems


def _check_observables(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    dtypes = {o.name: o.dtype for o in OUTCOMES}
    for i, obs in enumerate(scenario.observables):
        dtype = dtypes.get(obs.outcome)
        if dtype is None:
            problems.append(
                (
                    ("observables", i, "outcome"),
                    f"unknown outcome {obs.outcome!r}{did_you_mean(obs.outcome, OUTCOME_NAMES)} "
                    f"(allowed: {', '.join(OUTCOME_NAMES)})",
                )
            )
            continue
        problem = _target_problem(dtype, obs.value, obs.range is not None)
        if problem:
            field = "range" if obs.range is not None else "value"
            problems.append((("observables", i, field), f"{obs.outcome} is {dtype}: {problem}"))
    return problems


def _target_problem(dtype: str, value: object, has_range: bool) -> str | None:
    """Why an observable's value (or range) cannot describe an outcome of ``dtype``."""
    if dtype in ("bool", "str"):
        wanted = bool if dtype == "bool" else str
        if has_range or not isinstance(value, wanted):
            return f"give `value:` a {'true or false' if dtype == 'bool' else 'text'}"
        return None
    if not has_range and (isinstance(value, (bool, str))):
        return "give a number or `range: [low, high]`"
    return None


def _check_date(scenario: Scenario, loc: tuple, date) -> list[Problem]:
    period = scenario.period
    if period.start <= date <= period.end:
        return []
    return [(loc, f"{date} is outside the period {period.start} to {period.end}")]


def _check_unique_ids(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    for section in ("events", "decisions", "observables"):
        seen: set[str] = set()
        for i, entry in enumerate(getattr(scenario, section)):
            if entry.id in seen:
                problems.append(((section, i, "id"), f"duplicate id {entry.id!r}"))
            seen.add(entry.id)
    return problems
