"""Small helpers shared by the views: reading the model's choices, dates, tone colours."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sim.core.stance import ESCALATING, HEDGING, HOLDING_BACK, OUTSIDE

if TYPE_CHECKING:
    from sim.model import CrisisModel

# The colour of each stance tone (nodes of the network, Iraqi forces on the map).
TONE_COLOURS = {
    ESCALATING: "#c0392b",
    HEDGING: "#e69f00",
    HOLDING_BACK: "#2a9d8f",
    OUTSIDE: "#b0b0b0",
}


def last_choices(model: CrisisModel) -> dict[tuple[str, str], str]:
    """The latest choice of every (actor, decision) taken so far."""
    return {(r.actor, r.decision): r.choice for r in model.decision_log}


def format_date(date: dt.date) -> str:
    """'Wed 4 Dec 2024'."""
    return f"{date:%a} {date.day} {date:%b %Y}"


def day_month_text(date: dt.date) -> str:
    """'6 Dec'."""
    return f"{date.day} {date:%b}"
