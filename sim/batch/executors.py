"""Where chunks run: in this process, in a fork-based process pool, or on a Dask cluster.

Every executor calls ``on_done(task, summary, error)`` in the parent as chunks finish (``error``
is an exception that escaped the chunk itself, e.g. a worker that died), and turns a Ctrl-C into
:class:`Interrupted` after stopping cleanly: queued chunks are cancelled, running ones finish
(a second Ctrl-C stops them at once; their half-done parts are never committed).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from typing import Any, Literal, Protocol

ExecutorKind = Literal["process", "sequential", "dask"]
OnDone = Callable[[Any, Any, BaseException | None], None]


class Interrupted(Exception):
    """The batch was stopped by Ctrl-C (or SIGTERM); what was done is on disk."""


class Executor(Protocol):
    parallelism: int
    description: str

    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any], on_done: OnDone) -> None: ...


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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
        except KeyboardInterrupt:
            raise Interrupted from None


# Process pool ----------------------------------------------------------------------------
def _worker_init() -> None:
    """Workers ignore Ctrl-C (the parent decides) and die with the parent (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


class ProcessExecutor:
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
        try:
            # The first submit forks every worker at once, before the pool's own threads start.
            # Python warns about forking with *any* thread; only Python threads matter here
            # (see _mp_context), so the warning about native ones is silenced.
            queue = iter(tasks)
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", r".*use of fork\(\) may lead to deadlocks")
                _fill(pool, fn, queue, pending, 1, on_done)
            # A bounded window of futures keeps memory flat however many chunks there are.
            _fill(pool, fn, queue, pending, 4 * self.parallelism, on_done)
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    _report(future, task, on_done)
                _fill(pool, fn, queue, pending, 4 * self.parallelism, on_done)
        except KeyboardInterrupt:
            self._stop(pool, pending, on_done)
            raise Interrupted from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _stop(pool: ProcessPoolExecutor, pending: dict[Future, Any], on_done: OnDone) -> None:
        for future in pending:
            future.cancel()
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
        except KeyboardInterrupt:  # a second Ctrl-C: stop now
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)


def _fill(
    pool: Any, fn: Callable, queue: Iterator, pending: dict, limit: int, on_done: OnDone
) -> None:
    while len(pending) < limit:
        task = next(queue, None)
        if task is None:
            return
        try:
            pending[pool.submit(fn, task)] = task
        except BrokenExecutor as exc:  # a worker died (e.g. killed for memory): record, go on
            on_done(task, None, exc)


def _report(future: Any, task: Any, on_done: OnDone) -> None:
    try:
        summary = future.result()
    except Exception as exc:
        on_done(task, None, exc)
    else:
        on_done(task, summary, None)


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
            self._client = Client(scheduler, timeout="30s")
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
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
                self._client.cancel(list(futures))
            raise Interrupted from None

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
