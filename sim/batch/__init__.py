"""The batch engine: many seeded runs of one or more scenarios, in parallel, resumable.

Importing this package is cheap; the engine (pyarrow, executors) loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.batch.engine import BatchConfig, BatchInputError, BatchResult, run_batch
    from sim.batch.store import export_csv

__all__ = ["BatchConfig", "BatchInputError", "BatchResult", "export_csv", "run_batch"]


def __getattr__(name: str) -> Any:
    if name in ("BatchConfig", "BatchInputError", "BatchResult", "run_batch"):
        from sim.batch import engine

        return getattr(engine, name)
    if name == "export_csv":
        from sim.batch.store import export_csv

        return export_csv
    raise AttributeError(name)
