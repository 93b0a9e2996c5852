"""Experiments end to end: run the design (:mod:`sim.experiments`), then analyse the runs and
write the tables and figures (:mod:`analysis`). The one place below the commands that joins the
two layers; heavy modules load inside the functions."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.inference_report import InferenceResult
    from analysis.sensitivity import SensitivityResult
    from sim.experiments.inference import InferenceConfig
    from sim.experiments.sensitivity import SensitivityConfig


def run_sensitivity(config: SensitivityConfig) -> SensitivityResult:
    """Sample, run, analyse and write; raises SensitivityInputError on bad input."""
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

    Fills in ``config.scenario`` (loaded) and ``config.options.out`` (the default folder).
    """
    import numpy as np

    from analysis import inference_report as report
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
    targets = list(config.targets or abc.targets_from(scenario, config.decisions, config.drop))
    accept_closest(np.zeros(1), config.accept)  # check the share before any run
    table = (
        abc.reuse_runs(bounds, config, seed)
        if config.reuse
        else abc.simulate(scenario, bounds, config, seed)
    )
    result = report.analyse(table, targets, bounds, config, seed)
    result.seconds = time.perf_counter() - started
    result.files = report.write_outputs(result, scenario.name, targets, bounds, config, seed)
    return result
