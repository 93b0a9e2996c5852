"""Typer command functions for ``axis-sim compare``, ``discover`` and ``fidelity``.

A light module: the analysis (pandas, matplotlib) is imported inside the functions, so that
registering the commands in :mod:`sim.cli.app` costs nothing at start-up. An
:class:`analysis.folder.AnalysisError` prints its message on stderr and exits with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sim.cli.console import fail

BatchDir = Annotated[Path, typer.Argument(help="Batch folder written by `axis-sim batch`.")]


def compare_command(
    batch_dir: BatchDir,
    baseline: Annotated[
        str | None,
        typer.Option(help="Scenario to compare against (default: 'baseline', else the first)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for figures and report (default: BATCH_DIR/report).")
    ] = None,
    scenarios: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated scenarios drawn beside the baseline on the report's first "
            "screen (default: the 3 most different)."
        ),
    ] = None,
    discover: Annotated[
        bool,
        typer.Option(
            "--discover/--no-discover",
            help="Add 'Under which conditions does Assad survive?' (PRIM; needs the "
            "[discovery] extra).",
        ),
    ] = True,
) -> None:
    """Compare the scenarios of a batch: figures (PNG, SVG), report.md and report.html.

    Example: axis-sim compare results/demo/batch --scenarios iran_all_in,iraq_sends_army
    """
    from analysis.compare import run_compare
    from analysis.folder import AnalysisError

    console = Console()
    chosen = [name.strip() for name in scenarios.split(",") if name.strip()] if scenarios else None
    try:
        result = run_compare(batch_dir, baseline, out, scenarios=chosen, discover=discover)
    except AnalysisError as error:
        raise fail(str(error)) from None
    console.print(
        f"Compared {len(result.scenarios)} scenario(s) against [bold]{escape(result.baseline)}[/]."
    )
    figures = sorted({p.stem for p in result.written if p.suffix == ".png"})
    console.print(f"Figures: {escape(', '.join(figures)) or 'none'}")
    for name, reason in result.left_out:
        console.print(f"[yellow]Left out {escape(name)}:[/] {escape(reason)}")
    console.print(f"Report: {escape(str(result.report_md))} and {escape(str(result.report_html))}")


def discover_command(
    batch_dir: BatchDir,
    outcome: Annotated[
        str,
        typer.Option(help="A yes/no outcome (regime_collapsed, iran_lets_go, …) or a numeric one."),
    ] = "regime_collapsed",
    threshold: Annotated[
        float | None,
        typer.Option(help="For a numeric outcome: a case is a value >= THRESHOLD."),
    ] = None,
    case: Annotated[
        str, typer.Option(help="Which answer is the case of interest: yes or no.")
    ] = "yes",
    scenario: Annotated[
        str | None, typer.Option(help="Only the runs of this scenario (default: every run).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for the figure and section (default: BATCH_DIR/report)."),
    ] = None,
) -> None:
    """Scenario discovery: PRIM boxes of drawn parameters where the outcome's cases concentrate.

    Example: axis-sim discover results/demo/batch --outcome regime_collapsed --case no
    --scenario baseline
    """
    from analysis.discovery import discover
    from analysis.discovery_report import boxes_table, sentences, write_discovery
    from analysis.folder import AnalysisError, load_batch
    from analysis.report import ReportContent, render_markdown

    try:
        batch = load_batch(batch_dir)
        found = discover(batch.outcomes, outcome, threshold, case, scenario)
    except AnalysisError as error:
        raise fail(str(error)) from None
    console = Console()
    where = f" in {scenario}" if scenario else ""
    console.print(
        f"Case: {escape(found.case)}{escape(where)}: {found.n_cases:,} of {found.n_runs:,} runs "
        f"({found.base_density:.0%})."
    )
    console.print(boxes_rich(boxes_table(found)))
    for sentence in sentences(found):
        console.print(escape(sentence.replace("`", "")))
    folder = Path(out) if out is not None else batch.folder / "report"
    stem = f"discovery_{outcome}" + (f"_{scenario}" if scenario else "")
    paths, blocks = write_discovery(found, folder, stem)
    section = folder / f"{stem}.md"
    section.write_text(render_markdown(ReportContent(blocks[0].text, blocks[1:]), folder))
    console.print(f"Figure: {escape(str(paths[0]))}; section: {escape(str(section))}")


def boxes_rich(boxes: Any) -> Table:
    """The PRIM boxes as a rich table (boxes: a DataFrame from boxes_table)."""
    table = Table(title="PRIM boxes", title_justify="left")
    for column in ("Box", "Coverage", "Density", "Runs"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("Limits")
    for row in boxes.itertuples(index=False):
        table.add_row(
            str(row.box),
            f"{row.coverage:.0%}",
            f"{row.density:.0%}",
            f"{row.runs_in_box:,}",
            escape(row.limits.replace("`", "")),
        )
    return table


def fidelity_command(batch_dir: BatchDir) -> None:
    """How often the runs match history, and Brier scores against two naive forecasts."""
    from analysis.fidelity import brier_sentences, brier_summary, fidelity_table
    from analysis.folder import AnalysisError

    try:
        table = fidelity_table(batch_dir)
    except AnalysisError as error:
        raise fail(str(error)) from None
    console = Console()
    if table.empty:
        console.print("No scenario of this batch declares decision points or observables.")
        return
    scores = brier_summary(table).set_index("scenario")
    for scenario, rows in table.groupby("scenario", sort=False):
        decisions = rows[rows["item"] == "decision"]
        observables = rows[rows["item"] == "observable"]
        if not decisions.empty:
            console.print(decision_table(str(scenario), decisions))
        if not observables.empty:
            console.print(observable_table(str(scenario), observables))
        if scenario in scores.index:
            for sentence in brier_sentences(scores.loc[scenario].to_dict()):
                console.print(escape(sentence))
        console.print()


def share_text(share: float) -> str:
    """``81%`` (or n/a when the outcome is missing)."""
    return "n/a" if share != share else f"{share:.0%}"


def decision_table(scenario: str, rows: Any) -> Table:
    """One scenario's decision points as a rich table (rows: a fidelity DataFrame)."""
    table = Table(
        title=f"{scenario}: decision points ({rows['n_runs'].iloc[0]} runs)",
        title_justify="left",
        caption="Match: runs choosing the historical option. Brier scores (lower is better) of "
        "the model, a uniform choice and the status quo.",
        caption_justify="left",
    )
    table.add_column("Decision point", no_wrap=True)
    table.add_column("Historical", min_width=12, no_wrap=True, overflow="ellipsis")
    for column in ("Match", "Brier", "Unif.", "SQ"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows.itertuples(index=False):
        table.add_row(
            escape(str(row.id)),
            escape(str(row.historical)),
            share_text(row.share_match),
            f"{row.brier_model:.3f}",
            f"{row.brier_uniform:.3f}",
            f"{row.brier_status_quo:.3f}",
        )
    return table


def observable_table(scenario: str, rows: Any) -> Table:
    """One scenario's observables as a rich table (rows: a fidelity DataFrame)."""
    table = Table(
        title=f"{scenario}: observables ({rows['n_runs'].iloc[0]} runs)", title_justify="left"
    )
    table.add_column("Observable", no_wrap=True)
    table.add_column("Outcome", no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column("Historical", no_wrap=True, overflow="ellipsis", min_width=10)
    table.add_column("Match", justify="right", no_wrap=True, min_width=5)
    for row in rows.itertuples(index=False):
        table.add_row(
            escape(str(row.id)),
            escape(str(row.subject)),
            escape(str(row.historical)),
            share_text(row.share_match),
        )
    return table
