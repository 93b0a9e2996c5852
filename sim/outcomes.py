"""The outcome row of a run: one definition per column (name, type, meaning), and its computation.

Later tools rely on these names. Days count from the scenario start; an event that never
happened is NaN, never a sentinel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sim.core.view import ModelView

NAN = math.nan


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    dtype: str  # "bool", "float", "int", "str"
    meaning: str


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "regime_collapsed", "bool", "Damascus fell (or the regime dissolved) within the period."
    ),
    Outcome("regime_collapse_day", "float", "Day of the collapse; NaN if none."),
    Outcome("fall_day_aleppo", "float", "Day Aleppo fell to the opposition; NaN if it held."),
    Outcome("fall_day_hama", "float", "Day Hama fell; NaN if it held."),
    Outcome("fall_day_homs", "float", "Day Homs fell; NaN if it held."),
    Outcome("fall_day_damascus", "float", "Day Damascus fell; NaN if it held."),
    Outcome("fall_day_deir_ez_zor", "float", "Day the eastern pocket changed hands; NaN if not."),
    Outcome("iraqi_army_deployed", "bool", "Baghdad sent the regular army into Syria."),
    Outcome("iraqi_army_deploy_day", "float", "Day the army was sent; NaN if never."),
    Outcome("border_posture_final", "str", "Iraq's border posture on the last day."),
    Outcome("faction_fighters_peak", "float", "Peak of Iraqi faction fighters in Syria (men)."),
    Outcome(
        "faction_reinforcements",
        "float",
        "Faction fighters sent from Iraq into Syria during the period (men).",
    ),
    Outcome(
        "faction_withdrawal_day",
        "float",
        "First day the factions' fighters in Syria fell below half their peak; NaN if never.",
    ),
    Outcome(
        "factions_withdrew_before_collapse",
        "bool",
        "That withdrawal began strictly before the collapse day (False if either is missing).",
    ),
    Outcome("pmf_brigades_defected", "int", "PMF brigades that went to Syria against orders."),
    Outcome("iran_posture_final", "str", "Iran's posture on the last day (press/hedge/let_go)."),
    Outcome("iran_letgo_day", "float", "First day Iran chose to let Assad go; NaN if never."),
    Outcome(
        "iran_stops_pressing_day",
        "float",
        "First day Iran's posture was no longer press (hedge or let go); NaN if never.",
    ),
    Outcome("iran_hts_channel_day", "float", "Day Iran opened a channel to HTS; NaN if never."),
    Outcome("syrian_soldiers_admitted", "int", "Fleeing Syrian soldiers admitted into Iraq."),
    Outcome("shrines_attacked", "bool", "A Shiite shrine around Damascus was attacked."),
    Outcome(
        "turkey_iraq_relations_final", "float", "Turkish-Iraqi relations on the last day, 0-1."
    ),
    Outcome("sudani_standing_final", "float", "Sudani's political standing on the last day, 0-1."),
    Outcome(
        "axis_cohesion_final",
        "float",
        "Mean loyalty to Iran of the Iraqi armed groups (factions and brigades) at the end, 0-1.",
    ),
)
OUTCOME_NAMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES)


def _day(value: int | None) -> float:
    return NAN if value is None else float(value)


def compute(model: ModelView) -> dict[str, Any]:
    """The outcome row of a finished (or stopped) run."""
    front, world, gov, iran = model.front, model.world, model.government, model.iran
    collapse = _day(front.collapse_day)
    withdrawal = _day(model.withdrawal_day)
    row: dict[str, Any] = {
        "regime_collapsed": front.collapse_day is not None,
        "regime_collapse_day": collapse,
        **{f"fall_day_{name}": _day(city.fall_day) for name, city in front.cities.items()},
        "iraqi_army_deployed": gov.army_deploy_day is not None,
        "iraqi_army_deploy_day": _day(gov.army_deploy_day),
        "border_posture_final": gov.border_posture,
        "faction_fighters_peak": float(model.fighters_peak),
        "faction_reinforcements": float(sum(f.sent_from_iraq for f in model.factions)),
        "faction_withdrawal_day": withdrawal,
        "factions_withdrew_before_collapse": bool(withdrawal < collapse),
        "pmf_brigades_defected": sum(b.defied_orders for b in model.brigades),
        "iran_posture_final": iran.posture,
        "iran_letgo_day": _day(iran.letgo_day),
        "iran_stops_pressing_day": _day(iran.stopped_pressing_day),
        "iran_hts_channel_day": _day(iran.hts_channel_day),
        "syrian_soldiers_admitted": int(world.soldiers_admitted),
        "shrines_attacked": world.shrines_attacked,
        "turkey_iraq_relations_final": world.turkey_iraq_relations,
        "sudani_standing_final": world.sudani_standing,
        "axis_cohesion_final": model.axis_cohesion(),
    }
    return {name: row[name] for name in OUTCOME_NAMES}
