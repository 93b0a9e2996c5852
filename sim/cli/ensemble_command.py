"""``axis-sim ensemble``: a history-matched ensemble of the scenario's uncertain parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sim.batch.options import ExecutorName, RunOptions
from sim.cli.console import error, fail


def ensemble_command(
    scenario: Annotated[str, typer.Argument(help="Scenario name or YAML file.")] = "baseline",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Ensemble file (default ensembles/NAME.json)."),
    ] = None,
    population: Annotated[
        int, typer.Option("--population", "-n", min=5, max=10_000, help="Particles kept.")
    ] = 100,
    generations: Annotated[
        int, typer.Option(min=1, max=30, help="Populations, the prior's included.")
    ] = 4,
    min_epsilon: Annotated[
        float, typer.Option(min=0.0, help="Stop once epsilon would fall below this.")
    ] = 0.0,
    runs: Annotated[int, typer.Option("--runs", min=1, max=1000, help="Runs per particle.")] = 4,
    alpha: Annotated[
        float, typer.Option(min=0.05, max=0.95, help="Epsilon: this quantile of the distances.")
    ] = 0.5,
    seed: Annotated[int | None, typer.Option(min=0, help="Seed (default: the scenario's).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1)] = None,
    executor: Annotated[ExecutorName, typer.Option()] = ExecutorName.process,
    work: Annotated[
        Path | None,
        typer.Option(help="Folder of the batches (default results/ensemble/NAME-SEED)."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted ensemble from --work.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace --out and --work.")] = False,
) -> None:
    """Fit an ABC-SMC ensemble (pyabc) to the scenario's `role: calibration` targets.

    Each particle is a parameter set from the `uncertainty:` priors; its distance is the
    calibration loss of --runs runs. Every round of particles is one batch of the batch engine
    (--workers, --executor; seeds from --seed). An interrupted fit keeps its finished batches in
    --work: run the same command with --resume. Scenarios use the file with `ensemble: FILE`.

    Examples:

      axis-sim ensemble baseline --out ensembles/baseline.json

      axis-sim ensemble baseline --population 100 --generations 4 --runs 4 -w 2
    """
    import shutil

    from sim.batch import signals
    from sim.batch.engine import BatchInputError
    from sim.experiments.ensemble import (
        EnsembleConfig,
        EnsembleInputError,
        ensemble_header,
        fit_ensemble,
        members,
    )
    from sim.scenario import ScenarioError, load_scenario
    from sim.scenario.ensemble_file import write_ensemble

    if resume and force:
        raise fail("give --resume or --force, not both")
    try:
        loaded = load_scenario(scenario)
    except ScenarioError as exc:
        raise fail(str(exc)) from None
    seed = loaded.seed if seed is None else seed
    target = out or Path("ensembles") / f"{loaded.name}.json"
    folder = work or Path("results") / "ensemble" / f"{loaded.name}-{seed}"
    if target.exists() and not (force or resume):
        raise fail(f"--out {target} exists; give --force to replace it, or another --out")
    if folder.exists() and force:
        shutil.rmtree(folder)
    options = RunOptions(out=folder, seed=seed, workers=workers, executor=executor)
    config = EnsembleConfig(
        loaded, options, population, generations, min_epsilon, runs, alpha, resume=resume
    )
    try:
        with signals.stop_on_signals():  # also between the batches: a clean stop
            result = fit_ensemble(config, progress=lambda line: typer.echo(line, err=True))
    except (BatchInputError, EnsembleInputError) as exc:
        raise fail(f"{exc}") from None
    except KeyboardInterrupt as exc:
        error(f"interrupted; the finished batches are in {folder}: rerun with --resume")
        code = getattr(exc, "exit_code", None) or signals.exit_status(getattr(exc, "signum", None))
        raise typer.Exit(code) from None
    write_ensemble(target, ensemble_header(config, result), result.keys, members(result))
    last = result.populations[-1].summary(len(result.populations) - 1)
    typer.echo(
        f"{last['accepted']} members, ESS {last['ess']:.1f}, epsilon {last['epsilon']}, "
        f"{sum(p.runs for p in result.populations)} runs: {target}"
    )
