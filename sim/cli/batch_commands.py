"""The ``axis-sim batch`` and ``axis-sim export`` commands (typer functions; heavy imports lazy).

Register them on a typer app with :func:`register` (or ``app.command()(batch)``).
Exit status: 0 all runs done, 1 some run failed (or could not run, e.g. a worker was killed),
2 bad input, 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM. The engine installs its own
signal handlers for the whole batch (sim/batch/signals.py).
"""

from __future__ import annotations

import shlex
import signal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sim.batch.options import ExecutorName
from sim.cli.console import fail

if TYPE_CHECKING:

    from sim.batch.engine import BatchResult


class ExportFormat(StrEnum):
    csv = "csv"


def batch(
    scenarios: Annotated[
        list[str], typer.Argument(help="Scenario names (baseline, ...) or YAML files.")
    ],
    runs: Annotated[
        int | None,
        typer.Option(
            "--runs", "-n", min=1, max=1_000_000, help="Runs per scenario (default: its `runs`)."
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(min=0, help="Root of the seed tree (default: the first scenario's seed)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: CPUs).")
    ] = None,
    executor: Annotated[
        ExecutorName | None,
        typer.Option(help="Where runs go (default: process; dask with --scheduler)."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Batch folder (default: results/NAME-SEED).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the batch held in --out.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the batch held in --out.")
    ] = False,
    timeseries: Annotated[
        bool, typer.Option("--timeseries", help="Also write timeseries.parquet.")
    ] = False,
) -> None:
    """Run many seeded runs of one or more scenarios (paired: run i shares its random streams)."""
    from sim.batch.engine import BatchConfig, BatchInputError, run_batch
    from sim.scenario import ScenarioError

    kind = executor or (ExecutorName.dask if scheduler else ExecutorName.process)
    config = BatchConfig(
        scenarios=scenarios,
        out=out,
        runs=runs,
        seed=seed,
        executor=kind,
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        force=force,
        timeseries=timeseries,
    )
    try:
        result = run_batch(config)
    except (ScenarioError, BatchInputError) as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt as exc:  # a signal before the batch was under way
        typer.echo("\nInterrupted. Chunks already finished are kept in the batch folder;", err=True)
        typer.echo("run the same command with --resume to continue.", err=True)
        raise typer.Exit(128 + getattr(exc, "signum", signal.SIGINT)) from None
    if result.message:
        typer.echo(result.message, err=True)
    if result.status == "interrupted":
        typer.echo(f"\nInterrupted. {_done_line(result.manifest)} are kept in {result.out}.")
        typer.echo(f"Continue with:\n  {resume_command(scenarios, result, runs)}")
        raise typer.Exit(result.exit_code)
    _print_summary(result)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def resume_command(scenarios: list[str], result: BatchResult, runs: int | None) -> str:
    """The command line that continues an interrupted batch."""
    parts = ["axis-sim", "batch", *scenarios, "--seed", str(result.manifest["seed"])]
    if runs is not None:
        parts += ["--runs", str(runs)]
    if result.manifest.get("timeseries"):
        parts.append("--timeseries")
    parts += ["--out", str(result.out), "--resume"]
    return shlex.join(parts)


def _done_line(manifest: dict[str, Any]) -> str:
    done = sum(manifest["runs_done"].values()) + sum(manifest["runs_failed"].values())
    return f"{done:,} of {sum(manifest['runs'].values()):,} runs"


def _headlines(folder: Path) -> dict[str, str]:
    """A one-line outcome summary per scenario (share of runs where the regime collapsed)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = folder / "outcomes.parquet"
    try:
        if "regime_collapsed" not in pq.read_schema(path).names:
            return {}
        table = pq.read_table(path, columns=["scenario", "regime_collapsed"])
    except (OSError, ValueError):
        return {}
    table = table.set_column(1, "c", pc.cast(table.column(1), "int8"))
    grouped = table.group_by("scenario").aggregate([("c", "mean")]).to_pylist()
    return {row["scenario"]: f"regime collapsed in {row['c_mean']:.1%} of runs" for row in grouped}


def _print_summary(result: BatchResult) -> None:
    manifest = result.manifest
    names = sorted(manifest["runs"])
    ok, failed = sum(manifest["runs_done"].values()), manifest.get("failures_total", 0)
    word = {"complete": "complete", "incomplete": "INCOMPLETE"}.get(result.status, result.status)
    typer.echo(
        f"Batch {word}: {', '.join(names)} (seed {manifest['seed']}): "
        f"{ok:,} runs done, {failed:,} failed"
    )
    if result.runs_this_session:
        from sim.batch.progress import rate_text

        rate = result.runs_this_session / result.seconds if result.seconds > 0 else 0.0
        typer.echo(
            f"  this session: {result.runs_this_session:,} runs in {result.seconds:.1f} s "
            f"({rate_text(rate)} runs/s; {result.executor})"
        )
    elif result.status == "complete":
        typer.echo("  nothing left to run: the batch was already complete")
    headlines = _headlines(result.out)
    width = max(len(n) for n in names)
    for name in names:
        extra = f"  {headlines[name]}" if name in headlines else ""
        typer.echo(f"  {name:<{width}}  {manifest['runs_done'][name]:>8,} runs{extra}")
    if failed:
        first = manifest["failures"][0]
        typer.echo(
            f"  {failed:,} run(s) failed, e.g. {first['scenario']} run {first['run']}: "
            f"{first['error_type']}: {first['error'][:200]}"
        )
        typer.echo("  (all of them in failures.parquet and manifest.json)")
    if result.status == "incomplete":
        typer.echo("  some chunks could not run (see failures); --resume retries them")
    files = ", ".join(f["file"] for f in manifest.get("tables", {}).values())
    typer.echo(f"Results in {result.out}/ ({files}, manifest.json)")


def export(
    folder: Annotated[Path, typer.Argument(help="A batch folder.")],
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExportFormat.csv
    ),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Where to write (default: FOLDER).")
    ] = None,
) -> None:
    """Write CSV copies of a batch folder's tables."""
    from sim.batch.store import FolderError, export_csv

    try:
        written = export_csv(folder, out)
    except FolderError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write the CSV files: {exc}") from None
    for path in written:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``export`` to a typer app."""
    app.command()(batch)
    app.command()(export)
