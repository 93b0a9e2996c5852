"""Monte Carlo draws of a scenario's uncertain parameters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.run.seeding import model_seed, parameter_rng
from sim.scenario import Choice, Scenario, Triangular, TruncNormal, Uniform
from sim.scenario.ensemble_file import read_ensemble


def draw(dist: Uniform | Triangular | TruncNormal | Choice, rng: np.random.Generator) -> float:
    """One value from a distribution (truncated normal by rejection, always within bounds)."""
    if isinstance(dist, Uniform):
        return float(rng.uniform(dist.low, dist.high))
    if isinstance(dist, Triangular):
        return float(rng.triangular(dist.low, dist.mode, dist.high))
    if isinstance(dist, TruncNormal):
        for _ in range(10_000):
            value = rng.normal(dist.mean, dist.sd)
            if dist.low <= value <= dist.high:
                return float(value)
        return float(min(max(dist.mean, dist.low), dist.high))
    weights = np.asarray(dist.weights if dist.weights is not None else [1.0] * len(dist.values))
    return float(dist.values[int(rng.choice(len(dist.values), p=weights / weights.sum()))])


ENSEMBLE_STREAM = "ensemble member"  # the stream that picks a run's ensemble member


def ensemble_member(scenario: Scenario, root_seed: int, run: int) -> int | None:
    """The member of the scenario's ensemble that run ``run`` uses (drawn by weight), or None."""
    if scenario.ensemble is None:
        return None
    weights = read_ensemble(scenario.ensemble).weights
    rng = parameter_rng(root_seed, run, ENSEMBLE_STREAM)
    return int(rng.choice(len(weights), p=np.asarray(weights)))


@dataclass(frozen=True, slots=True)
class RunDraws:
    """What run ``run`` of a batch takes from the batch seed before its model starts."""

    seed: int  # the model's (:func:`sim.run.seeding.model_seed`)
    parameters: dict[str, float]  # the uncertain parameters (:func:`draw_parameters`)
    ensemble_member: int | None  # None without an ensemble


def draw_run(scenario: Scenario, root_seed: int, run: int) -> RunDraws:
    """The model's seed, the drawn parameters and the ensemble member of run ``run`` (each
    worked out once: the member is both a draw's source and a column of the outcome row)."""
    member = ensemble_member(scenario, root_seed, run)
    parameters = _parameters(scenario, root_seed, run, member)
    return RunDraws(model_seed(root_seed, run), parameters, member)


def draw_parameters(scenario: Scenario, root_seed: int, run: int) -> dict[str, float]:
    """The uncertain parameters of run ``run``, each from its own seeded stream, sorted by key.

    With an ensemble, its member's values replace the draws of the parameters it holds."""
    return _parameters(scenario, root_seed, run, ensemble_member(scenario, root_seed, run))


def _parameters(
    scenario: Scenario, root_seed: int, run: int, member: int | None
) -> dict[str, float]:
    """:func:`draw_parameters` with the run's ensemble member already drawn.

    A parameter the member holds takes the member's value and is not drawn: each parameter has
    a stream of its own, so skipping a draw moves no other. The scenario's fixed parameters win
    over the member's values (only uncertain parameters are read from it)."""
    held: dict[str, float] = {}
    if member is not None:
        held = read_ensemble(scenario.ensemble).member(member)  # type: ignore[arg-type]
    drawn: dict[str, float] = {}
    for key in sorted(scenario.uncertainty):
        if key in held:
            drawn[key] = held[key]
        else:
            drawn[key] = draw(scenario.uncertainty[key], parameter_rng(root_seed, run, key))
    return drawn
