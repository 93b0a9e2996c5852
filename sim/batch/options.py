"""How runs are made, wherever they come from: the options a batch and every experiment share.

:class:`RunOptions` is the one place that names them (a batch takes them as its base class, the
experiments hold one); :class:`ExecutorName` is the one list of executors every command offers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any


class ExecutorName(StrEnum):
    """Where runs go: a process pool, this process, or a Dask cluster."""

    process = "process"
    sequential = "sequential"
    dask = "dask"


@dataclass(kw_only=True)
class RunOptions:
    """Where runs go, how many, from which seed, and where their tables are written.

    ``runs`` and ``seed`` left at None take the scenario's; ``out`` None takes a default folder
    under results/. An experiment's design decides its own number of runs (``runs`` unused).
    """

    out: Path | None = None
    runs: int | None = None
    seed: int | None = None
    executor: ExecutorName = ExecutorName.process
    workers: int | None = None
    scheduler: str | None = None  # a Dask scheduler address (executor dask)
    force: bool = False  # replace what --out holds
    progress: bool = True  # show a progress bar

    def as_kwargs(self) -> dict[str, Any]:
        """The options as keyword arguments (e.g. for a :class:`sim.batch.engine.BatchConfig`)."""
        return {f.name: getattr(self, f.name) for f in fields(RunOptions)}
