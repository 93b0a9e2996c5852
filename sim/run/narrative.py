"""The dated story of one run, for the terminal (rich) and for Markdown files."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from sim.model import CrisisModel

_STYLE = {"event": "cyan", "decision": "yellow", "front": "bold magenta"}


def narrative_lines(model: CrisisModel) -> list[str]:
    """'2024-12-04  decision  Iraqi Government — send army: border_only (...)' lines."""
    return [f"{e.date.isoformat()}  {e.category:<8}  {e.text}" for e in model.narrative]


def trace_lines(model: CrisisModel) -> list[str]:
    """Every decision with every option's probability and utility terms."""
    lines = []
    for r in model.decision_log:
        date = model.crisis_scenario.date_of(r.day).isoformat()
        lines.append(
            f"{date}  {r.actor}.{r.decision} -> {r.choice}{' (forced)' if r.forced else ''}"
        )
        for option, p, terms in zip(r.options, r.probabilities, r.terms, strict=True):
            parts = ", ".join(f"{k} {v:+.3f}" for k, v in terms.items()) or "no terms"
            lines.append(f"      {option:<16} p={p:.3f}  U={sum(terms.values()):+.3f}  [{parts}]")
    return lines


def format_value(value: Any) -> str:
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.3g}"
    return str(value)


def print_run(
    console: Console,
    model: CrisisModel,
    drawn: dict[str, float],
    overrides: dict[str, float],
    *,
    root_seed: int,
    run: int,
    trace: bool,
) -> None:
    """Narrative, then the outcome row, then what was drawn or set."""
    scenario = model.crisis_scenario
    console.rule(f"[bold]{scenario.title}[/] — {scenario.name}, seed {root_seed}, run {run}")
    for entry in model.narrative:
        style = _STYLE.get(entry.category, "")
        console.print(
            f"{entry.date.isoformat()}  [{style}]{entry.category:<8}[/]  {entry.text}",
            highlight=False,
        )
    if trace:
        console.rule("Every decision")
        for line in trace_lines(model):
            console.print(line, highlight=False)
    table = Table(title="Outcome", show_header=False)
    for name, value in model.outcomes().items():
        table.add_row(name, format_value(value))
    console.print(table)
    if drawn or overrides:
        values = {**drawn, **overrides}
        console.print(
            "Parameters drawn or set: "
            + ", ".join(f"{k}={v:.3g}" for k, v in sorted(values.items())),
            highlight=False,
        )
