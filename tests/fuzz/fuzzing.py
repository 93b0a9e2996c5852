"""Shared pieces of the fuzz suite: a per-case time bound and the tally of what happened.

Not a test module. A case is *refused* (a :class:`ScenarioError`, or exit 2 with a message),
*accepted* (a scenario, or exit 0), a *crash* (any other exception, or a traceback in the
output) or a *hang* (over the time bound). The suite asserts 0 crashes, 0 hangs and 0 invalid
inputs accepted.
"""

from __future__ import annotations

import contextlib
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

CASE_SECONDS = 10  # far above what a bounded refusal takes (milliseconds)


class Hang(Exception):
    """A case ran past :data:`CASE_SECONDS`."""


@contextlib.contextmanager
def time_bound(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in this (main) thread if the block runs longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Tally:
    """Counts by outcome, and a few examples of each failure for the assertion message."""

    what: str
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, outcome: str, example: str = "") -> None:
        self.counts[outcome] += 1
        if outcome in ("crash", "hang", "invalid accepted", "refused without a message"):
            self.examples.setdefault(outcome, []).append(example[:300])

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        parts = ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items()))
        return f"{self.what}: {self.total} cases ({parts})"

    def failures(self) -> dict[str, list[str]]:
        return {k: v[:5] for k, v in self.examples.items()}
