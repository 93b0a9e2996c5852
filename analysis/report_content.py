"""What the comparison report says, section by section (rendering is in :mod:`analysis.report`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from analysis.fidelity import brier_sentences, brier_summary
from analysis.folder import Batch
from analysis.labels import percent
from analysis.report import (
    Block,
    Bullets,
    Contents,
    FigureBlock,
    Heading,
    Paragraph,
    ReportContent,
    Table,
    fidelity_tables,
    scenario_table,
    shift_sentences,
)
from analysis.summary import IntervalSource, definitions
from analysis.summary import formatted as summary_frame

FIDELITY_METHOD = (
    "A decision point whose historical option is a change of course matches in a run when the "
    "named actor (any instance of a kind) first takes that option inside the window: earlier is "
    "a miss, and so is never. One whose historical option is the status quo matches when the "
    "actor (every instance of a kind) holds it on every day of the window. The model's forecast "
    "is the share of runs that match; its Brier score is (1 − share)². Two naive forecasts that "
    "do not read the model: a fixed 1/k for k options, and the status quo (right when history "
    "kept it, wrong otherwise). For a change of course, the runs that missed are split by when "
    "they first took history's option: before the window, after it, or never. An observable "
    "matches when the outcome equals its value or lies in its range."
)


@dataclass(frozen=True)
class ReportFacts:
    """The numbers the report is written from."""

    batch: Batch
    baseline: str
    headline: pd.DataFrame  # analysis.summary.scenario_summary
    intervals: IntervalSource
    summary: pd.DataFrame  # analysis.tables.outcome_summary
    paired: pd.DataFrame  # analysis.tables.paired_differences
    fidelity: pd.DataFrame
    extra: Sequence[Block] = ()  # further sections (scenario discovery), before provenance


def build_content(
    facts: ReportFacts,
    figures: Sequence[FigureBlock],
    left_out: Sequence[tuple[str, str]],
) -> ReportContent:
    """The whole report: answers first (headline table and collapse curve), a table of contents,
    details per scenario, figures, fidelity, further sections, and provenance last."""
    batch, baseline = facts.batch, facts.baseline
    content = ReportContent(f"What the {len(batch.scenarios)} scenarios say: {batch.folder.name}")
    headline_curve = [f for f in figures if f.png.stem == "collapse_curve"]
    others = [f for f in figures if f.png.stem != "collapse_curve"]
    content.blocks += answers(facts, headline_curve)
    sections: list[list[Block]] = [
        definitions_section(facts.intervals),
        scenarios_section(facts),
        figures_section(others, left_out),
        fidelity_section(facts.fidelity, baseline),
        list(facts.extra),
        provenance(batch, baseline),
    ]
    headings = [b for part in sections for b in part if isinstance(b, Heading) and b.level == 2]
    content.blocks += [Heading("Contents"), Contents(headings)]
    for part in sections:
        content.blocks += part
    return content


def answers(facts: ReportFacts, curve: Sequence[FigureBlock]) -> list[Block]:
    """The first screen: one row per scenario in words and dates, then the collapse curve."""
    batch = facts.batch
    runs = batch.outcomes.groupby("scenario", sort=False).size()
    seed = batch.manifest.get("seed")
    seed_text = f", batch seed {seed}" if seed is not None else ""
    names = {name: scenario_name(batch, name, facts.baseline) for name in batch.scenarios}
    lead = (
        f"{int(runs.sum()):,} runs ({runs.min():,}–{runs.max():,} per scenario{seed_text}). "
        "In brackets: 90 % intervals of probabilities (parameter uncertainty included; see the "
        "definitions) and the dates of 90 % of the runs."
    )
    if runs.min() == runs.max():
        lead = lead.replace(f"{runs.min():,}–{runs.max():,} per scenario", f"{runs.min():,} each")
    blocks: list[Block] = [Paragraph(lead, css="lead")]
    blocks.append(Table(summary_frame(facts.headline, names), css="summary"))
    blocks += [replace(figure, css="headline") for figure in curve]
    return blocks


def scenario_name(batch: Batch, name: str, baseline: str) -> str:
    """A scenario as the summary shows it: its name on one line (titles are in its section)."""
    return f"`{name}` (baseline)" if name == baseline else f"`{name}`"


def definitions_section(intervals: IntervalSource) -> list[Block]:
    """What each headline column counts (one definition per label) and where intervals come from."""
    return [
        Heading("What the headline numbers mean"),
        Bullets([*definitions(), f"**Intervals of probabilities**: {intervals.description}."]),
    ]


def scenarios_section(facts: ReportFacts) -> list[Block]:
    """Per scenario: its question, its clearest shifts from the baseline and its outcome table."""
    batch, baseline = facts.batch, facts.baseline
    binary = set(facts.summary.loc[facts.summary["statistic"] == "share", "outcome"])
    blocks: list[Block] = [
        Heading("Scenario by scenario"),
        Paragraph(
            "Shares come with 95 % Wilson intervals, numeric outcomes with the 5–95 % range of "
            "their runs, dated events with the date range of the runs in which they happen. "
            "Differences are scenario − baseline over paired runs (same run number, same random "
            "numbers), with bootstrap 95 % intervals; pairs with a missing value are dropped and "
            "n counts those kept. Days the regime stands counts every run (the whole period when "
            "the regime survives)."
        ),
    ]
    sentences = shift_sentences(facts.paired, baseline, binary) if not facts.paired.empty else []
    for scenario in batch.scenarios:
        resolved = batch.resolved(scenario)
        title = f"`{scenario}` (baseline)" if scenario == baseline else f"`{scenario}`"
        blocks.append(Heading(title, 3))
        title, question = resolved.get("title"), resolved.get("question")
        text = " ".join(part for part in (f"**{title}.**" if title else "", question or "") if part)
        if text:
            blocks.append(Paragraph(text))
        mine = [s for s in sentences if s.startswith(f"In `{scenario}` ")]
        if mine:
            blocks.append(Bullets(mine))
        start = batch.period_start(scenario)
        blocks.append(Table(scenario_table(facts.summary, facts.paired, scenario, binary, start)))
    return blocks


def provenance(batch: Batch, baseline: str) -> list[Block]:
    """Last: which batch, how it was made, which scenarios it holds."""
    counts = batch.outcomes.groupby("scenario", sort=False).size()
    blocks: list[Block] = [
        Heading("Provenance"),
        Paragraph(
            f"Batch folder `{batch.folder}`: {len(batch.scenarios)} scenario(s), "
            f"{int(counts.sum())} runs; baseline `{baseline}`. Computed from the batch files only "
            "(the model was not re-run)."
        ),
    ]
    facts = manifest_facts(batch.manifest)
    if facts:
        blocks.append(Bullets(facts))
    items = []
    for scenario in batch.scenarios:
        title = batch.resolved(scenario).get("title") or ""
        text = f"`{scenario}`" + (" (baseline)" if scenario == baseline else "")
        items.append(text + f", {counts[scenario]} runs" + (f": {title}" if title else ""))
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


def figures_section(
    figures: Sequence[FigureBlock], left_out: Sequence[tuple[str, str]]
) -> list[Block]:
    """The figures written, then those left out with the reason."""
    blocks: list[Block] = [Heading("Figures, all scenarios")]
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
