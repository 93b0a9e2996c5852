"""Experiments end to end: run the design (:mod:`sim.experiments`), then analyse the runs and
write the tables and figures (:mod:`analysis`). The one place below the commands that joins the
two layers; heavy modules load inside the functions."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.batch.ownership import claim_folder, lock_owner

if TYPE_CHECKING:
    from analysis.inference_report import InferenceResult
    from analysis.sensitivity import SensitivityResult
    from sim.experiments.inference import InferenceConfig
    from sim.experiments.sensitivity import SensitivityConfig


def _owns(*markers: str, kind: str) -> Callable[[Path], bool]:
    """Is a folder this experiment's own: its lock names ``kind``, or it holds a marker file."""

    def recognise(folder: Path) -> bool:
        return lock_owner(folder).get("kind") == kind or any((folder / m).exists() for m in markers)

    return recognise


def run_sensitivity(config: SensitivityConfig) -> SensitivityResult:
    """Sample, run, analyse and write; raises SensitivityInputError on bad input.

    The experiment folder is claimed first (:func:`sim.batch.ownership.claim_folder`): a
    foreign non-empty folder is refused unless ``--force``."""
    from sim.scenario import load_scenario

    if not hasattr(config.scenario, "uncertainty"):
        config.scenario = load_scenario(config.scenario)
    options = config.options
    seed = config.scenario.seed if options.seed is None else options.seed
    name = f"{config.scenario.name}-{config.method}-{seed}"
    options.out = Path(options.out or Path("results") / "sensitivity" / name)
    _check_design(config)
    recognise = _owns("indices.csv", "runs", kind="sensitivity")
    with claim_folder(options.out, force=options.force, kind="sensitivity", recognise=recognise):
        return _sensitivity_in(config)


def _check_design(config: SensitivityConfig) -> None:
    """The checks :func:`run_design` makes, before the folder is claimed."""
    from sim.experiments import sensitivity as sa

    factors = sa.factors_for(config.scenario, config.params)
    sa.check_outcomes(config.outcomes)
    n = sa.DEFAULT_N[config.method] if config.n is None else config.n
    sa.check_n(config.method, n)
    sa.check_size(config.method, n, len(factors) + int(config.chance))


def _sensitivity_in(config: SensitivityConfig) -> SensitivityResult:
    from analysis.sensitivity import analyse_runs, write_outputs
    from sim.experiments.sensitivity import run_design

    started = time.perf_counter()
    runs = run_design(config)
    result = analyse_runs(runs)
    result.seconds = time.perf_counter() - started
    result.files = write_outputs(
        result, runs.scenario, runs.method, runs.n, runs.seed, runs.x, runs.problem
    )
    return result


def run_inference(config: InferenceConfig) -> InferenceResult:
    """Rejection ABC end to end; raises InferenceInputError / ScenarioError on bad input.

    Fills in ``config.scenario`` (loaded) and ``config.options.out`` (the default folder), checks
    the input, then claims the folder (a foreign non-empty one is refused unless ``--force``).
    """
    import numpy as np

    from analysis.inference import accept_closest
    from sim.experiments import inference as abc
    from sim.scenario import load_scenario

    started = time.perf_counter()
    if config.method != "rejection":
        raise abc.InferenceInputError(f"--method {config.method}: only rejection is implemented")
    if not hasattr(config.scenario, "uncertainty"):
        config.scenario = load_scenario(config.scenario)
    scenario = config.scenario
    options = config.options
    seed = scenario.seed if options.seed is None else options.seed
    options.out = Path(options.out or Path("results") / "inference" / f"{scenario.name}-{seed}")
    bounds = abc.prior_bounds(list(config.params or abc.DEFAULT_KEYS))
    targets = list(
        config.targets
        or abc.targets_from(scenario, config.decisions, config.drop, tuple(config.roles))
    )
    if not targets:
        raise abc.InferenceInputError(f"no target of role {', '.join(config.roles)} is left")
    accept_closest(np.zeros(1), config.accept)  # check the share before any run
    recognise = _owns("inference.json", "runs", kind="inference")
    with claim_folder(options.out, force=options.force, kind="inference", recognise=recognise):
        table = (
            abc.reuse_runs(bounds, config, seed)
            if config.reuse
            else abc.simulate(scenario, bounds, config, seed)
        )
        return _inference_report(config, table, targets, bounds, seed, started)


def _inference_report(
    config: InferenceConfig, table: Any, targets: list, bounds: dict, seed: int, started: float
) -> InferenceResult:
    from analysis import inference_report as report

    result = report.analyse(table, targets, bounds, config, seed)
    result.target_roles = dict(Counter(t.role for t in targets))
    result.seconds = time.perf_counter() - started
    result.files = report.write_outputs(result, config.scenario.name, targets, bounds, config, seed)
    return result
