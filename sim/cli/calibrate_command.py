"""``axis-sim calibrate``: set the calibrated parameters from the calibration targets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sim.batch.options import ExecutorName, RunOptions
from sim.cli.console import fail

RECORD = "calibration.json"


def calibrate_command(
    scenario: Annotated[str, typer.Argument(help="Scenario name or YAML file.")] = "baseline",
    runs: Annotated[
        int, typer.Option("--runs", "-n", min=10, max=10_000, help="Runs per evaluation.")
    ] = 120,
    grid: Annotated[int, typer.Option(min=3, max=25, help="Values tried per parameter.")] = 7,
    sweeps: Annotated[int, typer.Option(min=1, max=10, help="Passes over the parameters.")] = 2,
    seed: Annotated[int | None, typer.Option(min=0, help="Seed (default: the scenario's).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1)] = None,
    executor: Annotated[ExecutorName, typer.Option()] = ExecutorName.process,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder (default results/calibration/NAME-SEED)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace what --out holds.")] = False,
) -> None:
    """Fit the calibrated parameters to the scenario's `role: calibration` targets.

    Coordinate descent over a grid of each parameter's range, common random numbers, loss =
    sum over targets of (1 - share of runs matching)^2 + sum over dated targets of CRPS of
    the day / CRPS of a uniform day. Writes OUT/calibration.json (targets,
    loss before and after, values, seed, runs). Validation items are never used.

    Examples:

      axis-sim calibrate baseline

      axis-sim calibrate baseline --runs 80 --grid 7 --sweeps 2 --out results/cal
    """
    from sim.batch.engine import BatchInputError
    from sim.experiments.calibration import CalibrationConfig, calibrate
    from sim.scenario import ScenarioError, load_scenario

    try:
        loaded = load_scenario(scenario)
    except ScenarioError as exc:
        raise fail(str(exc)) from None
    seed = loaded.seed if seed is None else seed
    folder = out or Path("results") / "calibration" / f"{loaded.name}-{seed}"
    if (folder / RECORD).exists() and not force:
        raise fail(f"{folder} already holds a calibration; give --force or another --out")
    options = RunOptions(
        out=folder / "runs", seed=seed, workers=workers, executor=executor, force=True
    )
    config = CalibrationConfig(loaded, options, runs=runs, grid=grid, sweeps=sweeps)
    try:
        result = calibrate(config, progress=lambda line: typer.echo(line, err=True))
    except (BatchInputError, ValueError) as exc:
        raise fail(str(exc)) from None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / RECORD).write_text(json.dumps(result.record(config, loaded), indent=1) + "\n")
    typer.echo(
        f"loss {result.loss_start:.3f} -> {result.loss:.3f} over {len(result.shares)} "
        "calibration targets"
    )
    for key, value in result.values.items():
        typer.echo(f"  {key:<34} {result.start[key]:>8g} -> {value:g}")
    typer.echo(f"record: {folder / RECORD}")
