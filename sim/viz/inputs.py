"""The sidebar's inputs: scenario, seed, run, the scenario to compare with, and one slider per
main parameter (each showing its value, range and default)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from typing import Any

import solara
from mesa.visualization import solara_viz

from sim.core.params import Param
from sim.registry import parameters
from sim.scenario import bundled_scenarios, load_scenario, resolve_path
from sim.viz import SCENARIO_ENV
from sim.viz.typical import QUICK_RUNS

SCENARIO_KEY, SEED_KEY, RUN_KEY, COMPARE_KEY = "scenario_name", "seed", "run", "compare"
TYPICAL, NO_COMPARISON = "typical", "none"


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
    """SolaraViz's inputs: scenario, seed, run, comparison, and a slider per main parameter."""
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
        RUN_KEY: {
            "type": "InputText",
            "label": f"Run ({TYPICAL}, or a run number 0-{QUICK_RUNS - 1})",
            "value": TYPICAL,
        },
        COMPARE_KEY: {
            "type": "Select",
            "label": "Compare with (side by side)",
            "value": NO_COMPARISON,
            "values": [NO_COMPARISON, *scenario_choices()],
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


def parse_seed(text: str | int, fallback: int) -> tuple[int, str]:
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


def parse_run(text: str | int, typical: int) -> tuple[int, str]:
    """The run index typed in the sidebar; ``typical`` (or nothing) is the batch's typical run,
    and anything that is not a run number falls back to it with a note."""
    raw = str(text).strip().lower()
    if raw in ("", TYPICAL):
        return typical, ""
    try:
        run = int(raw)
    except ValueError:
        return typical, f"run {raw!r} is not a run number: showing the typical run"
    if not 0 <= run < QUICK_RUNS:
        return typical, f"run {run} is not in 0-{QUICK_RUNS - 1}: showing the typical run"
    return run, ""


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step)))


@solara.component
def ParamSlider(name: str, options: Mapping[str, Any], on_change: Callable) -> None:
    """A parameter slider with its current value, range and default written beside it."""
    value, set_value = solara.use_state(options["value"])

    def changed(new: float) -> None:
        set_value(new)
        on_change(name, new)

    places = _decimals(options["step"])

    def shown(number: float) -> str:
        return f"{round(number, places):g}"

    with solara.Column(gap="0px", style={"margin-bottom": "6px"}):
        solara.SliderFloat(
            options["label"],
            value=value,
            on_value=changed,
            min=options["min"],
            max=options["max"],
            step=options["step"],
        )
        solara.Text(
            f"{shown(value)}  (range {shown(options['min'])}–{shown(options['max'])}, "
            f"default {shown(options['value'])})",
            classes=["axis-slider-value"],
            style={"font-size": "12px", "color": "#555", "margin-top": "-14px"},
        )


# Mesa's own inputs, kept once even if this module is imported again (Solara's reloader).
_mesa_user_inputs = getattr(solara_viz, "_mesa_user_inputs", solara_viz.UserInputs)
solara_viz._mesa_user_inputs = _mesa_user_inputs  # type: ignore[attr-defined]


@solara.component
def UserInputs(user_params: Mapping[str, Any], on_change: Callable | None = None) -> None:
    """Mesa's inputs, with each float slider's value, range and default shown."""
    for name, options in user_params.items():
        if isinstance(options, Mapping) and options.get("type") == "SliderFloat":
            ParamSlider(name, options, on_change)
        else:
            _mesa_user_inputs({name: options}, on_change=on_change)


# Mesa 3.5's sliders show their value only while dragged; show it (and the range) always.
solara_viz.UserInputs = UserInputs
