"""Batch progress: a rich bar with runs/s and ETA on a terminal, plain periodic lines otherwise.

Neither form starts a thread (the bar is refreshed as chunks finish), so a fork-based pool
never forks a multi-threaded parent.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


def rate_text(rate: float) -> str:
    """'1,234' runs/s, or '2.5' below ten."""
    return f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class Progress:
    """Counts runs done out of ``total`` (``already`` of them done by an earlier session)."""

    def __init__(
        self,
        total: int,
        already: int = 0,
        *,
        stream: TextIO | None = None,
        enabled: bool = True,
        interval: float = 10.0,
        label: str = "batch",
    ) -> None:
        self.total, self.done, self._start_done = total, already, already
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.label = label
        self._t0 = time.perf_counter()
        self._last_line = self._t0
        self._bar: Any = None
        self._task: Any = None

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self._t0
        return (self.done - self._start_done) / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        rate = self.rate
        return (self.total - self.done) / rate if rate > 0 else None

    def __enter__(self) -> Progress:
        if self.enabled and self.stream.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("runs · {task.fields[rate]} runs/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                auto_refresh=False,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(
                self.label, total=self.total, completed=self.done, rate="–"
            )
            self._bar.refresh()
        return self

    def advance(self, runs: int) -> None:
        self.done += runs
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, rate=rate_text(self.rate))
            self._bar.refresh()
        elif self.enabled and time.perf_counter() - self._last_line >= self.interval:
            self._line()

    def _line(self) -> None:
        self._last_line = time.perf_counter()
        share = self.done / self.total if self.total else 1.0
        eta = self.eta()
        eta_text = _clock(eta) if eta is not None else "–"
        print(
            f"{self.label}: {self.done:,}/{self.total:,} runs ({share:.0%}) · "
            f"{rate_text(self.rate)} runs/s · ETA {eta_text}",
            file=self.stream,
            flush=True,
        )

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif self.enabled and self.done > self._start_done:
            self._line()
