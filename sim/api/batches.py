"""Batches from Python: many seeded runs into a folder, and that folder's tables as DataFrames."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.scenario import Scenario


class BatchError(RuntimeError):
    """A batch did not complete; the message says why (the engine's own message)."""


@dataclass(frozen=True)
class BatchTables:
    """The tables of one batch folder (schemas in ``docs/data-contract.md``)."""

    folder: Path
    outcomes: pd.DataFrame  # one row per run: outcomes and the parameters drawn
    decisions: pd.DataFrame  # one row per decision taken
    timeseries: pd.DataFrame | None  # one row per run and day (batches run with timeseries)
    manifest: dict[str, Any]
    scenarios: tuple[str, ...]


def load_batch(folder: str | Path) -> BatchTables:
    """Read a batch folder written by :func:`run_batch` or ``axis-sim batch``."""
    from analysis.folder import load_batch as read

    batch = read(Path(folder))
    return BatchTables(
        batch.folder,
        batch.outcomes,
        batch.decisions,
        batch.timeseries,
        batch.manifest,
        batch.scenarios,
    )


def run_batch(
    scenarios: Sequence[str | Path | Scenario],
    out: str | Path | None = None,
    *,
    runs: int | None = None,
    seed: int | None = None,
    workers: int | None = 1,
    timeseries: bool = True,
    resume: bool = False,
    force: bool = False,
    progress: bool = False,
) -> BatchTables:
    """Run ``runs`` seeded runs of each scenario into the folder ``out`` and read its tables.

    Without ``out`` the batch goes to a new temporary folder, whose path is printed and kept in
    the result's ``folder``: never into the current directory. ``workers=1`` runs in this
    process; more use a process pool. Scenarios are names, files or :func:`~sim.api.load` /
    :func:`~sim.api.with_parameters` objects. Raises :class:`BatchError` if runs fail.
    """
    from sim.batch import BatchConfig
    from sim.batch import run_batch as engine_run

    if out is None:
        out = Path(tempfile.mkdtemp(prefix="axis-sim-batch-"))
        print(f"axis-sim: no folder given; writing the batch to {out}", file=sys.stderr)
    sequential = workers is not None and workers <= 1
    config = BatchConfig(
        scenarios=list(scenarios),
        out=Path(out),
        runs=runs,
        seed=seed,
        executor="sequential" if sequential else "process",
        workers=None if sequential else workers,
        timeseries=timeseries,
        resume=resume,
        force=force,
        progress=progress,
    )
    result = engine_run(config)
    if result.exit_code != 0:
        raise BatchError(result.message or f"batch {result.status}: {result.out}")
    return load_batch(result.out)
