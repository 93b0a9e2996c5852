"""Typer command functions for ``axis-sim compare``, ``discover`` and ``fidelity``.

A light module: the analysis (pandas, matplotlib) is imported inside the functions, so that
registering the commands in :mod:`sim.cli.app` costs nothing at start-up. An
:class:`analysis.folder.AnalysisError` prints its message on stderr and exits with code 2.
"""

from __future__ import annotations

import contextlib
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
    force: Annotated[
        bool, typer.Option("--force", help="Write into --out even if it holds other files.")
    ] = False,
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
    given_history: Annotated[
        bool,
        typer.Option(
            "--given-history",
            help="Also report each counterfactual's effect from history's state at its branch "
            "date D: only the pairs (baseline run i, counterfactual run i) whose shared path "
            "before D matched history's decision points.",
        ),
    ] = False,
) -> None:
    """Compare the scenarios of a batch: figures (PNG, SVG), report.md and report.html.

    Examples:

      axis-sim compare results/demo/batch

      axis-sim compare results/demo/batch --scenarios iran_all_in,iraq_sends_army --out briefing/

      axis-sim compare results/demo/batch --given-history
    """
    from analysis.compare import run_compare
    from analysis.folder import AnalysisError
    from sim.batch.ownership import claim_folder, lock_owner

    def recognise(folder: Path) -> bool:
        own = (folder / "report.md").exists() or (folder / "report.html").exists()
        return own or lock_owner(folder).get("kind") == "report"

    console = Console()
    chosen = [name.strip() for name in scenarios.split(",") if name.strip()] if scenarios else None
    with contextlib.ExitStack() as stack:
        if out is not None:  # the default BATCH_DIR/report lies in the batch's own folder
            stack.enter_context(claim_folder(out, force=force, kind="report", recognise=recognise))
        try:
            result = run_compare(
                batch_dir, baseline, out, scenarios=chosen, discover=discover, history=given_history
            )
        except AnalysisError as error:
            raise fail(str(error)) from None
    console.print(
        f"Compared {len(result.scenarios)} scenario(s) against [bold]{escape(result.baseline)}[/]."
    )
    figures = sorted({p.stem for p in result.written if p.suffix == ".png"})
    console.print(f"Figures: {escape(', '.join(figures)) or 'none'}")
    for name, reason in result.left_out:
        console.print(f"[yellow]Left out {escape(name)}:[/] {escape(reason)}")
    if result.given_history is not None:
        console.print(given_history_rich(result.given_history))
    console.print(f"Report: {escape(str(result.report_md))} and {escape(str(result.report_html))}")


def given_history_rich(result: Any) -> Table:
    """Each counterfactual's effect given history before D (result: a GivenHistory)."""
    from analysis.given_history_report import terminal

    frame = terminal(result)
    table = Table(
        title=f"Given history before D (pairs with {escape(result.baseline)} run i)",
        title_justify="left",
        show_edge=False,  # fits 80 columns
        caption="Kept: pairs whose path before D matched history. Δ: counterfactual − baseline "
        "over the kept pairs (collapse by 31 Dec in points; days the regime stands), 90 % "
        "bootstrap interval.",
        caption_justify="left",
    )
    table.add_column("Counterfactual", no_wrap=True, overflow="ellipsis", max_width=22)
    for column in frame.columns[1:]:
        table.add_column(escape(str(column)), justify="right")
    for row in frame.itertuples(index=False):
        table.add_row(*(escape(str(cell)) for cell in row))
    return table


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

    Examples:

      axis-sim discover results/demo/batch --outcome regime_collapsed --case no

      axis-sim discover results/demo/batch --scenario baseline
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
    """How often the runs match history in time, Brier scores against 1/k and the status quo,
    with calibration fit and validation skill apart.

    Examples:

      axis-sim fidelity results/demo/batch
    """
    from analysis.fidelity import brier_sentences, brier_summary, skill_interval
    from analysis.folder import AnalysisError, load_batch

    try:
        batch = load_batch(batch_dir)
        from analysis.fidelity import batch_fidelity

        table = batch_fidelity(batch)
    except AnalysisError as error:
        raise fail(str(error)) from None
    console = Console()
    if table.empty:
        console.print("No scenario of this batch declares decision points or observables.")
        return
    runs = batch.runs()
    for scenario, rows in table.groupby("scenario", sort=False):
        decisions = rows[rows["item"] == "decision"]
        observables = rows[rows["item"] == "observable"]
        if not decisions.empty:
            console.print(decision_table(str(scenario), decisions))
            timed = decisions[decisions["rule"] != "held"]
            if not timed.empty:
                console.print(timing_table(str(scenario), timed))
        if not observables.empty:
            console.print(observable_table(str(scenario), observables))
        own = runs[runs["scenario"] == scenario]
        for role, name in (("calibration", "Calibration fit"), ("validation", "Validation skill")):
            scores = brier_summary(rows, role=role)
            if scores.empty:
                continue
            skill, low, high = skill_interval(batch.decisions, own, batch.resolved(scenario), role)
            console.print(
                f"[bold]{name}[/] ({int(scores['n_points'].iloc[0])} decision points "
                f"with role {role}): skill against 1/k {skill:+.0%} (90 %: {low:+.0%} to "
                f"{high:+.0%}, bootstrap over runs)."
            )
            for sentence in brier_sentences(scores.iloc[0].to_dict()):
                console.print(escape(sentence))
        console.print()


def share_text(share: float) -> str:
    """``81%`` (or n/a when the outcome is missing)."""
    return "n/a" if share != share else f"{share:.0%}"


def decision_table(scenario: str, rows: Any) -> Table:
    """One scenario's decision points as a rich table (rows: a fidelity DataFrame), 80 columns
    wide: the Brier score of a point is (1 - match)^2, so the table shows the match and 1/k."""
    table = Table(
        title=f"{scenario}: decision points ({rows['n_runs'].iloc[0]} runs)",
        title_justify="left",
        show_edge=False,  # fits 80 columns
        caption="Match: runs that first take history's change of course inside its window, or "
        "hold history's status quo through it; 1/k: the fixed reference. Date: CRPS in days of "
        "the first day taken, model / a date spread over the month. Role: cal(ibration) targets "
        "were used to set parameters; val(idation) items were not.",
        caption_justify="left",
    )
    table.add_column("Decision point", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("History", no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column("Role", no_wrap=True)
    for column in ("Match", "1/k", "Date"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows.itertuples(index=False):
        dated = row.crps_model == row.crps_model  # NaN for a held status quo
        table.add_row(
            escape(str(row.id)),
            escape(str(row.historical)),
            "cal" if row.role == "calibration" else "val",
            share_text(row.share_match),
            f"{1 - row.brier_uniform**0.5:.0%}",
            f"{row.crps_model:.1f} / {row.crps_uniform:.1f}" if dated else "held",
        )
    return table


def timing_table(scenario: str, rows: Any) -> Table:
    """When the runs first took history's option, for each change of course: before its
    window, in it (the match), after it, or not in the period; a miss of timing reads apart
    from a miss of choice."""
    table = Table(
        title=f"{scenario}: when the runs first took history's option",
        title_justify="left",
        show_edge=False,  # fits 80 columns
    )
    table.add_column("Decision point", no_wrap=True)
    table.add_column("History", no_wrap=True, overflow="ellipsis", max_width=14)
    for column in ("Early", "In window", "Late", "Never"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows.itertuples(index=False):
        shares = (row.share_early, row.share_match, row.share_late, row.share_never)
        table.add_row(
            escape(str(row.id)),
            escape(str(row.historical)),
            *(share_text(share) for share in shares),
        )
    return table


def observable_table(scenario: str, rows: Any) -> Table:
    """One scenario's observables as a rich table (rows: a fidelity DataFrame)."""
    table = Table(
        title=f"{scenario}: observables ({rows['n_runs'].iloc[0]} runs)",
        title_justify="left",
        show_edge=False,  # fits 80 columns
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
