"""Words and numbers for people: "did you mean", numbers with thousands separators, dates.

Every layer may use these (error messages, the command line, the Python API), so they live at
the bottom of the house and import nothing from the model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the closest choice to a mistyped ``word``, else ``""``.

    Case and ``-``/``_`` differences count as close (``Kataib-Hezbollah`` finds
    ``kataib_hezbollah``); otherwise :func:`difflib.get_close_matches` decides.
    """
    options = sorted(set(choices))
    folded = {c.lower().replace("-", "_"): c for c in options}
    exact = folded.get(word.lower().replace("-", "_"))
    if exact is not None and exact != word:
        return f" (did you mean {exact!r}?)"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        # A dotted key is often right after the dot ("iran.comitment" -> "iran.commitment_...").
        close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close and close[0] != word else ""


def number(value: float) -> str:
    """A count or measure for reading: ``1,200``, ``0.67``, ``12.5``; NaN as ``—``."""
    if isinstance(value, float) and math.isnan(value):
        return "—"
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 1):
        return f"{value:,.0f}"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:,.1f}"
    return f"{value:.2f}"


def exact(value: float) -> str:
    """A parameter value in full but never in e-notation: ``0.005``, ``0.45``, ``1,200``."""
    if abs(value) >= 1000:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def calendar_date(date: dt.date) -> str:
    """``8 Dec 2024``."""
    return f"{date.day} {date:%b %Y}"


def date_of_day(start: dt.date, day: float) -> str:
    """The calendar date of a day counted from ``start`` (``—`` for NaN: it never happened)."""
    if isinstance(day, float) and math.isnan(day):
        return "—"
    return calendar_date(start + dt.timedelta(days=int(day)))
