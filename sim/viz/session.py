"""One browser session's run: the model(s) SolaraViz steps, read against a quick batch.

Each session builds its own :class:`VizRun`, so sessions never share a model. The run shown is
run ``run`` of ``axis-sim run SCENARIO --seed SEED --runs N`` (the same parameter draws and
model seed), by default the quick batch's typical run (``sim.viz.typical``); with ``compare``,
the same run index of a second scenario is stepped alongside it (paired: same seed, same run).
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
import traceback
from typing import TYPE_CHECKING, Any

from sim.run.runner import build_model
from sim.scenario import Scenario, load_scenario
from sim.viz.inputs import NO_COMPARISON, TYPICAL, moved_sliders, parse_run, parse_seed
from sim.viz.typical import (
    Summary,
    describe_path,
    percent,
    period_days,
    quick_batch,
    share_like,
    summarise,
    typical_run,
)
from sim.viz.views.common import format_date

if TYPE_CHECKING:
    from sim.model import CrisisModel

RENDER_WAIT_S = 5.0  # longest wait for another thread's render pass before a step
_tokens = itertools.count(1)


@dataclasses.dataclass(slots=True)
class Side:
    """One scenario's model on the page, with the quick batch it is read against."""

    scenario: Scenario
    model: CrisisModel
    summary: Summary
    like: float  # share of the batch's runs whose path is like this run's
    path: str  # what "like this" fixes, in words


def make_side(
    scenario: Scenario, run: int, seed: int, overrides: dict[str, float], history: bool
) -> Side:
    """Run ``run`` of ``scenario`` ready to step, with its batch's summary."""
    rows = quick_batch(scenario, seed, overrides)
    model, _ = build_model(scenario, run, seed, overrides, record_history=history)
    row = rows[run]
    summary = summarise(rows, scenario)
    return Side(scenario, model, summary, share_like(row, rows), describe_path(row, scenario))


class VizRun:
    """One session's run: run ``run`` (default: the typical run) of ``scenario_name`` with batch
    seed ``seed``, the sliders moved off their defaults as overrides; with ``compare``, the same
    run of a second scenario stepped together with it.

    SolaraViz steps it (``step``, ``running``) and re-creates it on Reset with the sidebar's
    values. It deliberately has no ``scenario`` attribute: SolaraViz would take that for a Mesa
    scenario object (and fail); the scenario is ``crisis_scenario``, as on the model.
    """

    def __init__(
        self,
        scenario_name: str = "baseline",
        seed: str | int = "",
        run: str | int = TYPICAL,
        compare: str = NO_COMPARISON,
        **sliders: float,
    ):
        self.crisis_scenario = load_scenario(scenario_name)
        self.seed, seed_note = parse_seed(seed, self.crisis_scenario.seed)
        self.overrides = moved_sliders(sliders)
        rows = quick_batch(self.crisis_scenario, self.seed, self.overrides)
        self.typical = typical_run(rows, period_days(self.crisis_scenario))
        self.run_index, run_note = parse_run(run, self.typical)
        self.note = "; ".join(n for n in (seed_note, run_note) if n)
        self.main = make_side(self.crisis_scenario, self.run_index, self.seed, self.overrides, True)
        self.other = None
        if compare not in ("", NO_COMPARISON):
            other = load_scenario(compare)
            self.other = make_side(other, self.run_index, self.seed, self.overrides, False)
        self.model = self.main.model
        self.token = next(_tokens)
        self.initial_row = self.model.timeseries_row()
        self.error: str | None = None
        self.lock = threading.RLock()  # held while stepping and while the views read the model
        self.render_context: Any = None  # the session's reacton render context (set by views)

    @property
    def sides(self) -> list[Side]:
        """The models stepped together: the run, then the comparison if any."""
        return [self.main] if self.other is None else [self.main, self.other]

    @property
    def running(self) -> bool:
        """False once the last day has been simulated in every model (or a model failed)."""
        return self.error is None and any(side.model.running for side in self.sides)

    @property
    def month_over(self) -> bool:
        """True once the month has been simulated to its last day without error."""
        return self.error is None and not self.running

    def run_notice(self) -> str:
        """Which run this is and how common its path is in the quick batch."""
        return run_notice(self.main, self.run_index, self.typical)

    def step(self) -> None:
        """Simulate the next calendar day in every model. A model error stops the run and is
        shown in the sidebar (and printed on the server's console) instead of breaking the page."""
        if self.error is not None:
            return
        self._wait_for_render()
        with self.lock:
            for side in self.sides:
                if not side.model.running:
                    continue
                try:
                    side.model.step()
                except Exception as exc:
                    when = format_date(side.model.date)
                    self.error = f"the model of {side.scenario.name} failed after {when}: {exc!r}"
                    traceback.print_exc()
                    return

    def _wait_for_render(self) -> None:
        """Let a render pass running in another thread finish before the next day.

        Mesa's Play loop steps in its own thread and does not wait for the page to be drawn.
        When a render pass is under way elsewhere (e.g. the one started by the Play click),
        reacton hands every later update to that pass, which then keeps rendering for the whole
        run while nothing reaches the browser. Waiting here for the render lock to be free makes
        the Play thread draw each day itself, so every day is shown.
        """
        lock = getattr(self.render_context, "thread_lock", None)
        if lock is None or getattr(self.render_context, "_lock_thread", None) is (
            threading.current_thread()
        ):
            return
        deadline = time.monotonic() + RENDER_WAIT_S
        while lock.locked() and time.monotonic() < deadline:
            time.sleep(0.005)


def run_notice(side: Side, run: int, typical: int) -> str:
    """'Run 57 (the typical run): a path like this in 34 % of 200 runs (...)'."""
    which = "the typical run" if run == typical else f"the typical run is {typical}"
    return (
        f"Run {run} ({which}): a path like this in {percent(side.like)} of "
        f"{side.summary.runs} runs ({side.path})."
    )


def month_over_notice(model: CrisisModel) -> str:
    """The end-of-month notice."""
    return (
        f"The month is over: {format_date(model.date)} was the last day simulated. "
        "Reset to run it again."
    )
