"""Monte Carlo draws of a scenario's uncertain parameters."""

from __future__ import annotations

from collections.abc import Sequence
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


def _member(weights: Sequence[float], root_seed: int, run: int) -> int:
    """The ensemble member run ``run`` uses, drawn by weight from its own stream."""
    rng = parameter_rng(root_seed, run, ENSEMBLE_STREAM)
    return int(rng.choice(len(weights), p=np.asarray(weights)))


@dataclass(frozen=True, slots=True)
class RunDraws:
    """What run ``run`` of a batch takes from the batch seed before its model starts."""

    seed: int  # the model's (:func:`sim.run.seeding.model_seed`)
    parameters: dict[str, float]  # the uncertain parameters, sorted by key
    ensemble_member: int | None  # None without an ensemble


def draw_run(scenario: Scenario, root_seed: int, run: int) -> RunDraws:
    """The model's seed, the uncertain parameters and the ensemble member of run ``run``.

    With an ensemble (read once a run), the member is drawn by weight and its values stand for
    the parameters it holds; the others are drawn each from its own seeded stream."""
    member: int | None = None
    held: dict[str, float] = {}
    if scenario.ensemble is not None:
        ensemble = read_ensemble(scenario.ensemble)
        member = _member(ensemble.weights, root_seed, run)
        held = ensemble.member(member)
    parameters = _parameters(scenario, root_seed, run, held)
    return RunDraws(model_seed(root_seed, run), parameters, member)


def draw_parameters(scenario: Scenario, root_seed: int, run: int) -> dict[str, float]:
    """The uncertain parameters of run ``run`` (:func:`draw_run`), sorted by key."""
    return draw_run(scenario, root_seed, run).parameters


def _parameters(
    scenario: Scenario, root_seed: int, run: int, held: dict[str, float]
) -> dict[str, float]:
    """The uncertain parameters of run ``run``, sorted by key: the ensemble member's value where
    it ``held`` one, else a draw from the parameter's own seeded stream (so skipping a draw
    moves no other). The scenario's fixed parameters win over the member's values (only
    uncertain parameters are read from it)."""
    drawn: dict[str, float] = {}
    for key in sorted(scenario.uncertainty):
        if key in held:
            drawn[key] = held[key]
        else:
            drawn[key] = draw(scenario.uncertainty[key], parameter_rng(root_seed, run, key))
    return drawn
