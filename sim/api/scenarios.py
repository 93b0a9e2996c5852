"""Scenarios from Python: load one, fix parameters, run one seeded run into DataFrames."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.scenario import Scenario, ScenarioError, load_scenario


def load(ref: str | Path | Scenario) -> Scenario:
    """A bundled scenario by name (``"iraq_sends_army"``) or a YAML file, merged and validated.

    Raises :class:`sim.scenario.ScenarioError` with the file, line and field on bad input.
    """
    return ref if isinstance(ref, Scenario) else load_scenario(ref)


def with_parameters(
    scenario: str | Path | Scenario,
    values: Mapping[str, float],
    *,
    name: str | None = None,
) -> Scenario:
    """A copy of ``scenario`` with ``values`` fixed (``{"iran.commitment_to_assad": 0.9}``).

    A parameter the scenario draws per run is fixed too: it leaves ``uncertainty``, exactly as
    when a child scenario file fixes it. Each value is checked against the parameter's range.
    Give ``name`` to batch the copy beside the original (names must differ within a batch).
    """
    from sim.registry import range_problem

    scenario = load(scenario)
    problems = [p for key, v in values.items() if (p := range_problem(key, float(v)))]
    if problems:
        raise ScenarioError("; ".join(problems))
    fixed = {**scenario.parameters, **{k: float(v) for k, v in values.items()}}
    uncertain = {k: d for k, d in scenario.uncertainty.items() if k not in values}
    update: dict[str, Any] = {"parameters": fixed, "uncertainty": uncertain}
    if name is not None:
        update["name"] = name
    copy = Scenario(**{**_fields(scenario), **update})
    return copy.model_copy(update={"sha256": _digest(scenario.sha256, copy)})


def _fields(scenario: Scenario) -> dict[str, Any]:
    """The scenario's fields as constructor arguments (validated again by ``Scenario(...)``)."""
    return {name: getattr(scenario, name) for name in Scenario.model_fields}


def _digest(parent: str, scenario: Scenario) -> str:
    """A content hash for the copy, so a batch folder never mixes it with the original."""
    text = parent + json.dumps(scenario.resolved(), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RunOutput:
    """One run: its outcome row, decision log, daily time series and dated narrative."""

    scenario: str
    seed: int
    run: int
    outcome: dict[str, Any]
    parameters: dict[str, float]  # the values drawn for this run (and any ``parameters`` given)
    decisions: pd.DataFrame
    timeseries: pd.DataFrame
    narrative: list[str]


def run(
    scenario: str | Path | Scenario,
    *,
    seed: int | None = None,
    run: int = 0,
    parameters: Mapping[str, float] | None = None,
) -> RunOutput:
    """Run ``run`` of a batch seeded ``seed`` (default: the scenario's), as ``axis-sim run``.

    ``parameters`` fixes values for this run only (as ``--set``); the same run index and seed
    give the same run in a batch, so a run can be replayed from a batch's tables.
    """
    from sim.run.narrative import narrative_lines
    from sim.run.runner import build_model, decision_columns

    spec = with_parameters(scenario, parameters) if parameters else load(scenario)
    root = spec.seed if seed is None else int(seed)
    model, drawn = build_model(spec, run, root, record_history=True)
    outcome = model.run()
    head = {"scenario": spec.name, "run": run}
    decisions = pd.DataFrame(decision_columns(model, head))
    decisions["date"] = pd.to_datetime(decisions["date"])
    series = pd.DataFrame(model.history or [])
    if not series.empty:
        series["date"] = pd.to_datetime(series["date"])
    used = {**drawn, **(dict(parameters) if parameters else {})}
    return RunOutput(spec.name, root, run, outcome, used, decisions, series, narrative_lines(model))
