"""The time series: three panels over the whole period, growing day by day."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.viz.views.frame import FrameCanvas

if TYPE_CHECKING:
    from sim.model import CrisisModel

SERIES = (
    (
        ("regime_cohesion", "regime cohesion", "#b3261e"),
        ("iraqi_threat_perception", "Iraqi threat perception", "#1f5fa8"),
    ),
    (
        ("offensive_momentum", "offensive momentum", "#2e7d32"),
        ("iran_pressure", "Iran's pressure", "#e69f00"),
    ),
    (("faction_fighters_in_syria", "Iraqi faction fighters in Syria", "#6a3d9a"),),
)


def _ceiling(value: float) -> float:
    """A round axis top at or above ``value`` (1, 1.5, 2, 2.5, 3, 4, 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    scale = 10 ** math.floor(math.log10(value))
    return next(m * scale for m in (1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10) if m * scale >= value)


class TimeSeriesCanvas(FrameCanvas):
    """Three panels over the whole period, so the lines grow day by day. The per-session rows
    come from ``rows`` (the eve's row, then ``model.history``)."""

    def __init__(self, rows: Any) -> None:
        super().__init__()
        self.rows = rows

    def _tops(self, model: CrisisModel) -> tuple[float, float]:
        rows = self.rows(model)
        pressing = max(r[k] for r in rows for k in ("offensive_momentum", "iran_pressure"))
        fighters = max(r["faction_fighters_in_syria"] for r in rows)
        return _ceiling(max(pressing * 1.1, 1.0)), _ceiling(max(fighters * 1.15, 100.0))

    def static_key(self, model: CrisisModel) -> Hashable:
        period = model.crisis_scenario.period
        return (period.start, period.end, self._tops(model))

    def setup(self, fig: Figure, model: CrisisModel) -> None:
        axes = fig.subplots(3, 1, sharex=True)
        fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.08, hspace=0.38)
        start, end = model.crisis_scenario.period.start, model.crisis_scenario.period.end
        tops = (1.05, *self._tops(model))
        for ax, panel, top in zip(axes, SERIES, tops, strict=True):
            ax.set_xlim(_num(start - dt.timedelta(days=1)), _num(end))
            ax.set_ylim(0, top)
            ax.set_autoscale_on(False)
            ax.tick_params(labelsize=6.5, length=2)
            ax.grid(alpha=0.3)
            handles = [Line2D([], [], color=c, lw=1.6, label=label) for _, label, c in panel]
            ax.legend(handles=handles, loc="upper left", fontsize=6.5, frameon=False, ncol=2)
        axes[2].xaxis.set_major_formatter(_day_month)
        fig.suptitle("The crisis day by day", fontsize=9)

    def artists(self, fig: Figure, model: CrisisModel) -> list[Artist]:
        rows = self.rows(model)
        days = [_num(dt.date.fromisoformat(r["date"])) for r in rows]
        out: list[Artist] = []
        for ax, panel in zip(fig.axes, SERIES, strict=True):
            for key, _, colour in panel:
                out += ax.plot(days, [r[key] for r in rows], color=colour, lw=1.6)
        return out


def _num(date: dt.date) -> float:
    """Matplotlib's date number of a calendar date (days since 1970-01-01)."""
    return float((date - dt.date(1970, 1, 1)).days)


def _day_month(value: float, _pos: int | None = None) -> str:
    return f"{dt.date(1970, 1, 1) + dt.timedelta(days=round(value)):%d %b}"
