"""The SolaraViz page of axis-sim: ``solara run sim.viz.app`` or ``axis-sim viz``.

Each browser session builds its own :class:`VizRun` (a :class:`~sim.model.CrisisModel` built
as ``axis-sim run SCENARIO --seed SEED`` builds run 0), so sessions never share a model. Mesa's
SolaraViz supplies the Step / Play / Reset controls and the parameter inputs; on Reset it calls
``VizRun(**values)`` with the scenario, seed and slider values chosen in the sidebar.

Mesa 3.5's SolaraViz prints the model's step count in its "Information" card; this page shows
the calendar date there instead (``solara_viz.ShowSteps`` is replaced by :func:`RunInfo`).
"""

from __future__ import annotations

import itertools
import math
import os
import threading
import time
import traceback
from collections.abc import Mapping
from typing import Any

import solara
from mesa.visualization import solara_viz
from mesa.visualization.solara_viz import SolaraViz
from mesa.visualization.utils import update_counter

from sim.core.params import Param
from sim.registry import parameters
from sim.run.runner import build_model
from sim.scenario import bundled_scenarios, load_scenario, resolve_path
from sim.viz import SCENARIO_ENV
from sim.viz.views.common import format_date
from sim.viz.views.page import LogView, MapView, NetworkView, TimeSeriesView

TITLE = "axis-sim — Iraq and the fall of Assad"
PLAY_INTERVAL_MS = 50
RENDER_WAIT_S = 5.0  # longest wait for another thread's render pass before a step
SCENARIO_KEY, SEED_KEY = "scenario_name", "seed"
_tokens = itertools.count(1)


def slider_params() -> list[Param]:
    """The parameters marked ``slider=True`` in the one parameter definition."""
    return [p for p in parameters().values() if p.slider]


def scenario_choices() -> list[str]:
    """Every bundled scenario by name, plus the file given to ``axis-sim viz`` if not bundled."""
    names = [path.stem for path in bundled_scenarios()]
    start = _start_scenario()
    if start is not None and start not in names:
        names.append(start)
    return names


def default_scenario() -> str:
    """The scenario a new session opens with: the one given to ``axis-sim viz``, else baseline."""
    return _start_scenario() or scenario_choices()[0]


def _start_scenario() -> str | None:
    """The scenario given to ``axis-sim viz``: its name if bundled, else its file's path."""
    start = os.environ.get(SCENARIO_ENV)
    if not start:
        return None
    path = resolve_path(start)
    bundled = {p.resolve() for p in bundled_scenarios()}
    return path.stem if path in bundled else str(path)


def _step(param: Param) -> float:
    """A slider step of about a hundredth of the range, rounded to a power of ten."""
    return 10.0 ** math.floor(math.log10((param.high - param.low) / 100))


def model_params() -> dict[str, dict[str, Any]]:
    """SolaraViz's inputs: scenario, seed, and a slider per main loyalty and risk parameter."""
    scenario = default_scenario()
    inputs: dict[str, dict[str, Any]] = {
        SCENARIO_KEY: {
            "type": "Select",
            "label": "Scenario",
            "value": scenario,
            "values": scenario_choices(),
        },
        SEED_KEY: {
            "type": "InputText",
            "label": "Seed",
            "value": str(load_scenario(scenario).seed),
        },
    }
    for param in slider_params():
        inputs[param.key] = {
            "type": "SliderFloat",
            "label": f"{param.actor} · {param.name.replace('_', ' ')}",
            "value": param.default,
            "min": param.low,
            "max": param.high,
            "step": _step(param),
        }
    return inputs


def initial_values(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The value of every input as a fresh page shows it."""
    return {key: spec["value"] for key, spec in inputs.items()}


class VizRun:
    """One session's run: run 0 of ``scenario_name`` with batch seed ``seed`` (as
    ``axis-sim run``), with the sliders that were moved off their defaults as overrides.

    SolaraViz steps it (``step``, ``running``) and re-creates it on Reset with the sidebar's
    values. It deliberately has no ``scenario`` attribute: SolaraViz would take that for a Mesa
    scenario object.
    """

    def __init__(self, scenario_name: str = "baseline", seed: str | int = "", **sliders: float):
        self.crisis_scenario = load_scenario(scenario_name)
        self.seed, self.note = _parse_seed(seed, self.crisis_scenario.seed)
        self.overrides = moved_sliders(sliders)
        self.model, self.drawn = build_model(
            self.crisis_scenario, 0, self.seed, self.overrides, record_history=True
        )
        self.token = next(_tokens)
        self.initial_row = self.model.timeseries_row()
        self.error: str | None = None
        self.lock = threading.RLock()  # held while stepping and while the views read the model
        self.render_context: Any = None  # the session's reacton render context (set by views)

    @property
    def running(self) -> bool:
        """False once the last day of the period has been simulated (or the model failed)."""
        return self.error is None and bool(self.model.running)

    def step(self) -> None:
        """Simulate the next calendar day. A model error stops the run and is shown in the
        sidebar (and printed on the server's console) instead of replacing the page."""
        if self.error is not None:
            return
        self._wait_for_render()
        with self.lock:
            try:
                self.model.step()
            except Exception as exc:
                self.error = f"the model failed after {format_date(self.model.date)}: {exc!r}"
                traceback.print_exc()

    def _wait_for_render(self) -> None:
        """Let a render pass running in another thread finish before the next day.

        Mesa's Play loop steps in its own thread and does not wait for the page to be drawn.
        When a render pass is under way elsewhere (e.g. the one started by the Play click),
        reacton hands every later update to that pass, which then keeps rendering for the whole
        run while nothing reaches the browser. Waiting here for the render lock to be free makes
        the Play thread draw each day itself, so every day is shown.
        """
        lock = getattr(self.render_context, "thread_lock", None)
        if lock is None or getattr(self.render_context, "_lock_thread", None) is (
            threading.current_thread()
        ):
            return
        deadline = time.monotonic() + RENDER_WAIT_S
        while lock.locked() and time.monotonic() < deadline:
            time.sleep(0.005)


def moved_sliders(values: Mapping[str, float]) -> dict[str, float]:
    """The slider values that differ from their parameter's default (the others leave the
    scenario's own value, or its uncertainty draw, in place)."""
    table = {p.key: p for p in slider_params()}
    unknown = sorted(set(values) - set(table))
    if unknown:
        raise TypeError(f"not a slider parameter: {', '.join(unknown)}")
    return {
        key: float(value)
        for key, value in values.items()
        if not math.isclose(float(value), table[key].default, abs_tol=1e-9)
    }


def _parse_seed(text: str | int, fallback: int) -> tuple[int, str]:
    """The batch seed typed in the sidebar, or the scenario's (with a note) if it is not one."""
    raw = str(text).strip()
    if not raw:
        return fallback, ""
    try:
        seed = int(raw)
    except ValueError:
        return fallback, f"seed {raw!r} is not a whole number: using the scenario's {fallback}"
    if seed < 0:
        return fallback, f"seed {seed} is negative: using the scenario's {fallback}"
    return seed, ""


@solara.component
def RunInfo(run: VizRun) -> None:
    """The sidebar's information card: date, scenario, seed and the parameters changed."""
    update_counter.get()
    model = run.model
    day = "eve of the period" if model.day < 0 else f"day {model.day + 1} of {model.n_days}"
    with solara.Column(gap="2px"):
        solara.Text(format_date(model.date), style={"font-size": "18px", "font-weight": "600"})
        solara.Text(f"{day} · {run.crisis_scenario.title}")
        solara.Text(f"scenario {run.crisis_scenario.name} · seed {run.seed} (run 0)")
        if run.overrides:
            values = ", ".join(f"{k}={v:g}" for k, v in sorted(run.overrides.items()))
            solara.Text(f"sliders moved: {values}")
        if run.note:
            solara.Warning(run.note, dense=True)
        if run.error:
            solara.Error(run.error, dense=True)
        solara.Text("Scenario, seed and sliders apply on Reset.", style={"color": "#777"})


# Mesa 3.5's SolaraViz shows ``model.time`` (a step count) here; show the date instead.
solara_viz.ShowSteps = RunInfo

COMPONENTS = [(MapView, 0), (NetworkView, 0), (TimeSeriesView, 0), (LogView, 0)]


@solara.component
def Page() -> None:
    """The page: one run per browser session, SolaraViz's controls, four views."""
    inputs = solara.use_memo(model_params, dependencies=[])
    run = solara.use_memo(lambda: VizRun(**initial_values(inputs)), dependencies=[])
    SolaraViz(
        run,  # type: ignore[arg-type]  (SolaraViz needs only step, running and the constructor)
        components=COMPONENTS,
        model_params=inputs,
        name=TITLE,
        play_interval=PLAY_INTERVAL_MS,
        render_interval=1,
    )
