"""Scenario files: a strict schema (:mod:`.schema`), safe reading (:mod:`.reading`), loading with
``extends:`` inheritance (:mod:`.loading`), cross-references against the registry
(:mod:`.checks`) and error locations (:mod:`.locations`). Imports :mod:`sim.registry` and
:mod:`sim.core` only.

Names load on first use (PEP 562): ``from sim.scenario import ScenarioError`` does not import the
registry and the model, so light command modules stay light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.scenario.errors import ScenarioError
    from sim.scenario.loading import (
        SCENARIO_DIR,
        bundled_scenarios,
        load_scenario,
        resolve_path,
    )
    from sim.scenario.schema import (
        DEFAULT_END,
        DEFAULT_START,
        Choice,
        DecisionPoint,
        Distribution,
        Event,
        Observable,
        Period,
        Scenario,
        Triangular,
        TruncNormal,
        Uniform,
    )

_HOME = {
    "ScenarioError": "errors",
    **dict.fromkeys(
        ("SCENARIO_DIR", "bundled_scenarios", "load_scenario", "resolve_path"), "loading"
    ),
    **dict.fromkeys(
        ("DEFAULT_END", "DEFAULT_START", "Choice", "DecisionPoint", "Distribution", "Event",
         "Observable", "Period", "Scenario", "Triangular", "TruncNormal", "Uniform"),
        "schema",
    ),
}  # fmt: skip

__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "SCENARIO_DIR",
    "Choice",
    "DecisionPoint",
    "Distribution",
    "Event",
    "Observable",
    "Period",
    "Scenario",
    "ScenarioError",
    "Triangular",
    "TruncNormal",
    "Uniform",
    "bundled_scenarios",
    "load_scenario",
    "resolve_path",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'sim.scenario' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"sim.scenario.{_HOME[name]}"), name)
    globals()[name] = value
    return value
