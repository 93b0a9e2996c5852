"""One seeded run of a scenario, as the batch engine and the CLI call it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.model import CrisisModel
from sim.sampling import draw_parameters
from sim.scenario import Scenario
from sim.seeding import model_seed


@dataclass(slots=True)
class RunResult:
    """The rows one run contributes to the batch tables."""

    outcome: dict[str, Any]
    decisions: list[dict[str, Any]]
    timeseries: list[dict[str, Any]] | None


def probabilities_json(options: tuple[str, ...], probabilities: tuple[float, ...]) -> str:
    """``{"option": p, ...}`` with p rounded to 6 decimals: the same text as ``json.dumps`` (which
    formats floats with ``repr``) for identifier-like option names, without its overhead."""
    pairs = ", ".join(
        f'"{o}": {round(p, 6)!r}' for o, p in zip(options, probabilities, strict=True)
    )
    return "{" + pairs + "}"


def build_model(
    scenario: Scenario,
    run: int,
    root_seed: int,
    overrides: dict[str, float] | None = None,
    record_history: bool = False,
) -> tuple[CrisisModel, dict[str, float]]:
    """The model of run ``run``: drawn parameters, then explicit overrides, then its seed."""
    drawn = draw_parameters(scenario, root_seed, run)
    model = CrisisModel(
        scenario,
        rng=model_seed(root_seed, run),
        params={**drawn, **(overrides or {})},
        record_history=record_history,
    )
    return model, drawn


def run_once(
    scenario: Scenario,
    run: int,
    root_seed: int,
    timeseries: bool = False,
    overrides: dict[str, float] | None = None,
) -> RunResult:
    """Simulate run ``run`` of ``scenario`` with the batch seed ``root_seed``."""
    model, drawn = build_model(scenario, run, root_seed, overrides, record_history=timeseries)
    outcome = model.run()
    head = {"scenario": scenario.name, "run": run}
    used = {**drawn, **(overrides or {})}  # the values that differ from the definitions
    row = {**head, "seed": model_seed(root_seed, run), **outcome, **dict(sorted(used.items()))}
    dates = [scenario.date_of(day).isoformat() for day in range(model.n_days)]
    decisions = [
        {
            **head,
            "day": r.day,
            "date": dates[r.day],
            "actor": r.actor,
            "kind": r.kind,
            "decision": r.decision,
            "choice": r.choice,
            "forced": r.forced,
            "probabilities": probabilities_json(r.options, r.probabilities),
        }
        for r in model.decision_log
    ]
    series = [{**head, **row_} for row_ in model.history] if model.history is not None else None
    return RunResult(row, decisions, series)
