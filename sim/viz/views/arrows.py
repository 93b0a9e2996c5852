"""The network's edges in pixel coordinates: straight ties, curved arrows and their heads."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.transforms import IdentityTransform

NODE_GAP_PX = 11.0  # edges stop this far from the centres of the nodes (pixels)


def straight(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    return np.array([start, end])


def curve(start: np.ndarray, end: np.ndarray, bend: float = 0.12, points: int = 14) -> np.ndarray:
    """A quadratic Bezier from ``start`` to ``end`` bowed to the left, both ends cut back by
    ``NODE_GAP_PX`` (pixel coordinates, so arrows look the same whatever the aspect)."""
    delta = end - start
    length = float(np.hypot(*delta)) or 1.0
    control = (start + end) / 2 + bend * np.array([-delta[1], delta[0]])
    cut = min(NODE_GAP_PX / length, 0.3)
    t = np.linspace(cut, 1 - 1.6 * cut, points)[:, None]
    return (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end


def arrow_head(curve: np.ndarray, size: float = 7.0) -> np.ndarray:
    """A triangle at the end of a curve, pointing along its last segment."""
    tip, before = curve[-1], curve[-2]
    direction = tip - before
    direction = direction / (float(np.hypot(*direction)) or 1.0)
    normal = np.array([-direction[1], direction[0]])
    base = tip - size * direction
    return np.array(
        [tip + 0.4 * size * direction, base + 0.45 * size * normal, base - 0.45 * size * normal]
    )


def segments(
    ax: Axes, lines: list[np.ndarray], styles: list[tuple[Any, ...]], zorder: float
) -> Artist:
    """One collection of polylines in pixel coordinates, styled per line (colour, style, width)."""
    return ax.add_collection(
        LineCollection(
            lines,
            colors=[s[1] for s in styles],
            linestyles=[s[2] for s in styles],
            linewidths=[s[3] for s in styles],
            transform=IdentityTransform(),
            zorder=zorder,
        ),
        autolim=False,
    )
