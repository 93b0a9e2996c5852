"""The main job behind ``make demo``: what a newcomer runs first."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from sim.narrative import format_value, narrative_lines


def run_demo(console: Console, out_dir: Path) -> None:
    """Replay the baseline (run 0 of its default seed) and write narrative and outcome."""
    from sim.runner import build_model
    from sim.scenario import load_scenario

    spec = load_scenario("baseline")
    model, drawn = build_model(spec, 0, spec.seed)
    outcome = model.run()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "baseline_narrative.md").write_text(
        f"# {spec.title}\n\nSeed {spec.seed}, run 0.\n\n```\n"
        + "\n".join(narrative_lines(model))
        + "\n```\n",
        encoding="utf-8",
    )
    row = {k: format_value(v) for k, v in {**outcome, **drawn}.items()}
    (out_dir / "baseline_outcome.json").write_text(json.dumps(row, indent=2), encoding="utf-8")
    for line in narrative_lines(model):
        console.print(line, highlight=False)
    console.print(f"\n[bold green]Results written to {out_dir.resolve()}[/]")
