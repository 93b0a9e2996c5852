"""A history-matched ensemble: ABC-SMC (pyabc) over the scenario's uncertain parameters.

Priors are the scenario's ``uncertainty:`` distributions as :class:`pyabc.Distribution` (the
``choice`` ones stay nuisance parameters, drawn per run). A particle is a parameter set; its
distance is the calibration loss (:func:`sim.experiments.calibration.loss`) of ``runs`` runs of
the model with it. pyabc supplies the priors' densities, the perturbation kernel
(:class:`pyabc.MultivariateNormalTransition`, fitted to the weighted population) and the epsilon
schedule (:class:`pyabc.QuantileEpsilon`); the generations are driven here so that all of a
round's particles go to the batch engine as one batch (its executors, workers, seeds and
resume), instead of pyabc's one-particle-at-a-time samplers. See ``docs/inference.md``.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.batch.options import RunOptions
from sim.experiments.calibration import TargetScorer
from sim.scenario.ensemble_file import ess

if TYPE_CHECKING:
    from sim.scenario import Scenario

PROPOSAL_STREAM = 0xE5E  # keeps the proposals apart from the batch's seed tree
MIN_RATE = 0.05  # the acceptance rate a round's size assumes at worst
MAX_ROUNDS = 8  # rounds of proposals in one generation before it gives up on a full population
# The perturbation kernel's covariance is this times pyabc's (Silverman) fit to the weighted
# population: twice the weighted covariance as in Beaumont et al. (2009), which keeps the
# importance weights of a many-parameter population from collapsing onto a few particles.
KERNEL_SCALING = 2.0


class EnsembleInputError(ValueError):
    """Bad input to ``axis-sim ensemble``; the message is for the user (exit 2)."""


class EnsembleInterrupted(KeyboardInterrupt):
    """A round's batch was stopped by SIGINT or SIGTERM; ``exit_code`` 130 or 143."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


@dataclass
class EnsembleConfig:
    """What to fit and how; ``options.out`` is the work folder of the batches."""

    scenario: Any  # a loaded Scenario
    options: RunOptions
    population: int = 100
    generations: int = 4  # populations, the prior's included
    min_epsilon: float = 0.0
    runs: int = 4  # runs per particle
    alpha: float = 0.5  # epsilon_t = the weighted alpha-quantile of generation t-1's distances
    resume: bool = False
    scorer: TargetScorer | None = None  # default: the scenario's calibration targets


@dataclass
class Population:
    """One generation: accepted particles (rows of ``values``), their weights and distances."""

    values: np.ndarray
    weights: np.ndarray
    distances: np.ndarray
    epsilon: float
    proposed: int
    runs: int
    seconds: float

    def summary(self, t: int) -> dict[str, Any]:
        accepted = len(self.weights)
        return {
            "t": t,
            "epsilon": None if math.isinf(self.epsilon) else self.epsilon,
            "proposed": self.proposed,
            "accepted": accepted,
            "acceptance_rate": accepted / self.proposed,
            "ess": ess(self.weights),
            "runs": self.runs,
            "seconds": round(self.seconds, 2),
        }


@dataclass
class EnsembleResult:
    keys: list[str]
    populations: list[Population] = field(default_factory=list)

    @property
    def last(self) -> Population:
        return self.populations[-1]


def prior_of(scenario: Scenario) -> Any:
    """The scenario's continuous uncertain parameters as a :class:`pyabc.Distribution`."""
    from pyabc import RV, Distribution

    from sim.scenario import Triangular, TruncNormal, Uniform

    rvs = {}
    for key in scenario.inferred_keys:
        d = scenario.uncertainty[key]
        if isinstance(d, Uniform):
            rvs[key] = RV("uniform", d.low, d.high - d.low)
        elif isinstance(d, Triangular):
            rvs[key] = RV("triang", (d.mode - d.low) / (d.high - d.low), d.low, d.high - d.low)
        elif isinstance(d, TruncNormal):
            a, b = (d.low - d.mean) / d.sd, (d.high - d.mean) / d.sd
            rvs[key] = RV("truncnorm", a, b, d.mean, d.sd)
    return Distribution(**rvs)


def prior_density(prior: Any, keys: list[str], values: np.ndarray) -> np.ndarray:
    """The prior's density at each row (independent parameters: the product of each one's
    density, evaluated column by column: a call per parameter, not per row)."""
    density = np.ones(len(values))
    for i, key in enumerate(keys):
        density *= np.asarray(prior[key].pdf(values[:, i]), dtype=float)
    return density


def propose(
    prior: Any, keys: list[str], previous: Population | None, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` proposals and their importance weights (prior / proposal density).

    Generation 0 draws from the prior (weight 1); later ones perturb a particle of the previous
    population, picked by weight, with pyabc's fitted multivariate normal kernel, and redraw
    proposals outside the prior's support."""
    if previous is None:
        values = np.array([[prior[k].rvs(random_state=rng) for k in keys] for _ in range(n)])
        return values, np.ones(n)
    from pyabc import MultivariateNormalTransition

    kernel = MultivariateNormalTransition(scaling=KERNEL_SCALING)
    kernel.fit(pd.DataFrame(previous.values, columns=keys), previous.weights)
    rows: list[np.ndarray] = []
    while len(rows) < n:
        picks = rng.choice(len(previous.weights), size=n, p=previous.weights)
        moved = previous.values[picks] + rng.multivariate_normal(
            np.zeros(len(keys)), kernel.cov, size=n
        )
        rows += [r for r, p in zip(moved, prior_density(prior, keys, moved), strict=True) if p > 0]
    values = np.array(rows[:n])
    density = np.atleast_1d(kernel.pdf(pd.DataFrame(values, columns=keys)))
    return values, prior_density(prior, keys, values) / density


def batch_seed(seed: int, t: int, round_: int) -> int:
    """The root seed of generation ``t``, round ``round_`` (independent of every other)."""
    state = np.random.SeedSequence([int(seed), PROPOSAL_STREAM, t, round_]).generate_state(2)
    return int(state[0]) << 31 | int(state[1]) >> 1


def distances(
    config: EnsembleConfig,
    scorer: TargetScorer,
    keys: list[str],
    values: np.ndarray,
    at: tuple[int, int],
) -> np.ndarray:
    """The calibration loss of each particle over ``config.runs`` runs: one batch, for round
    ``at = (t, round)``, in the work folder ``gen-T-R``."""
    from sim.batch.engine import BatchConfig, run_batch
    from sim.experiments.points import SampleRunner, check_order

    runs = config.runs
    design = np.repeat(values, runs, axis=0)
    options = config.options
    seed = batch_seed(int(options.seed or 0), *at)
    options = dataclasses.replace(options, runs=len(design))
    batch = BatchConfig(
        scenarios=[config.scenario],
        run_fn=SampleRunner(tuple(keys), design, extra=scorer),
        **(options.as_kwargs() | {"out": Path(options.out) / f"gen-{at[0]}-{at[1]}", "seed": seed}),
        resume=config.resume,
    )
    result = run_batch(batch)
    if result.status == "interrupted":
        raise EnsembleInterrupted(result.exit_code)
    if result.failures:
        raise RuntimeError(f"{len(result.failures)} run(s) failed; see {result.out}")
    table = pd.read_parquet(Path(result.out) / "outcomes.parquet").sort_values("run")
    table = check_order(table.reset_index(drop=True), keys, design)
    return np.array([s.loss for s in scorer.scores(table, len(values))])


def generation(
    config: EnsembleConfig,
    context: tuple[Any, TargetScorer, list[str]],
    t: int,
    previous: Population | None,
    epsilon: float,
) -> Population:
    """Propose in rounds (one batch each) until ``population`` particles are within epsilon."""
    prior, scorer, keys = context
    started = time.perf_counter()
    n = config.population
    kept_values, kept_weights, kept_distances = [], [], []
    proposed, rate = 0, 1.0 if previous is None else config.alpha
    for round_ in range(MAX_ROUNDS):
        missing = n - len(kept_weights)
        size = missing if previous is None else math.ceil(1.1 * missing / max(rate, MIN_RATE))
        rng = np.random.default_rng([int(config.options.seed or 0), PROPOSAL_STREAM, t, round_])
        values, weights = propose(prior, keys, previous, size, rng)
        d = distances(config, scorer, keys, values, (t, round_))
        ok = d <= epsilon
        proposed += size
        kept_values += list(values[ok])
        kept_weights += list(weights[ok])
        kept_distances += list(d[ok])
        rate = max(ok.mean(), 1e-9)
        if len(kept_weights) >= n:
            break
    if not kept_weights:
        raise RuntimeError(f"generation {t}: no particle within epsilon {epsilon:.4g}")
    w = np.array(kept_weights[:n])
    return Population(
        values=np.array(kept_values[:n]),
        weights=w / w.sum(),
        distances=np.array(kept_distances[:n]),
        epsilon=epsilon,
        proposed=proposed,
        runs=proposed * config.runs,
        seconds=time.perf_counter() - started,
    )


def progressing(epsilon: float, previous: np.ndarray) -> float:
    """Epsilon below the previous population's worst distance when some are smaller: the loss
    of a few runs takes few values, and a quantile on a tie with the worst accepts everything
    again (no progress)."""
    worst = float(previous.max())
    below = previous[previous < worst]
    return float(below.max()) if epsilon >= worst and len(below) else epsilon


def fit_ensemble(
    config: EnsembleConfig, progress: Callable[[str], None] = lambda _: None
) -> EnsembleResult:
    """ABC-SMC: the prior population, then generations at shrinking epsilon (module docstring)."""
    from pyabc import QuantileEpsilon

    scenario = config.scenario
    keys = scenario.inferred_keys
    if not keys:
        raise EnsembleInputError(f"{scenario.name}: no continuous parameter in `uncertainty:`")
    scorer = config.scorer or TargetScorer.for_scenario(scenario)
    if not scorer.ids:
        raise EnsembleInputError(f"{scenario.name}: no target has role: calibration")
    context = (prior_of(scenario), scorer, keys)
    result = EnsembleResult(keys)
    schedule = QuantileEpsilon(alpha=config.alpha)
    previous: Population | None = None
    for t in range(config.generations):
        epsilon = math.inf
        if previous is not None:
            frame = pd.DataFrame({"distance": previous.distances, "w": previous.weights})
            if t == 1:
                schedule.initialize(t, lambda f=frame: f, lambda: [], config.generations, {})
            else:
                rate = len(previous.weights) / previous.proposed
                schedule.update(t, lambda f=frame: f, lambda: [], rate, {})
            epsilon = progressing(float(schedule(t)), previous.distances)
        if epsilon < config.min_epsilon:
            break
        previous = generation(config, context, t, previous, epsilon)
        result.populations.append(previous)
        s = previous.summary(t)
        progress(
            f"generation {t}: epsilon {epsilon:.4g}, accepted {s['accepted']}/{s['proposed']} "
            f"({s['acceptance_rate']:.0%}), ESS {s['ess']:.1f}, {s['seconds']:.0f} s"
        )
    return result


def ensemble_header(config: EnsembleConfig, result: EnsembleResult) -> dict[str, Any]:
    """Everything but the members: how the ensemble was made and how each generation went."""
    import pyabc

    scenario = config.scenario
    scorer = config.scorer or TargetScorer.for_scenario(scenario)
    last = result.last
    return {
        "scenario": scenario.name,
        "scenario_sha256": scenario.sha256,
        "seed": int(config.options.seed or 0),
        "library": {"name": "pyabc", "version": pyabc.__version__},
        "method": "ABC-SMC, epsilon = weighted alpha-quantile of the previous distances",
        "alpha": config.alpha,
        "population_size": config.population,
        "runs_per_particle": config.runs,
        "distance": "sum over calibration targets of (1 - share of the particle's runs matching)^2",
        "targets": scorer.ids,
        "nuisance": sorted(set(scenario.uncertainty) - set(result.keys)),
        "epsilon_schedule": [p.summary(t)["epsilon"] for t, p in enumerate(result.populations)],
        "generations": [p.summary(t) for t, p in enumerate(result.populations)],
        "ess": ess(last.weights),
        "runs": sum(p.runs for p in result.populations),
    }


def members(result: EnsembleResult) -> list[dict[str, Any]]:
    last = result.last
    return [
        {
            "weight": float(w),
            "distance": float(d),
            "values": dict(zip(result.keys, map(float, row), strict=True)),
        }
        for row, w, d in zip(last.values, last.weights, last.distances, strict=True)
    ]
