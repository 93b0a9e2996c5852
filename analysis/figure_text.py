"""Text that fits its figure: titles wrapped to the figure's width, and a check with the renderer.

Titles are wrapped before drawing from an estimate of the character width; :func:`clipped_texts`
then measures each title with the renderer's extent, so a test can prove that nothing is cut off.
"""

from __future__ import annotations

import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

CHAR_WIDTH_EM = 0.55
"""Mean width of a character in DejaVu Sans, in ems (a conservative estimate)."""


def wrap(text: str, width_inches: float, fontsize_points: float = 12.0) -> str:
    """``text`` with line breaks so that each line fits ``width_inches``."""
    per_line = max(12, int(width_inches * 72 / (fontsize_points * CHAR_WIDTH_EM)))
    return "\n".join(textwrap.fill(part, per_line) for part in text.split("\n"))


def panel_width(figure: Figure, columns: int) -> float:
    """The width of one of ``columns`` panels, in inches (room left for the tick labels)."""
    return figure.get_figwidth() / max(columns, 1) * 0.62


def titles(figure: Figure) -> list[Text]:
    """The figure's suptitle and the titles of its visible axes (the non-empty ones)."""
    found = [figure._suptitle] if figure._suptitle is not None else []
    for ax in figure.axes:
        if ax.get_visible():
            found += [ax.title, ax._left_title, ax._right_title]
    return [text for text in found if text.get_text()]


def clipped_texts(figure: Figure) -> list[str]:
    """The titles that do not fit within the figure's width, measured after drawing."""
    canvas = FigureCanvasAgg(figure) if figure.canvas is None else figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    width = figure.bbox.width
    return [
        text.get_text()
        for text in titles(figure)
        if (box := text.get_window_extent(renderer)).x0 < -0.5 or box.x1 > width + 0.5
    ]
