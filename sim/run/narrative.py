"""The dated story of one run as plain lines, for Markdown files (the terminal view of
``axis-sim run`` is :mod:`sim.cli.run_view`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.model import CrisisModel


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
