"""Scenario files: a strict schema (:mod:`.schema`), loading with ``extends:`` inheritance
(:mod:`.loading`), cross-references against the registry (:mod:`.checks`) and error locations
(:mod:`.locations`). Imports :mod:`sim.registry` and :mod:`sim.core` only."""

from sim.scenario.errors import ScenarioError
from sim.scenario.loading import SCENARIO_DIR, bundled_scenarios, load_scenario, resolve_path
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
