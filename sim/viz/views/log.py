"""The dated log and the latest decisions with their reasons, as HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sim.registry import display_name
from sim.viz.views.common import format_date

if TYPE_CHECKING:
    from sim.model import CrisisModel

CATEGORY_COLOURS = {"event": "#00838f", "decision": "#8d6e00", "front": "#b3261e"}


def latest_decisions(model: CrisisModel, limit: int = 12) -> list[str]:
    """The decisions of the last simulated day with their chosen option, probability and top
    reasons (the utility terms that most favoured it over the runner-up)."""
    lines = []
    for record in [r for r in model.decision_log if r.day == model.day][:limit]:
        p = record.probabilities[record.options.index(record.choice)]
        reasons = ", ".join(f"{name} {value:+.2f}" for name, value in record.top_reasons(2))
        forced = " forced" if record.forced else ""
        lines.append(
            f"{html.escape(display_name(record.actor))} — {record.decision.replace('_', ' ')}: "
            f"<b>{html.escape(record.choice)}</b> (p {p:.2f}{forced}"
            + (f"; {html.escape(reasons)}" if reasons else "")
            + ")"
        )
    return lines


def log_html(model: CrisisModel, limit: int = 80) -> str:
    """The dated log of events, decisions and the front, newest first (decision lines carry
    their top reasons)."""
    parts = [f"<div><b>Log</b> ({len(model.narrative)} entries, newest first)</div>"]
    if not model.narrative:
        parts.append("<div><i>Nothing yet: press Step or Play.</i></div>")
    for entry in _newest_first(model.narrative, limit):
        colour = CATEGORY_COLOURS.get(entry.category, "#444444")
        parts.append(
            f'<div class="axis-log-entry"><span style="color:#666">{entry.date:%d %b}</span> '
            f'<span style="color:{colour};font-weight:600">{entry.category}</span> '
            f"{html.escape(entry.text)}</div>"
        )
    return "".join(parts)


def decisions_html(model: CrisisModel) -> str:
    """The decisions of the last simulated day (at most 40) with their top reasons."""
    decisions = latest_decisions(model, limit=40)
    if not decisions:
        return ""
    items = "".join(f"<li>{line}</li>" for line in decisions)
    return (
        f"<div><b>All decisions of {format_date(model.date)}</b> — choice (probability; "
        "top reasons)</div>"
        f'<ul style="margin:2px 0 0 0;padding-left:18px">{items}</ul>'
    )


def _newest_first(entries: Sequence[Any], limit: int) -> Iterable[Any]:
    return reversed(entries[-limit:])
