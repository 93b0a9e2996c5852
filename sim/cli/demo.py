"""``axis-sim demo``, the main job behind ``make demo``: what a newcomer runs first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

DEMO_SEED = 20241127
DEMO_RUNS = 200
"""Runs per bundled scenario. The README's results table uses the same runs and seed
(scripts/update_readme_results.py reads both from here), so the demo's report shows its numbers."""


def run_demo(
    console: Console, out_dir: Path, runs: int = DEMO_RUNS, workers: int | None = None
) -> int:
    """Batch every bundled scenario, compare them with the baseline, replay one baseline run.

    Returns the exit status (0 when every run succeeded and the report was written).
    """
    from analysis.compare import run_compare
    from sim.batch import BatchConfig, run_batch
    from sim.run.narrative import narrative_lines
    from sim.run.runner import build_model
    from sim.scenario import bundled_scenarios, load_scenario

    names = [path.stem for path in bundled_scenarios()]
    console.rule(f"[bold]axis-sim demo[/]: {len(names)} scenarios × {runs} runs, seed {DEMO_SEED}")
    batch_dir = out_dir / "batch"
    result = run_batch(
        BatchConfig(scenarios=names, runs=runs, seed=DEMO_SEED, out=batch_dir, workers=workers,
                    timeseries=True, force=True)
    )  # fmt: skip
    if result.status != "complete":
        console.print(f"[red]batch {result.status}; see {batch_dir / 'manifest.json'}[/]")
        return result.exit_code
    report = run_compare(batch_dir, "baseline", batch_dir / "report")
    spec = load_scenario("baseline")
    model, _ = build_model(spec, 0, DEMO_SEED)
    model.run()
    narrative = out_dir / "baseline_narrative.md"
    narrative.write_text(
        f"# {spec.title}\n\nRun 0 of the demo batch (seed {DEMO_SEED}); replay it with "
        f"`axis-sim run baseline --seed {DEMO_SEED} --run 0`.\n\n```\n"
        + "\n".join(narrative_lines(model)) + "\n```\n",
        encoding="utf-8",
    )  # fmt: skip
    console.print(f"\n[bold green]Done.[/] Results in {out_dir.resolve()}:")
    console.print(f"  batch tables   {batch_dir.resolve()} (outcomes, decisions, timeseries)")
    console.print(f"  report         {report.report_html.resolve()}")
    console.print(f"  figures        {(batch_dir / 'report').resolve()}")
    console.print(f"  one narrative  {narrative.resolve()}")
    for name, reason in report.left_out:
        console.print(f"  [yellow]left out {name}[/]: {reason}")
    return result.exit_code


def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the results.")] = Path(
        "results/demo"
    ),
    runs: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Runs per bundled scenario.")
    ] = DEMO_RUNS,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write into --out even if it holds other files.")
    ] = False,
) -> None:
    """The main job: every bundled scenario in one seeded batch, compared with the baseline.

    Examples:

      axis-sim demo

      axis-sim demo --out results/demo --runs 100
    """
    from sim.batch.ownership import claim_folder, lock_owner

    def recognise(folder: Path) -> bool:
        own = (folder / "baseline_narrative.md").exists() or (folder / "batch").is_dir()
        return own or lock_owner(folder).get("kind") == "demo"

    with claim_folder(out_dir, force=force, kind="demo", recognise=recognise):
        status = run_demo(Console(soft_wrap=True), out_dir, runs=runs, workers=workers)
    raise typer.Exit(status)
