"""The SolaraViz page of axis-sim: ``solara run sim.viz.app`` or ``axis-sim viz``.

Each browser session builds its own :class:`~sim.viz.session.VizRun`, so sessions never share a
model. Mesa's SolaraViz supplies the Step / Play / Reset controls and the parameter inputs; on
Reset it calls ``VizRun(**values)`` with the sidebar's values.

Three parts of Mesa 3.5's SolaraViz are replaced: the "Information" card (``ShowSteps``, a
step count) by :func:`RunInfo` (date, run, how typical it is, end-of-month notice); the views'
tabs (``ComponentsView``, labelled "Page 0") by :func:`PageTabs`; and the inputs
(``UserInputs``) by ``sim.viz.inputs.UserInputs`` (slider values and ranges shown).
"""

from __future__ import annotations

import solara
from mesa.visualization import solara_viz
from mesa.visualization.solara_viz import SolaraViz
from mesa.visualization.utils import update_counter

from sim.viz import SCENARIO_ENV
from sim.viz.inputs import initial_values, model_params, moved_sliders
from sim.viz.session import VizRun, month_over_notice
from sim.viz.views.common import format_date
from sim.viz.views.compare import CompareView
from sim.viz.views.page import LogView, MapView, NetworkView, TimeSeriesView

__all__ = [
    "SCENARIO_ENV",
    "Page",
    "RunInfo",
    "VizRun",
    "initial_values",
    "model_params",
    "moved_sliders",
]

TITLE = "axis-sim — Iraq and the fall of Assad"
PLAY_INTERVAL_MS = 50
MONTH_VIEWS = [MapView, NetworkView, TimeSeriesView, LogView]
TABS = ("The month, day by day", "Side by side")


@solara.component
def RunInfo(run: VizRun) -> None:
    """The sidebar's information card: date, scenario, seed, run and how typical it is."""
    update_counter.get()
    model = run.model
    day = "eve of the period" if model.day < 0 else f"day {model.day + 1} of {model.n_days}"
    with solara.Column(gap="2px"):
        solara.Text(format_date(model.date), style={"font-size": "18px", "font-weight": "600"})
        solara.Text(f"{day} · {run.crisis_scenario.title}")
        solara.Text(f"scenario {run.crisis_scenario.name} · seed {run.seed} · run {run.run_index}")
        solara.Info(run.run_notice(), dense=True, classes=["axis-typical"])
        if run.other is not None:
            solara.Text(f"side by side with {run.other.scenario.name} (same seed and run)")
        if run.overrides:
            values = ", ".join(f"{k}={v:g}" for k, v in sorted(run.overrides.items()))
            solara.Text(f"sliders moved: {values}")
        if run.month_over:
            solara.Success(month_over_notice(model), dense=True, classes=["axis-month-over"])
        if run.note:
            solara.Warning(run.note, dense=True)
        if run.error:
            solara.Error(run.error, dense=True)
        solara.Text("Scenario, seed, run and sliders apply on Reset.", style={"color": "#777"})


@solara.component
def PageTabs(components: list, model: VizRun) -> None:
    """The views in two named tabs (Mesa labels them "Page 0", "Page 1"): the month day by day
    in Mesa's draggable grid, and the side-by-side comparison. Only the open tab is drawn."""
    tab, set_tab = solara.use_state(0)
    layout, set_layout = solara.use_state(solara_viz.make_initial_grid_layout(len(MONTH_VIEWS)))
    solara.Title(TITLE)
    solara.Info(model.run_notice(), dense=True, classes=["axis-typical"])
    with solara.v.Tabs(v_model=tab, on_v_model=set_tab):
        for name in TABS:
            solara.v.Tab(children=[name])
    if tab == 0:
        solara.GridDraggable(
            items=[view(model) for view in MONTH_VIEWS],
            grid_layout=layout,
            resizable=True,
            draggable=True,
            on_grid_layout=set_layout,
        )
    else:
        CompareView(model)


# Mesa 3.5's SolaraViz shows ``model.time`` (a step count) here; show the date instead.
solara_viz.ShowSteps = RunInfo
solara_viz.ComponentsView = PageTabs


@solara.component
def Page() -> None:
    """The page: one run per browser session, SolaraViz's controls, the views in two tabs."""
    inputs = solara.use_memo(model_params, dependencies=[])
    run = solara.use_memo(lambda: VizRun(**initial_values(inputs)), dependencies=[])
    SolaraViz(
        run,  # type: ignore[arg-type]  (SolaraViz needs only step, running and the constructor)
        components=[(view, 0) for view in MONTH_VIEWS],
        model_params=inputs,
        name=TITLE,
        play_interval=PLAY_INTERVAL_MS,
        render_interval=1,
    )
