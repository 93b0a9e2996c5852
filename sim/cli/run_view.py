"""``axis-sim run`` on the terminal: the dated narrative, every decision (``--trace``), the
outcome row with calendar dates and readable numbers, and the parameters drawn or set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sim.cli.format import hanging, outcome_table, parameter_line
from sim.core.text import calendar_date

if TYPE_CHECKING:
    from sim.model import CrisisModel

_STYLE = {"event": "cyan", "decision": "yellow", "front": "bold magenta"}


def narrative_grid(model: CrisisModel) -> Table:
    """Date, category and text; the text wraps on words under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for entry in model.narrative:
        style = _STYLE.get(entry.category, "")
        grid.add_row(
            f"{entry.date.day:>2} {entry.date:%b}",
            f"[{style}]{entry.category}[/]" if style else entry.category,
            escape(entry.text),
        )
    return grid


def print_trace(console: Console, model: CrisisModel) -> None:
    """Every decision with every option's probability and utility terms, wrapped."""
    width = console.width
    for r in model.decision_log:
        date = calendar_date(model.crisis_scenario.date_of(r.day))
        forced = " (forced)" if r.forced else ""
        console.print(escape(f"{date}  {r.actor}.{r.decision} -> {r.choice}{forced}"))
        for option, p, terms in zip(r.options, r.probabilities, r.terms, strict=True):
            parts = ", ".join(f"{k} {v:+.3f}" for k, v in terms.items()) or "no terms"
            head = f"  {option:<16} p={p:.3f}  U={sum(terms.values()):+.3f}  "
            console.print(escape(hanging(f"[{parts}]", width, indent=6, first=head)))


def print_run(
    console: Console,
    model: CrisisModel,
    values: dict[str, float],
    *,
    root_seed: int,
    run: int,
    trace: bool,
) -> None:
    """Narrative, then (with ``trace``) every decision, the outcome row, and the values used."""
    scenario = model.crisis_scenario
    console.rule(f"[bold]{escape(scenario.title)}[/]")
    console.print(f"{scenario.name}, seed {root_seed:,}, run {run:,}", justify="center")
    console.print(narrative_grid(model))
    if trace:
        console.rule("Every decision")
        print_trace(console, model)
    console.print(outcome_table(model.outcomes(), scenario.period.start))
    if values:
        text = "Parameters drawn or set: " + parameter_line(values)
        console.print(escape(hanging(text, console.width)))
