"""The side-by-side tab: the run and the same run of a second scenario, stepped together, each
with its map, its date and the probabilities of its quick batch."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import solara
from mesa.visualization.utils import update_counter

from sim.viz.typical import percent
from sim.viz.views.common import format_date
from sim.viz.views.map import MapCanvas, map_signature
from sim.viz.views.page import attach

if TYPE_CHECKING:
    from sim.viz.session import Side

HINT = (
    "Choose a scenario under “Compare with (side by side)” in the sidebar and press Reset: "
    "the same run (same seed, same run number) of both scenarios is then stepped together here."
)


@solara.component
def CompareView(run: Any) -> None:
    """The run and its counterfactual side by side, or a hint when none is chosen."""
    update_counter.get()
    attach(run)
    if run.other is None:
        solara.Info(HINT)
        return
    with solara.Columns([1, 1]):
        for name, side in (("left", run.main), ("right", run.other)):
            SideColumn(run, side, name)


@solara.component
def SideColumn(run: Any, side: Side, name: str) -> None:
    """One scenario: title, date, batch probabilities, how common this path is, the map."""
    update_counter.get()
    model = side.model
    canvas = solara.use_memo(MapCanvas, dependencies=[run.token, name])
    with run.lock:
        signature = map_signature(model)

    def draw() -> bytes:
        with run.lock:
            return canvas.png(model)

    png = solara.use_memo(draw, dependencies=[run.token, name, signature])
    summary = "".join(f"<li>{html.escape(line)}</li>" for line in side.summary.lines())
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<div style="font-weight:600">{html.escape(side.scenario.name)}: '
            f"{html.escape(side.scenario.title)}</div>"
            f'<div><span class="axis-compare-date" style="font-size:18px;font-weight:600">'
            f"{format_date(model.date)}</span></div>"
            f'<div style="font-size:12.5px">Quick batch of {side.summary.runs} runs, same seed:'
            f'<ul style="margin:0;padding-left:18px">{summary}</ul>'
            f"Run {run.run_index}: a path like this in {percent(side.like)} of runs "
            f"({html.escape(side.path)}).</div>"
        ),
    )
    solara.Image(png, format="png", width="100%")
