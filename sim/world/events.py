"""Dated outside events: things no modelled actor decides, and what each kind of event does.

A scenario lists events by date; the model applies the day's events before the actors decide.
Each kind names the fields it uses; the scenario schema checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sim.core.view import EventView, ModelView

# Outside actors that events may name; they appear as nodes of the influence network.
OUTSIDE_ACTORS = (
    "israel",
    "united_states",
    "russia",
    "sadr",
    "sistani",
    "maliki",
    "assad",
    "hezbollah",
    "qatar",
    "sdf",
)


@dataclass(frozen=True, slots=True)
class EventKind:
    """What an event kind means, the fields it needs, and its effect on the model."""

    name: str
    meaning: str
    fields: tuple[str, ...]
    apply: Callable[[ModelView, EventView], None]


def _strike(model: ModelView, event: EventView) -> None:
    intensity = event.intensity or 0.0
    model.world.strike_threat = min(1.0, model.world.strike_threat + intensity)
    if event.target in (None, "factions"):
        for faction in model.factions:
            faction.learn_fear(intensity)
            model.message(event.actor or "israel", faction.actor_id, "deterrence", intensity)


def _resupply_blocked(model: ModelView, event: EventView) -> None:
    model.world.iran_supply *= 1.0 - (event.intensity or 0.0)
    model.message(event.actor or "israel", "iran", "deterrence", event.intensity or 0.0)


def _air_support_cut(model: ModelView, event: EventView) -> None:
    model.front.air_support *= float(event.value if event.value is not None else 0.0)


def _framework_push(model: ModelView, event: EventView) -> None:
    model.world.framework_pressure += event.intensity or 0.0
    model.message(event.actor or "maliki", "iraqi_government", "pressure", event.intensity or 0.0)


def _non_intervention_call(model: ModelView, event: EventView) -> None:
    if (event.actor or "sadr") == "sadr":
        model.world.sadr_has_spoken = True
    model.world.update_mood(model.params)
    for target in model.iraqi_actor_ids():
        model.message(event.actor or "sadr", target, "message", 1.0)


def _shrine_defence_call(model: ModelView, event: EventView) -> None:
    """A religious call to defend the shrines: anti-war mood down, pressure to intervene up."""
    intensity = event.intensity or 0.0
    model.world.shrine_call = max(model.world.shrine_call, intensity)
    model.world.update_mood(model.params)
    model.world.framework_pressure += intensity
    for target in model.iraqi_actor_ids():
        model.message(event.actor or "sistani", target, "message", intensity)


def _note(model: ModelView, event: EventView) -> None:
    """Recorded in the narrative; no effect on the actors (e.g. a pledge or a summit)."""


EVENT_KINDS: dict[str, EventKind] = {
    kind.name: kind
    for kind in (
        EventKind(
            "strike",
            "Air strikes that raise the strike threat (and the factions' fear).",
            ("actor", "target", "intensity"),
            _strike,
        ),
        EventKind(
            "resupply_blocked",
            "Iranian supply to Syria interdicted.",
            ("actor", "intensity"),
            _resupply_blocked,
        ),
        EventKind(
            "air_support_cut",
            "Russia's air support to the regime falls to `value` times its level (0-1).",
            ("actor", "value"),
            _air_support_cut,
        ),
        EventKind(
            "framework_push",
            "Coordination Framework hawks push Baghdad to intervene.",
            ("actor", "intensity"),
            _framework_push,
        ),
        EventKind(
            "non_intervention_call",
            "A public figure (Sadr) calls on all to stay out.",
            ("actor",),
            _non_intervention_call,
        ),
        EventKind(
            "shrine_defence_call",
            "A religious authority (Sistani) calls on Iraqis to defend the Shiite shrines in "
            "Syria: the anti-war mood falls by `intensity` (0-1) for the rest of the month and "
            "the Framework's pressure on Baghdad to intervene rises by `intensity` (it fades "
            "like a framework_push).",
            ("actor", "intensity"),
            _shrine_defence_call,
        ),
        EventKind(
            "note",
            "A dated fact kept in the narrative, with no effect on the actors.",
            ("actor",),
            _note,
        ),
    )
}
