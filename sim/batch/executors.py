"""Where chunks run: in this process, in a fork-based process pool, or on a Dask cluster.

Every executor calls ``on_done(task, summary, error)`` in the parent as chunks finish (``error``
is an exception that escaped the chunk itself), and turns SIGINT or SIGTERM into
:class:`Interrupted` after stopping cleanly: queued chunks are cancelled; on SIGINT the pool's
running ones finish (a second signal, or SIGTERM, stops them at once; their half-done parts are
never committed). A process-pool worker that dies stops the batch with :class:`WorkerLost`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from typing import Any, Literal, Protocol

from sim.batch import signals

ExecutorKind = Literal["process", "sequential", "dask"]
OnDone = Callable[[Any, Any, BaseException | None], None]
WATCH_SECONDS = 1.0  # how often the process pool's workers are checked for having died


class Interrupted(Exception):
    """The batch was stopped by SIGINT or SIGTERM (``signum``); what was done is on disk."""

    def __init__(self, signum: int | None = None) -> None:
        self.signum = signum or signal.SIGINT
        super().__init__(signal.Signals(self.signum).name)


class WorkerLost(Exception):
    """A worker process died (e.g. killed by the out-of-memory killer); the pool was stopped."""


class ExecutorStartError(Exception):
    """The executor cannot start (e.g. a --scheduler that is not an address); for the user."""


class Executor(Protocol):
    parallelism: int
    description: str

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any], on_done: OnDone) -> None: ...


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _signum(exc: BaseException) -> int:
    return getattr(exc, "signum", None) or signals.received() or signal.SIGINT


# Sequential ------------------------------------------------------------------------------
class SequentialExecutor:
    parallelism = 1
    description = "sequential"

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any], on_done: OnDone) -> None:
        try:
            for task in tasks:
                try:
                    summary = fn(task)
                except Exception as exc:  # a chunk-level failure; the runs' own are caught inside
                    on_done(task, None, exc)
                else:
                    on_done(task, summary, None)
        except KeyboardInterrupt as exc:
            raise Interrupted(_signum(exc)) from None


# Process pool ----------------------------------------------------------------------------
def _worker_init() -> None:
    """Workers ignore SIGINT (the parent decides), die on SIGTERM, and die with the parent."""
    signals.worker_defaults()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _mp_context() -> multiprocessing.context.BaseContext | None:
    """A fork context where the platform has one, never touching the global start method.

    Forking while other *Python* threads run (e.g. after a Dask client was used in the same
    session) can deadlock the child on a lock one of them held, so then the pool uses a fork
    server instead. Native thread pools (numpy's OpenBLAS, Arrow) are fork-safe: they register
    at-fork handlers.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" not in methods:
        return None
    if threading.active_count() > 1 and "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sim.batch.worker", "sim.run.runner"])  # import once
        return context
    return multiprocessing.get_context("fork")


def _workers(pool: ProcessPoolExecutor) -> list[Any]:
    return list((getattr(pool, "_processes", None) or {}).values())


def _kill(workers: list[Any]) -> None:
    for process in workers:
        with contextlib.suppress(Exception):
            if process.exitcode is None:
                process.kill()


def _death(workers: list[Any], patience: float = 2.0) -> str:
    """'worker 1234 was killed by SIGKILL' for the first worker that died on its own.

    Waits up to ``patience`` seconds for the workers' exit codes: the pool's own thread may be
    reaping a dead worker at this very moment, and its exit code reads as None until it has.
    """
    deadline = time.monotonic() + patience
    while any(p.exitcode is None for p in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    dead = [p for p in workers if p.exitcode not in (None, 0)]
    dead.sort(key=lambda p: p.exitcode == -signal.SIGTERM)  # the pool's own SIGTERMs last
    if not dead:
        return "a worker process died"
    code = dead[0].exitcode
    how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with {code}"
    oom = " (as the out-of-memory killer does)" if code == -signal.SIGKILL else ""
    return f"worker process {dead[0].pid} {how}{oom}"


class ProcessExecutor:
    """A fork-based process pool, watched: a worker that dies stops the batch (never a hang)."""

    description = "process pool"

    def __init__(self, workers: int) -> None:
        self.parallelism = workers
        self.description = f"process pool, {workers} worker{'s' if workers > 1 else ''}"

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any], on_done: OnDone) -> None:
        if not tasks:
            return
        pool = ProcessPoolExecutor(
            max_workers=self.parallelism, mp_context=_mp_context(), initializer=_worker_init
        )
        pending: dict[Future, Any] = {}
        workers: list[Any] = []
        try:
            try:
                self._loop(pool, fn, iter(tasks), pending, on_done, workers)
            except BrokenExecutor:
                _kill(workers)
                lost = _drain(pending, on_done, workers)
                raise WorkerLost(
                    f"{_death(workers)}; the batch stopped, {lost} "
                    f"chunk{'s' if lost != 1 else ''} under way lost"
                ) from None
        except KeyboardInterrupt as exc:
            self._stop(pool, pending, on_done, _signum(exc), workers)
            raise Interrupted(_signum(exc)) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _loop(
        self,
        pool: ProcessPoolExecutor,
        fn: Callable,
        queue: Iterator,
        pending: dict[Future, Any],
        on_done: OnDone,
        workers: list[Any],
    ) -> None:
        # The first submit forks every worker at once, before the pool's own threads start, with
        # SIGINT and SIGTERM held back until each worker has reset its handlers. Python warns
        # about forking with *any* thread; only Python threads matter here (see _mp_context),
        # so the warning about native ones is silenced.
        with warnings.catch_warnings(), signals.blocked():
            warnings.filterwarnings("ignore", r".*use of fork\(\) may lead to deadlocks")
            _fill(pool, fn, queue, pending, 1)
        workers += _workers(pool)
        # A bounded window of futures keeps memory flat however many chunks there are.
        _fill(pool, fn, queue, pending, 4 * self.parallelism)
        while pending:
            done, _ = wait(pending, timeout=WATCH_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                _report(future, pending[future], on_done)  # a lost chunk stays pending: _drain
                del pending[future]
            if not done and any(p.exitcode is not None for p in workers):
                raise BrokenExecutor("a worker process died")  # the watchdog, should the pool not
            workers[:] = sorted(set(workers) | set(_workers(pool)), key=lambda p: p.pid or 0)
            _fill(pool, fn, queue, pending, 4 * self.parallelism)

    @staticmethod
    def _stop(
        pool: ProcessPoolExecutor,
        pending: dict[Future, Any],
        on_done: OnDone,
        signum: int,
        workers: list[Any],
    ) -> None:
        """Cancel the queued chunks; on SIGINT let the running ones finish (a second signal, or
        SIGTERM, kills them at once: their half-written parts are never committed)."""
        for future in pending:
            future.cancel()
        if signum != signal.SIGINT:
            _kill(workers)
            return
        print(
            "\nStopping: finishing the chunks under way (Ctrl-C again to stop at once)...",
            file=sys.stderr,
            flush=True,
        )
        try:
            running = [f for f in pending if not f.cancelled()]
            for future in running:
                with contextlib.suppress(Exception):
                    future.result()
                    _report(future, pending[future], on_done)
        except KeyboardInterrupt:  # a second signal: stop now
            _kill(workers)


def _fill(pool: Any, fn: Callable, queue: Iterator, pending: dict, limit: int) -> None:
    while len(pending) < limit:
        task = next(queue, None)
        if task is None:
            return
        pending[pool.submit(fn, task)] = task


def _report(future: Any, task: Any, on_done: OnDone) -> None:
    try:
        summary = future.result()
    except BrokenExecutor:
        raise
    except Exception as exc:
        on_done(task, None, exc)
    else:
        on_done(task, summary, None)


def _drain(pending: dict[Future, Any], on_done: OnDone, workers: list[Any]) -> int:
    """After a worker died: report the chunks that finished, record the others as lost (their
    runs are retried by --resume). Returns the number lost."""
    wait(pending, timeout=10)  # the pool fails its futures once it sees the dead worker
    lost = 0
    for future, task in sorted(pending.items(), key=lambda item: (item[1].first, id(item[0]))):
        try:
            _report(future, task, on_done)
        except BrokenExecutor:
            lost += 1
            on_done(task, None, WorkerLost(f"{_death(workers)}; --resume runs this chunk again"))
    pending.clear()
    return lost


# Dask ------------------------------------------------------------------------------------
class DaskExecutor:
    """A ``LocalCluster`` of ``workers`` single-threaded processes, or an existing scheduler."""

    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ImportError(
                "--executor dask needs the dask extra: pip install 'axis-sim[dask]'"
            ) from None
        import logging

        self._cluster = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout="30s")
            except ValueError as exc:
                raise ExecutorStartError(
                    f"--scheduler {scheduler}: not a Dask scheduler address ({exc}); give one "
                    "like tcp://10.0.0.5:8786"
                ) from None
            where = f"Dask scheduler {scheduler}"
        else:
            self._cluster = LocalCluster(
                n_workers=workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
            where = "Dask LocalCluster"
        threads = sum(self._client.nthreads().values())
        self.parallelism = max(1, threads)
        self.description = f"{where}, {threads} worker thread{'s' if threads != 1 else ''}"

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any], on_done: OnDone) -> None:
        from distributed import as_completed

        if not tasks:
            return
        futures = {}
        try:
            for task in tasks:
                futures[self._client.submit(fn, task, pure=False)] = task
            for future in as_completed(futures):
                _report(future, futures.pop(future), on_done)
        except KeyboardInterrupt as exc:
            with contextlib.suppress(Exception):
                self._client.cancel(list(futures))
            raise Interrupted(_signum(exc)) from None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()


@contextlib.contextmanager
def make_executor(
    kind: ExecutorKind, workers: int | None = None, scheduler: str | None = None
) -> Iterator[Executor]:
    """The executor named ``kind``, closed on exit."""
    if kind == "sequential":
        yield SequentialExecutor()
    elif kind == "process":
        yield ProcessExecutor(workers or default_workers())
    elif kind == "dask":
        executor = DaskExecutor(workers, scheduler)
        try:
            yield executor
        finally:
            executor.close()
    else:
        raise ValueError(f"unknown executor {kind!r} (process, sequential or dask)")
