"""Plan a batch as chunks of runs, run them on an executor, merge their parts, keep the manifest.

A chunk is a range of runs of one scenario. A worker runs it (:func:`run_chunk`), writes its
rows as one part folder and returns only a small summary; the parent merges the parts at the end.
Run *i* of every scenario takes its seeds from the tree rooted at the batch seed
(:mod:`sim.run.seeding`), so the tables depend only on the scenarios, the seed and the run counts:
not on the executor, the number of workers, the chunking, or interruptions and resumes.
"""

from __future__ import annotations

import contextlib
import math
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.batch import manifest as mf
from sim.batch import ownership, signals, store
from sim.batch.executors import (
    ExecutorStartError,
    Interrupted,
    WorkerLost,
    make_executor,
)
from sim.batch.options import RunOptions
from sim.batch.progress import Progress
from sim.batch.worker import ChunkTask, RunFn, default_run_fn, failure_row, run_chunk

__all__ = ["BatchConfig", "BatchInputError", "BatchResult", "ChunkTask", "run_batch", "run_chunk"]
MAX_CHUNK = 100  # the largest chunk auto_chunk_size chooses
MAX_RUNS = mf.MAX_RUNS  # per scenario, as the scenario schema's `runs`
MAX_WORKERS = 1024
MAX_CHUNKS = 100_000  # chunks of one batch: a chunk size too small for the run count is refused


class BatchInputError(Exception):
    """Bad input to a batch (options, folder, manifest); the message is for the user (exit 2)."""

    exit_code = 2


@dataclass
class BatchConfig(RunOptions):
    """What to run and how; ``run_fn(scenario, run=, root_seed=, timeseries=)`` does one run."""

    scenarios: Sequence[Any]  # names, paths or loaded Scenario objects
    resume: bool = False
    timeseries: bool = False
    chunk_size: int | None = None
    keep_parts: bool = False
    command: list[str] | None = None
    run_fn: RunFn | None = None


@dataclass
class BatchResult:
    out: Path
    status: str  # "complete", "incomplete" (chunks that could not run) or "interrupted"
    manifest: dict[str, Any]
    executor: str = ""
    runs_this_session: int = 0
    seconds: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)
    signum: int | None = None  # the signal that interrupted the batch
    message: str | None = None  # why the batch stopped early (interrupted, a worker died)

    @property
    def exit_code(self) -> int:
        """0 all done; 1 failed runs or chunks that could not run; 130 SIGINT; 143 SIGTERM."""
        if self.status == "interrupted":
            return signals.exit_status(self.signum)
        return 1 if self.failures or self.status != "complete" else 0


def auto_chunk_size(runs: int, parallelism: int) -> int:
    """About eight chunks per worker, between 1 and :data:`MAX_CHUNK` runs each."""
    return max(1, min(MAX_CHUNK, math.ceil(runs / (8 * max(1, parallelism)))))


def plan(
    scenarios: Sequence[Any],
    runs: dict[str, int],
    chunk_size: int,
    root_seed: int,
    *,
    timeseries: bool,
    out: Path,
    run_fn: RunFn | None,
    skip: Callable[[str, int, int], bool] = lambda *_: False,
) -> list[ChunkTask]:
    """The chunks still to run, interleaved by scenario (so a partial batch stays paired)."""
    per_scenario = []
    for scenario in scenarios:
        spans = [
            (first, min(first + chunk_size, runs[scenario.name]) - 1)
            for first in range(0, runs[scenario.name], chunk_size)
        ]
        per_scenario.append(
            [
                ChunkTask(scenario, a, b, root_seed, timeseries, str(out), run_fn)
                for a, b in spans
                if not skip(scenario.name, a, b)
            ]
        )
    tasks = []
    for i in range(max((len(p) for p in per_scenario), default=0)):
        tasks += [p[i] for p in per_scenario if i < len(p)]
    return tasks


def load_all(refs: Sequence[Any]) -> list[Any]:
    """Scenario objects for names, paths or scenarios; raises ScenarioError / BatchInputError."""
    from sim.scenario import load_scenario

    scenarios = [ref if hasattr(ref, "resolved") else load_scenario(ref) for ref in refs]
    if not scenarios:
        raise BatchInputError("give at least one scenario")
    names = [s.name for s in scenarios]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BatchInputError(f"scenario {', '.join(twice)} given more than once")
    return scenarios


def default_out(first_scenario: str, seed: int) -> Path:
    return Path("results") / f"{first_scenario}-{seed}"


def _bounded(value: Any, option: str, low: int, high: int) -> None:
    if value is not None and not (type(value) is int and low <= value <= high):
        raise BatchInputError(
            f"{option} must be an integer from {low:,} to {high:,}, not {value!r}"
        )


def check_options(config: BatchConfig) -> None:
    """Refuse options out of bounds before anything is loaded or planned."""
    _bounded(config.runs, "--runs", 1, MAX_RUNS)
    _bounded(config.seed, "--seed", 0, mf.MAX_SEED)
    _bounded(config.workers, "--workers", 1, MAX_WORKERS)
    _bounded(config.chunk_size, "chunk_size", 1, mf.MAX_CHUNK_SIZE)
    if config.resume and config.force:
        raise BatchInputError("give --resume or --force, not both")
    if config.scheduler and config.executor != "dask":
        raise BatchInputError("--scheduler needs --executor dask")


def run_batch(config: BatchConfig) -> BatchResult:
    """Run (or resume) a batch; see the module docstring and ``docs/batch.md``.

    The folder is claimed (:func:`sim.batch.ownership.claim_folder`) for the whole call, and
    SIGINT / SIGTERM stop it cleanly (status "interrupted", exit code 130 / 143).
    Raises :class:`BatchInputError` for bad input (options, folder, manifest, parts).
    """
    check_options(config)
    scenarios = load_all(config.scenarios)
    seed = config.seed if config.seed is not None else scenarios[0].seed
    runs = {s.name: config.runs or s.runs for s in scenarios}
    _bounded(seed, "--seed", 0, mf.MAX_SEED)
    out = Path(config.out) if config.out is not None else default_out(scenarios[0].name, seed)
    try:
        with (
            ownership.claim_folder(
                out, kind="batch", recognise=store.is_batch_folder, forceable=False
            ),
            signals.stop_on_signals(),
        ):
            return _run_claimed(config, out, scenarios, seed, runs)
    except (ownership.FolderClaimError, store.FolderError, mf.ManifestError) as exc:
        raise BatchInputError(str(exc)) from None
    except ExecutorStartError as exc:
        raise BatchInputError(str(exc)) from None


def _held_batch(
    config: BatchConfig, out: Path, scenarios: Sequence[Any], seed: int, runs: dict[str, int]
) -> dict[str, Any] | None:
    """The checked manifest of the batch ``out`` holds, if it may be resumed (None: no batch)."""
    held = store.prepare_folder(out, force=config.force)
    if held is None:
        return None
    held = mf.check(held, out / store.MANIFEST)
    problems = mf.mismatches(held, scenarios, runs, seed, config.timeseries)
    if not config.resume:
        raise BatchInputError(
            f"--out {out} holds a batch of {mf.describe(held)}; give --resume to continue "
            "it, --force to replace it, or another --out"
        )
    if problems:
        raise BatchInputError(
            f"--out {out} holds a different batch ({mf.describe(held)}), cannot resume: "
            + "; ".join(problems)
            + ". Give --force to replace it, or another --out"
        )
    return held


def _run_claimed(
    config: BatchConfig, out: Path, scenarios: Sequence[Any], seed: int, runs: dict[str, int]
) -> BatchResult:
    command = config.command if config.command is not None else mf.command_line()
    held = _held_batch(config, out, scenarios, seed, runs)
    if held is not None and held["status"] == "complete":
        return BatchResult(out, "complete", held, failures=held["failures"])
    store.remove_stale_tmp(out)
    manifest: dict[str, Any] | None = None
    result = BatchResult(out, "complete", {})
    try:
        with contextlib.ExitStack() as stack:
            try:
                executor = stack.enter_context(
                    make_executor(config.executor, config.workers, config.scheduler)
                )
            except ImportError as exc:
                raise BatchInputError(str(exc)) from None
            except (OSError, TimeoutError) as exc:
                raise BatchInputError(f"cannot start or reach the Dask cluster: {exc}") from None
            chunk_size = (held or {}).get("chunk_size") or config.chunk_size
            chunk_size = chunk_size or auto_chunk_size(max(runs.values()), executor.parallelism)
            _check_chunking(out, scenarios, runs, chunk_size)
            manifest = held or mf.new_manifest(
                scenarios, runs, seed, config.timeseries, chunk_size, command
            )
            manifest["status"] = "running"
            manifest["sessions"].append(mf.session(command, executor.description, mf.now()))
            store.write_json(out / store.MANIFEST, manifest)
            result = BatchResult(out, "complete", manifest, executor.description)
            tasks = _plan_rest(config, out, scenarios, seed, runs, chunk_size)
            if config.run_fn is None and config.executor == "process" and tasks:
                default_run_fn()  # import the model once here: forked workers then start warm
            chunk_errors = _execute(executor, tasks, seed, sum(runs.values()), config, result)
        return _finish(out, manifest, scenarios, chunk_errors, config.keep_parts, result)
    except KeyboardInterrupt as exc:  # outside the executor's own handling (e.g. in the merge)
        if manifest is None:
            raise
        if manifest["status"] != "running":  # it came just after the final manifest was written
            return result
        _interrupted(result, getattr(exc, "signum", None) or signals.received())
        with signals.blocked():
            return _finish(out, manifest, scenarios, [], config.keep_parts, result)


def _plan_rest(
    config: BatchConfig,
    out: Path,
    scenarios: Sequence[Any],
    seed: int,
    runs: dict[str, int],
    chunk_size: int,
) -> list[ChunkTask]:
    done = {s.name: set(store.done_chunks(out, s.name)) for s in scenarios}
    return plan(
        scenarios,
        runs,
        chunk_size,
        seed,
        timeseries=config.timeseries,
        out=out.resolve(),
        run_fn=config.run_fn,
        skip=lambda name, a, b: (a, b) in done[name],
    )


def _check_chunking(out: Path, scenarios: Sequence[Any], runs: dict[str, int], size: int) -> None:
    """Refuse a chunk size that makes too many chunks, parts whose runs do not fit this batch's
    chunking (they would be merged twice), and unreadable part summaries."""
    chunks = sum(math.ceil(n / size) for n in runs.values())
    if chunks > MAX_CHUNKS:
        raise BatchInputError(
            f"chunk size {size} makes {chunks:,} chunks (at most {MAX_CHUNKS:,}); "
            "give a larger chunk size"
        )
    for scenario in scenarios:
        n = runs[scenario.name]
        for first, last in store.done_chunks(out, scenario.name):
            if first % size or last != min(first + size, n) - 1:
                raise BatchInputError(
                    f"--out {out}: part {scenario.name}/{first}-{last} does not belong to this "
                    f"batch (chunks of {size} runs); --force clears the folder"
                )
    for _ in store.chunk_summaries(out, [s.name for s in scenarios]):
        pass  # each one read and checked: a corrupt summary is refused before anything runs


def _execute(
    executor: Any,
    tasks: list[ChunkTask],
    seed: int,
    total: int,
    config: BatchConfig,
    result: BatchResult,
) -> list[dict[str, Any]]:
    """Run the tasks with a progress display; return the failures of chunks that could not run."""
    chunk_errors: list[dict[str, Any]] = []
    todo = sum(t.runs for t in tasks)
    clock = time.perf_counter()
    with Progress(total, total - todo, enabled=config.progress) as progress:

        def on_done(task: ChunkTask, summary: Any, error: BaseException | None) -> None:
            if error is not None:
                chunk_errors.extend(
                    failure_row(task.scenario.name, run, seed, error)
                    for run in range(task.first, task.last + 1)
                )
            progress.advance(task.runs)

        try:
            executor.run(run_chunk, tasks, on_done)
        except Interrupted as exc:
            _interrupted(result, exc.signum)
        except WorkerLost as exc:
            if signals.received():  # the whole group was signalled: an interruption
                _interrupted(result, signals.received())
            else:
                result.message = f"{exc}; --resume runs what is missing"
    result.runs_this_session = progress.done - (total - todo)
    result.seconds = time.perf_counter() - clock
    return chunk_errors


def _interrupted(result: BatchResult, signum: int | None) -> None:
    result.status, result.signum = "interrupted", signum or signal.SIGINT
    result.message = f"interrupted ({signal.Signals(result.signum).name}), resume with --resume"


def _finish(
    out: Path,
    manifest: dict[str, Any],
    scenarios: Sequence[Any],
    chunk_errors: list[dict[str, Any]],
    keep_parts: bool,
    result: BatchResult,
) -> BatchResult:
    """Count what is on disk, merge (unless interrupted), write the final manifest."""
    status = result.status
    names = [s.name for s in scenarios]
    failures = list(chunk_errors)
    runs_done = dict.fromkeys(names, 0)
    committed = dict.fromkeys(names, 0)
    for summary in store.chunk_summaries(out, names):
        runs_done[summary["scenario"]] += summary["runs_ok"]
        committed[summary["scenario"]] += summary["last"] - summary["first"] + 1
        failures.extend(summary["failures"])
    if status != "interrupted":
        all_done = all(committed[n] == manifest["runs"][n] for n in names)
        status = "complete" if all_done else "incomplete"
        tables = [t for t in store.TABLES if t != "timeseries" or manifest["timeseries"]]
        manifest["tables"] = {
            t: {"file": f"{t}.parquet", "rows": store.merge_table(out, names, t)} for t in tables
        }
        store.write_failures(out, failures)
        manifest["tables"]["failures"] = {"file": "failures.parquet", "rows": len(failures)}
    finished = mf.now()
    session = dict(finished=finished, status=status, runs=result.runs_this_session)
    session["seconds"] = round(result.seconds, 3)
    # Signals are held back from here: the manifest changes from "running" only as it is
    # written, and says complete only once the parts are no longer needed.
    with signals.blocked():
        manifest["status"] = status
        manifest["runs_done"] = runs_done
        manifest["runs_failed"] = {n: sum(f["scenario"] == n for f in failures) for n in names}
        mf.record_failures(manifest, failures)
        manifest["finished"] = finished
        manifest["sessions"][-1].update(session)
        result.status, result.manifest, result.failures = status, manifest, failures
        store.write_json(out / store.MANIFEST, manifest)
        if status == "complete" and not keep_parts:
            store.clear_parts(out)
    return result
