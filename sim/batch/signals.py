"""SIGINT and SIGTERM as a clean stop: while a batch runs, either raises :class:`Stop` in the
main thread (a ``KeyboardInterrupt`` that remembers its signal), and the batch's workers reset
both to their defaults (see :func:`worker_defaults`)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_received: list[int] = []  # the signals received inside the current `stop_on_signals` block


class Stop(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def received() -> int | None:
    """The first stop signal received in the current block, or None (SIGINT for a bare Ctrl-C
    raised as KeyboardInterrupt outside such a block is the caller's guess)."""
    return _received[0] if _received else None


def exit_status(signum: int | None) -> int:
    """128 + the signal: 130 for SIGINT (and an unknown interrupt), 143 for SIGTERM."""
    return 128 + (signum or signal.SIGINT)


def _raise_stop(signum: int, frame: Any) -> None:
    _received.append(signum)
    raise Stop(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Inside: SIGINT and SIGTERM raise :class:`Stop` (only in the main thread; elsewhere the
    handlers cannot be set and a bare Ctrl-C still raises KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_stop) for signum in STOP_SIGNALS}
    _received.clear()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def blocked() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (e.g. while forking workers); they arrive on exit."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def worker_defaults() -> None:
    """In a worker: ignore SIGINT (the parent decides), die on SIGTERM, let both through.

    A forked worker inherits the parent's Python handlers and its blocked mask; left as they
    are, a SIGTERM to the process group would raise inside the worker, be caught by the pool
    and leave the worker blocked in read() (the pool then never finishes shutting down).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
