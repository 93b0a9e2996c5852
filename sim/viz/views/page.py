"""The page's Solara components: one per view, each redrawn only when what it shows changed."""

from __future__ import annotations

import html
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import reacton.core
import solara
from mesa.visualization.utils import update_counter

from sim.viz.views.common import format_date
from sim.viz.views.log import decisions_html, log_html
from sim.viz.views.map import MapCanvas, map_signature
from sim.viz.views.network import NetworkCanvas
from sim.viz.views.timeseries import TimeSeriesCanvas

if TYPE_CHECKING:
    from sim.model import CrisisModel


class ModelRun:
    """What the views need from the page's run object (see ``sim.viz.app.VizRun``)."""

    model: CrisisModel
    token: int  # unique per model built, so views can key their caches on it
    initial_row: dict[str, Any]  # the time-series row of the eve, before the first step
    lock: Any  # held while the model steps; the views hold it while they read the model
    render_context: Any  # set by the views: the session's reacton render context
    month_over: bool  # the last day has been simulated


def attach(run: ModelRun) -> None:
    """Tell the run which render context draws it (see ``VizRun._wait_for_render``)."""
    run.render_context = reacton.core.get_render_context(required=False)


def _frame(make_canvas: Any, run: ModelRun, signature: Hashable) -> None:
    """Show a canvas's frame, drawing it only when ``signature`` changes."""
    attach(run)
    canvas = solara.use_memo(make_canvas, dependencies=[run.token])

    def draw() -> bytes:
        with run.lock:
            return canvas.png(run.model)

    png = solara.use_memo(draw, dependencies=[run.token, signature])
    solara.Image(png, format="png", width="100%")


@solara.component
def NetworkView(run: ModelRun) -> None:
    """The actor network (redrawn each simulated day)."""
    update_counter.get()
    _frame(NetworkCanvas, run, run.model.day)


@solara.component
def MapView(run: ModelRun) -> None:
    """The schematic map (redrawn only when the front, the forces or the border change)."""
    update_counter.get()
    with run.lock:
        signature = map_signature(run.model)
    _frame(MapCanvas, run, signature)


def series_rows(run: ModelRun) -> list[dict[str, Any]]:
    """The time-series rows of a run so far: the eve, then one per simulated day."""
    return [run.initial_row, *(run.model.history or [])]


@solara.component
def TimeSeriesView(run: ModelRun) -> None:
    """Cohesion, momentum, fighters, threat perception and Iran's pressure, day by day."""
    update_counter.get()
    _frame(lambda: TimeSeriesCanvas(lambda _model: series_rows(run)), run, run.model.day)


MONTH_OVER = (
    '<div class="axis-month-over" style="color:#1b5e20;font-weight:600">'
    "The month is over: {date} was the last day simulated. Reset to run it again.</div>"
)
LOG_STYLE = {"font-size": "12.5px", "line-height": "1.35", "overflow-y": "auto"}


@solara.component
def LogView(run: ModelRun) -> None:
    """The calendar date and scenario, the dated log, and the latest decisions' reasons."""
    update_counter.get()
    attach(run)
    model = run.model

    def bodies() -> tuple[str, str]:
        with run.lock:
            return log_html(model), decisions_html(model)

    log, decisions = solara.use_memo(bodies, dependencies=[(run.token, model.day)])
    with solara.Column(gap="4px", style={"padding": "4px 8px", "height": "100%"}):
        DateHeadline(run)
        solara.HTML(tag="div", unsafe_innerHTML=log, style={**LOG_STYLE, "max-height": "190px"})
        if decisions:
            solara.HTML(
                tag="div",
                unsafe_innerHTML=decisions,
                style={**LOG_STYLE, "max-height": "130px", "border-top": "1px solid #ddd"},
            )


@solara.component
def DateHeadline(run: ModelRun) -> None:
    """The current calendar date in large type, with the day count."""
    update_counter.get()
    model = run.model
    days = model.n_days
    day = "the eve, before day 1" if model.day < 0 else f"day {model.day + 1} of {days}"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<span class="axis-date" style="font-size:20px;font-weight:600">'
            f"{format_date(model.date)}</span>"
            f'<span style="color:#666;margin-left:10px">{day}</span>'
            f'<div style="color:#444;font-size:12.5px">{html.escape(model.crisis_scenario.name)}: '
            f"{html.escape(model.crisis_scenario.title)}</div>"
            + (MONTH_OVER.format(date=format_date(model.date)) if run.month_over else "")
        ),
    )
