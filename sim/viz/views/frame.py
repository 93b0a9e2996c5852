"""Figures drawn in two layers: a static one kept as a bitmap, and the artists of the day.

Figures are built with matplotlib's object API (no pyplot: several browser sessions draw from
several threads).
"""

from __future__ import annotations

import io
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

if TYPE_CHECKING:
    from sim.model import CrisisModel

DPI = 90


class FrameCanvas:
    """A figure drawn in two layers, for speed while playing.

    The static layer (axes, borders, legends) is rasterised once and kept as a bitmap; each
    frame restores it and draws only the artists that change (``artists``), then encodes a PNG.
    Rasterising a whole figure costs ~0.3 s on a slow core; a frame costs a fraction of that.
    The static layer is rebuilt when ``static_key`` changes (e.g. a time-series axis must grow).
    """

    figsize = (6.4, 4.6)

    def __init__(self) -> None:
        self._figure: Figure | None = None
        self._canvas: FigureCanvasAgg | None = None
        self._background: Any = None
        self._key: Hashable = None
        self._dynamic: list[Artist] = []

    def static_key(self, model: CrisisModel) -> Hashable:
        """What the static layer depends on besides the figure itself."""
        return None

    def setup(self, fig: Figure, model: CrisisModel) -> None:
        """Draw the static layer."""
        raise NotImplementedError

    def artists(self, fig: Figure, model: CrisisModel) -> list[Artist]:
        """Add (and return) the artists that show the model's state today."""
        raise NotImplementedError

    def figure(self, model: CrisisModel) -> Figure:
        """A complete, ordinary figure of today (for saving or testing)."""
        fig = Figure(figsize=self.figsize, dpi=DPI)
        self.setup(fig, model)
        self.artists(fig, model)
        return fig

    def png(self, model: CrisisModel) -> bytes:
        """Today's frame as PNG bytes."""
        key = self.static_key(model)
        if self._figure is None or key != self._key:
            self._figure = Figure(figsize=self.figsize, dpi=DPI)
            self._canvas = FigureCanvasAgg(self._figure)
            self.setup(self._figure, model)
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self._figure.bbox)
            self._key, self._dynamic = key, []
        fig, canvas = self._figure, self._canvas
        assert canvas is not None
        for artist in self._dynamic:
            artist.remove()
        self._dynamic = self.artists(fig, model)
        canvas.restore_region(self._background)
        for artist in sorted(self._dynamic, key=lambda a: a.get_zorder()):
            artist.set_animated(True)
            fig.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, "png", compress_level=1)
        return buffer.getvalue()


def fixed_axes(fig: Figure, rect: tuple[float, float, float, float]) -> Axes:
    """Axes at ``rect`` (fractions of the figure) whose limits never follow the data."""
    ax = fig.add_axes(rect)
    ax.set_autoscale_on(False)
    return ax
