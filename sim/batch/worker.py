"""The worker side of a batch: run a chunk of runs, commit its part, return a small summary."""

from __future__ import annotations

import gc
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyarrow as pa

from sim.batch import store
from sim.run.seeding import model_seed

RunFn = Callable[..., Any]
FLUSH_ROWS = 20_000  # rows gathered as Python dicts before they are packed into Arrow
KEY_TYPES = {"scenario": pa.string(), "run": pa.int64(), "seed": pa.int64()}


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """Runs ``first``..``last`` (inclusive) of one scenario; picklable."""

    scenario: Any
    first: int
    last: int
    root_seed: int
    timeseries: bool
    out: str
    run_fn: RunFn | None = None

    @property
    def runs(self) -> int:
        return self.last - self.first + 1


class _Rows:
    """Rows of one table, packed into Arrow every :data:`FLUSH_ROWS` rows.

    A run gives its rows as a list of dicts, or as columns (a mapping of name → list of values,
    cheaper to build); either way they pack into the same Arrow arrays.
    """

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.columns: dict[str, list[Any]] = {}
        self.pending = 0
        self.tables: list[pa.Table] = []

    def extend(self, rows: list[dict[str, Any]] | Mapping[str, list[Any]]) -> None:
        if isinstance(rows, Mapping):
            if self.rows or (self.columns and list(self.columns) != list(rows)):
                self.flush()
            for name, values in rows.items():
                self.columns.setdefault(name, []).extend(values)
            self.pending += len(rows["run"])
        else:
            if self.columns:
                self.flush()
            self.rows.extend(rows)
            self.pending += len(rows)
        if self.pending >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        columns = self.columns or _columns(self.rows)
        if columns:
            self.tables.append(
                pa.table({n: pa.array(v, KEY_TYPES.get(n)) for n, v in columns.items()})
            )
        self.rows, self.columns, self.pending = [], {}, 0

    def table(self) -> pa.Table | None:
        self.flush()
        if not self.tables:
            return None
        return pa.concat_tables(self.tables, promote_options="permissive")


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Rows as columns, in the first row's column order (then any others, as they appear)."""
    if not rows:
        return {}
    names = list(rows[0])
    if len(set().union(*rows)) > len(names):
        names = list(dict.fromkeys(k for row in rows for k in row))
    if all(len(row) == len(names) for row in rows):  # every row has every column
        return {n: list(map(itemgetter(n), rows)) for n in names}
    return {n: [row.get(n) for row in rows] for n in names}


def _get(result: Any, name: str) -> Any:
    return result[name] if isinstance(result, dict) else getattr(result, name)


def _keyed(
    rows: list[dict[str, Any]] | Mapping[str, list[Any]] | None, scenario: str, run: int
) -> list[dict[str, Any]] | dict[str, list[Any]]:
    """The rows (or columns) with ``scenario`` and ``run`` first; rows copied only if needed."""
    if not rows:
        return []
    if isinstance(rows, Mapping):
        lengths = {len(values) for values in rows.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        n = lengths.pop()
        rest = {k: v for k, v in rows.items() if k not in ("scenario", "run")}
        return {"scenario": [scenario] * n, "run": [run] * n, **rest}
    key = {"scenario": scenario, "run": run}
    if list(rows[0])[:2] == ["scenario", "run"] and all(
        row.get("scenario") == scenario and row.get("run") == run for row in rows
    ):
        return rows
    return [key | row | key for row in rows]


def default_run_fn() -> RunFn:
    from sim.run.runner import run_once

    return run_once


def run_chunk(task: ChunkTask) -> dict[str, Any]:
    """Run a chunk, commit its part folder, return its summary (counts and failures)."""
    fn = task.run_fn or default_run_fn()
    name = task.scenario.name
    tables = {table: _Rows() for table in store.TABLES}
    failures: list[dict[str, Any]] = []
    started = time.perf_counter()
    with collection_after_each_run() as run_done:
        for run in range(task.first, task.last + 1):
            _run_into(tables, failures, fn, task, run)
            run_done()
    packed = {table: rows.table() for table, rows in tables.items()}
    summary = {
        "scenario": name,
        "first": task.first,
        "last": task.last,
        "runs_ok": task.runs - len(failures),
        "failures": failures,
        "rows": {t: (0 if p is None else p.num_rows) for t, p in packed.items()},
        "seconds": round(time.perf_counter() - started, 4),
    }
    final = store.chunk_dir(Path(task.out), name, task.first, task.last)
    store.commit_chunk(final, packed, summary)
    return summary


def _run_into(
    tables: dict[str, _Rows], failures: list[dict[str, Any]], fn: RunFn, task: ChunkTask, run: int
) -> None:
    """One run of the chunk: its rows into ``tables``, or its error into ``failures``."""
    name = task.scenario.name
    try:
        result = fn(task.scenario, run=run, root_seed=task.root_seed, timeseries=task.timeseries)
        outcome = dict(_get(result, "outcome"))
        seed = outcome.pop("seed", None)
        seed = model_seed(task.root_seed, run) if seed is None else seed
        _check_seed(seed)
        outcome = {"scenario": name, "run": run, "seed": seed, **outcome}
        decisions = _keyed(_get(result, "decisions"), name, run)
        series = _keyed(_get(result, "timeseries"), name, run) if task.timeseries else []
    except Exception as exc:
        failures.append(failure_row(name, run, task.root_seed, exc))
        return
    tables["outcomes"].extend([outcome])
    tables["decisions"].extend(decisions)
    tables["timeseries"].extend(series)


@contextmanager
def collection_after_each_run() -> Iterator[Callable[[], None]]:
    """Garbage collection once per run instead of whenever allocations pile up.

    A run's model is a web of cycles (agents and model refer to each other) that only the cycle
    collector frees. Left automatic, the collector also re-scans, again and again, the rows the
    chunk keeps until it writes its part: about 15 % of a run's time. Here it runs once after
    each run, on the youngest generation only (the run's own objects), and is switched back on
    when the chunk ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(0)
    finally:
        if was_enabled:
            gc.enable()


def _check_seed(seed: Any) -> None:
    if not 0 <= int(seed) < 2**63:
        raise ValueError(
            f"model seed {seed} does not fit the int64 `seed` column of docs/data-contract.md "
            "(sim.run.seeding.model_seed must return a value below 2**63)"
        )


def failure_row(scenario: str, run: int, root_seed: int, exc: BaseException) -> dict[str, Any]:
    kind = type(exc)
    module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
    trace = "".join(traceback.format_exception(exc, limit=-12))
    seed = model_seed(root_seed, run)
    return {
        "scenario": scenario,
        "run": run,
        "seed": seed if seed < 2**63 else None,
        "error_type": module + kind.__qualname__,
        "error": str(exc)[:2000],
        "traceback": trace[-6000:],
    }
