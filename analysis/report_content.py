"""What the comparison report says, section by section (rendering is in :mod:`analysis.report`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.fidelity import brier_sentences, brier_summary
from analysis.folder import Batch
from analysis.labels import percent
from analysis.report import (
    Block,
    Bullets,
    FigureBlock,
    Heading,
    Paragraph,
    ReportContent,
    Table,
    fidelity_tables,
    scenario_table,
    shift_sentences,
)

FIDELITY_METHOD = (
    "A decision point matches in a run when the named actor (every instance of a kind) chose the "
    "historical option in the window (`match: any`: at least once; `match: all`: every time). "
    "Its Brier score is the mean over runs of (1 − p)², p the mean probability the run's rows "
    "gave the historical option (0 when the actor took no such decision in the window). Naive "
    "forecasts: a uniform choice among the options (p = 1/k) and the status quo (p = 1 when the "
    "status quo is what happened, else 0). An observable matches when the outcome equals its "
    "value or lies in its range."
)


def build_content(
    batch: Batch,
    baseline: str,
    figures: Sequence[FigureBlock],
    left_out: Sequence[tuple[str, str]],
    summary: pd.DataFrame,
    paired: pd.DataFrame,
    fidelity: pd.DataFrame,
) -> ReportContent:
    """The whole report: overview, largest shifts, figures, tables per scenario, fidelity."""
    binary = set(summary.loc[summary["statistic"] == "share", "outcome"])
    content = ReportContent(f"axis-sim comparison: {batch.folder.name}")
    content.blocks += overview(batch, baseline)
    content.blocks += shifts_section(paired, baseline, binary, len(batch.scenarios))
    content.blocks += figures_section(figures, left_out)
    content.blocks.append(Heading("Outcomes by scenario"))
    content.blocks.append(
        Paragraph(
            "Shares come with 95 % Wilson intervals, numeric outcomes with the 5–95 % range of "
            "their runs. Differences are scenario − baseline over paired runs (same run number, "
            "same random numbers), with bootstrap 95 % intervals; pairs with a missing value are "
            "dropped and n counts those kept. Missing day outcomes mean the event did not happen."
        )
    )
    for scenario in batch.scenarios:
        title = f"`{scenario}` (baseline)" if scenario == baseline else f"`{scenario}`"
        content.blocks.append(Heading(title, 3))
        content.blocks.append(Table(scenario_table(summary, paired, scenario, binary)))
    content.blocks += fidelity_section(fidelity, baseline)
    return content


def overview(batch: Batch, baseline: str) -> list[Block]:
    """What batch this is, which scenarios it holds and which one is the baseline."""
    counts = batch.outcomes.groupby("scenario", sort=False).size()
    blocks: list[Block] = [
        Paragraph(
            f"Batch folder `{batch.folder}`: {len(batch.scenarios)} scenario(s), "
            f"{int(counts.sum())} runs; baseline `{baseline}`. Computed from the batch files only "
            "(the model was not re-run)."
        )
    ]
    facts = manifest_facts(batch.manifest)
    if facts:
        blocks.append(Bullets(facts))
    blocks.append(Heading("Scenarios"))
    items = []
    for scenario in batch.scenarios:
        resolved = batch.resolved(scenario)
        title = resolved.get("title") or ""
        question = resolved.get("question") or ""
        text = f"`{scenario}`" + (" (baseline)" if scenario == baseline else "")
        text += f", {counts[scenario]} runs" + (f": {title}" if title else "")
        items.append(text + (f". {question}" if question else ""))
    items += [f"`{s}`: listed in the manifest but no run" for s in batch.scenarios_without_runs()]
    blocks.append(Bullets(items))
    return blocks


def manifest_facts(manifest: dict[str, Any]) -> list[str]:
    """Short facts from the manifest's top-level entries (values shown, lists counted)."""
    facts = []
    for key, value in manifest.items():
        if key == "scenarios" or isinstance(value, dict):
            continue
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value) if value else "none"
            facts.append(f"{key}: {text}" if len(text) <= 120 else f"{key}: {len(value)} entries")
        elif value is not None and len(str(value)) <= 120:
            facts.append(f"{key}: {value}")
    return facts


def shifts_section(
    paired: pd.DataFrame, baseline: str, binary: set[str], n_scenarios: int
) -> list[Block]:
    """Plain sentences on each scenario's largest shifts from the baseline."""
    blocks: list[Block] = [Heading("Largest shifts from the baseline")]
    if n_scenarios < 2 or paired.empty:
        blocks.append(Paragraph("The batch holds a single scenario: there is nothing to compare."))
        return blocks
    blocks.append(
        Paragraph(
            "Per scenario, among the outcomes whose paired 95 % interval excludes 0: the two "
            "yes/no outcomes that change most (in percentage points) and the two numeric outcomes "
            "that change most (in pooled standard deviations)."
        )
    )
    blocks.append(Bullets(shift_sentences(paired, baseline, binary)))
    return blocks


def figures_section(
    figures: Sequence[FigureBlock], left_out: Sequence[tuple[str, str]]
) -> list[Block]:
    """The figures written, then those left out with the reason."""
    blocks: list[Block] = [Heading("Figures")]
    for figure in figures:
        blocks += [Heading(figure.title, 3), figure]
    if left_out:
        blocks.append(Heading("Figures left out", 3))
        blocks.append(Bullets([f"`{name}`: {reason}" for name, reason in left_out]))
    return blocks


def fidelity_section(fidelity: pd.DataFrame, baseline: str) -> list[Block]:
    """How closely the baseline's runs follow history, and Brier scores against naive forecasts."""
    blocks: list[Block] = [
        Heading(f"Fidelity to history (`{baseline}`)"),
        Paragraph(FIDELITY_METHOD),
    ]
    mine = fidelity[fidelity["scenario"] == baseline]
    if mine.empty:
        blocks.append(Paragraph("The baseline declares no decision point and no observable."))
        return blocks
    scores = brier_summary(fidelity)
    own = scores[scores["scenario"] == baseline]
    if not own.empty:
        blocks.append(Bullets(brier_sentences(own.iloc[0].to_dict())))
    decisions, observables = fidelity_tables(mine)
    if not decisions.empty:
        blocks += [Heading("Decision points", 3), Table(decisions)]
    if not observables.empty:
        blocks += [Heading("Observables", 3), Table(observables)]
    if len(scores) > 1:
        blocks += [Heading("Brier scores of every scenario", 3), Table(brier_overview(scores))]
    return blocks


def brier_overview(scores: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: mean Brier of the model and the two naive forecasts, and the skill scores."""

    def skill(value: float) -> str:
        return percent(value, signed=True)

    return pd.DataFrame(
        {
            "Scenario": "`" + scores["scenario"] + "`",
            "Decision points": scores["n_points"],
            "Brier model": scores["brier_model"].map("{:.3f}".format),
            "Brier uniform": scores["brier_uniform"].map("{:.3f}".format),
            "Brier status quo": scores["brier_status_quo"].map("{:.3f}".format),
            "Skill vs uniform": scores["skill_vs_uniform"].map(skill),
            "Skill vs status quo": scores["skill_vs_status_quo"].map(skill),
        }
    )
