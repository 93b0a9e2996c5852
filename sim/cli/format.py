"""Terminal output that fits the window (80 columns and up) without breaking words.

Each command asks :func:`console` for a console when it prints, so the width follows the
terminal (or ``COLUMNS``) of that call. Long text goes in wrapping cells or hanging-indent
paragraphs; numbers and dates go through :mod:`sim.core.text`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sim.core.text import date_of_day, did_you_mean, exact, number

__all__ = [
    "console",
    "did_you_mean",
    "exact",
    "hanging",
    "number",
    "outcome_table",
    "outcome_value",
    "parameter_line",
    "two_column_grid",
]


def console() -> Console:
    """A console on stdout as wide as the terminal now is (``COLUMNS`` when set)."""
    return Console(highlight=False)


def hanging(text: str, width: int, indent: int = 4, first: str = "") -> str:
    """``first`` + ``text`` wrapped at ``width`` on spaces, later lines indented by ``indent``."""
    return textwrap.fill(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def outcome_value(name: str, value: Any, start: dt.date) -> str:
    """One outcome for reading: yes/no, a calendar date for ``*_day`` columns, 1,200 or 0.67."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name.endswith("_day") or name.startswith("fall_day_"):
        return date_of_day(start, value)
    if isinstance(value, int | float):
        return number(value)
    return str(value).replace("_", " ")


def outcome_table(outcomes: Mapping[str, Any], start: dt.date) -> Table:
    """The outcome row of a run as a two-column table (name, value)."""
    table = Table(title="Outcome", show_header=False, expand=False)
    table.add_column("outcome", overflow="fold")
    table.add_column("value", no_wrap=True)
    for name, value in outcomes.items():
        table.add_row(name, outcome_value(name, value, start))
    return table


def parameter_line(values: Mapping[str, float]) -> str:
    """``a.b=0.61, c.d=1,200`` sorted by key."""
    return ", ".join(f"{k}={exact(round(v, 3))}" for k, v in sorted(values.items()))


def two_column_grid(rows: Iterable[tuple[str, str]]) -> Table:
    """A borderless grid: a fixed first column, a second that wraps on words."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for left, right in rows:
        grid.add_row(escape(left), escape(right))
    return grid
