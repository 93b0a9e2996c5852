"""``axis-sim compare``: figures and a report comparing the scenarios of one batch folder.

Reads the batch files only (it never re-runs the model), prepares one tidy table per figure
(:mod:`analysis.tables`, :mod:`analysis.fidelity`), draws it (:mod:`analysis.plots`) and writes
PNG, SVG and CSV per figure, ``report.md`` and a self-contained ``report.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import plots, survival, survival_plots, tables
from analysis.fidelity import batch_fidelity, decision_points, decision_shares, forced_levers
from analysis.folder import AnalysisError, Batch, FigureUnavailable, choose_baseline, load_batch
from analysis.given_history import GivenHistory, given_history
from analysis.given_history_report import section as given_history_section
from analysis.labels import FAN_VARIABLES, PAIRED_NUMERIC_OUTCOMES
from analysis.palette import ScenarioStyle, scenario_styles
from analysis.report import FigureBlock, Heading, Paragraph, render_html, render_markdown
from analysis.report_content import ReportFacts, build_content
from analysis.stats import BOOTSTRAP_RESAMPLES
from analysis.summary import IntervalSource, over_members, scenario_summary

Drawn = tuple[pd.DataFrame, Figure]


@dataclass
class CompareResult:
    """What ``compare`` wrote, and which figures it left out and why."""

    batch_dir: Path
    out_dir: Path
    baseline: str
    scenarios: tuple[str, ...]
    written: list[Path] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    given_history: GivenHistory | None = None  # with ``--given-history``

    @property
    def report_md(self) -> Path:
        """The Markdown report."""
        return self.out_dir / "report.md"

    @property
    def report_html(self) -> Path:
        """The self-contained HTML report."""
        return self.out_dir / "report.html"


@dataclass(frozen=True)
class FigureInputs:
    """What every figure is drawn from: the batch, its baseline and the scenario styles."""

    batch: Batch
    baseline: str
    styles: dict[str, ScenarioStyle]
    km: pd.DataFrame
    outcomes: pd.DataFrame  # the batch's outcomes with the derived days the regime stands
    chosen: tuple[str, ...] = ()
    resamples: int = BOOTSTRAP_RESAMPLES


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: file stem, title and caption."""

    name: str
    title: str
    caption: str


def draw_survival(inputs: FigureInputs) -> Drawn:
    """Figure 1: the share of runs in which the regime still stands, every scenario."""
    return inputs.km, survival_plots.plot_survival(inputs.km, inputs.styles)


def draw_headline_curve(inputs: FigureInputs) -> Drawn:
    """The first screen's curve: the baseline and the chosen scenarios, overlaid and labelled."""
    chosen = [inputs.baseline, *[s for s in inputs.chosen if s != inputs.baseline]]
    data = inputs.km[inputs.km["scenario"].isin(chosen)]
    return data, survival_plots.plot_survival(data, inputs.styles, chosen)


def draw_binary(inputs: FigureInputs) -> Drawn:
    """Figure 2: key yes/no outcomes with Wilson intervals."""
    data = tables.binary_outcome_shares(inputs.batch.outcomes)
    return data, plots.plot_binary_outcomes(data, inputs.styles)


def draw_paired(inputs: FigureInputs) -> Drawn:
    """Figure 3: paired differences from the baseline."""
    if len(inputs.batch.scenarios) < 2:
        raise FigureUnavailable("the batch holds a single scenario: nothing to compare with")
    data = tables.paired_differences(
        inputs.outcomes, inputs.baseline, PAIRED_NUMERIC_OUTCOMES, inputs.resamples
    )
    if data.empty:
        raise FigureUnavailable(
            f"outcomes.parquet has none of {', '.join(PAIRED_NUMERIC_OUTCOMES)}"
        )
    return data, plots.plot_paired_differences(data, inputs.styles, inputs.baseline)


def draw_fans(inputs: FigureInputs) -> Drawn:
    """Figure 4: fan charts of the daily paths."""
    batch = inputs.batch
    data = tables.fan_quantiles(batch.timeseries, FAN_VARIABLES, batch.period_starts())
    return data, plots.plot_fan_charts(data, inputs.styles)


def draw_decisions(inputs: FigureInputs) -> Drawn:
    """Figure 5: the baseline's decision points, option shares per scenario."""
    points = decision_points(inputs.batch.resolved(inputs.baseline))
    if not points:
        raise FigureUnavailable(f"the baseline {inputs.baseline!r} declares no decision points")
    data = decision_shares(inputs.batch.decisions, inputs.batch.runs(), points)
    resolved = {name: inputs.batch.resolved(name) for name in inputs.batch.scenarios}
    return data, plots.plot_decision_timeline(data, inputs.styles, forced_levers(resolved))


def draw_cities(inputs: FigureInputs) -> Drawn:
    """Figure 6: city-fall dates against the historical ones."""
    batch, baseline = inputs.batch, inputs.baseline
    data = tables.city_fall_dates(batch.outcomes, batch.period_starts())
    history = tables.historical_city_falls(batch.resolved(baseline), batch.period_start(baseline))
    return data, plots.plot_city_falls(data, history, inputs.styles)


HEADLINE_FIGURE = FigureSpec(
    "collapse_curve",
    "Is the regime still standing?",
    "Share of runs in which the regime still stands on each date (Kaplan–Meier estimate with its "
    "90 % band; the regime's survival to 31 Dec counts, as a run censored on the last day). "
    "Grey dashed: the historical collapse, 8 Dec 2024.",
)

FIGURES: tuple[tuple[FigureSpec, Callable[[FigureInputs], Drawn]], ...] = (
    (
        FigureSpec(
            "collapse_survival",
            "When the regime collapses, every scenario",
            "Kaplan–Meier curves of the regime's survival with 90 % bands; past four scenarios, "
            "one panel per scenario with the baseline as a thin black reference. Each panel "
            "gives the share of runs with a collapse and the mean days the regime stands to 31 "
            "Dec (restricted mean survival time).",
        ),
        draw_survival,
    ),
    (
        FigureSpec(
            "binary_outcomes",
            "Key yes/no outcomes",
            "Share of runs in which each outcome happens, with 95 % Wilson intervals.",
        ),
        draw_binary,
    ),
    (
        FigureSpec(
            "paired_differences",
            "Differences from the baseline, run by run",
            "Mean of scenario − baseline over runs sharing random numbers (paired on run), with "
            "bootstrap 95 % intervals; n = pairs kept after dropping those with a missing value "
            "(hollow: fewer than 30). Days the regime stands counts every run: a run in which the "
            "regime survives stands the whole period, so the mean difference is the difference in "
            "restricted mean survival time to 31 Dec.",
        ),
        draw_paired,
    ),
    (
        FigureSpec(
            "fan_charts",
            "Daily paths",
            "Median (line), middle 50 % and 90 % of runs (bands) for each day, per scenario.",
        ),
        draw_fans,
    ),
    (
        FigureSpec(
            "decision_timeline",
            "Decision points",
            "For each decision point of the baseline, in date order, the share of runs choosing "
            "each option in its window: solid by the matching rule (with `match: any` a run may "
            "count for several options), light when chosen at least once in the window. ★ marks "
            "the historical choice; levers a scenario forces are named and hatched.",
        ),
        draw_decisions,
    ),
    (
        FigureSpec(
            "city_fall_dates",
            "City-fall dates",
            "Median date and 5–95 % range of the runs in which each city fell, one panel per "
            "city; grey dashed: the historical date from the baseline's observables.",
        ),
        draw_cities,
    ),
)


def save_figure(figure: Figure, data: pd.DataFrame, out: Path, name: str) -> list[Path]:
    """Write a figure as PNG and SVG, and its tidy data as CSV."""
    paths = [out / f"{name}.png", out / f"{name}.svg", out / f"{name}.csv"]
    figure.savefig(paths[0], dpi=150)
    figure.set_layout_engine("none")  # laid out once: the SVG keeps the PNG's layout
    figure.savefig(paths[1])
    data.to_csv(paths[2], index=False)
    return paths


def horizons(batch: Batch) -> dict[str, int]:
    """Days in each scenario's period (first and last day included)."""
    return {
        name: survival.horizon_days(batch.period_start(name), batch.period_end(name))
        for name in batch.scenarios
    }


def choose_scenarios(
    km: pd.DataFrame, batch: Batch, baseline: str, requested: Sequence[str] | None
) -> tuple[str, ...]:
    """The scenarios of the first screen's curve: those requested (checked), else the (up to)
    three whose mean days standing differ most from the baseline's."""
    if not requested:
        return tuple(survival.most_different(km, baseline, 3))
    unknown = [name for name in requested if name not in batch.scenarios]
    if unknown:
        raise AnalysisError(
            f"--scenarios: unknown scenario(s) {', '.join(unknown)}; the batch in {batch.folder} "
            "has: " + ", ".join(batch.scenarios)
        )
    return tuple(dict.fromkeys(name for name in requested if name != baseline))


def prepare(
    batch: Batch, baseline: str, scenarios: Sequence[str] | None, resamples: int
) -> FigureInputs:
    """Everything the figures are drawn from, computed once."""
    spans = horizons(batch)
    km = survival.km_curves(batch.outcomes, batch.period_starts(), spans)
    return FigureInputs(
        batch=batch,
        baseline=baseline,
        styles=scenario_styles(batch.scenarios, baseline),
        km=km,
        outcomes=survival.with_days_standing(batch.outcomes, spans),
        chosen=choose_scenarios(km, batch, baseline, scenarios),
        resamples=resamples,
    )


def draw_all(inputs: FigureInputs, out: Path, result: CompareResult) -> list[FigureBlock]:
    """Draw and write the headline curve and every figure; note the ones left out."""
    blocks = []
    for spec, draw in ((HEADLINE_FIGURE, draw_headline_curve), *FIGURES):
        try:
            data, figure = draw(inputs)
        except FigureUnavailable as reason:
            result.left_out.append((spec.name, str(reason)))
            continue
        paths = save_figure(figure, data, out, spec.name)
        result.written.extend(paths)
        blocks.append(FigureBlock(spec.title, paths[0], paths[1], spec.caption))
    return blocks


def run_compare(
    batch_dir: Path,
    baseline: str | None = None,
    out: Path | None = None,
    resamples: int = BOOTSTRAP_RESAMPLES,
    scenarios: Sequence[str] | None = None,
    intervals: IntervalSource | None = None,
    discover: bool = False,
    history: bool = False,
) -> CompareResult:
    """Compare the scenarios of a batch folder; write figures, ``report.md`` and ``report.html``.

    ``scenarios``: those drawn beside the baseline on the first screen (default: the three most
    different); ``intervals``: where the headline probabilities' 90 % intervals come from (default
    :func:`analysis.summary.over_members`, parameter uncertainty included);
    ``discover``: add the scenario-discovery section (PRIM on the baseline's drawn parameters);
    ``history``: add each counterfactual's effect given history before its branch date
    (:mod:`analysis.given_history`).
    Raises :class:`analysis.folder.AnalysisError` when the folder or one of its files is unusable,
    or ``baseline`` or one of ``scenarios`` names no scenario of the batch.
    """
    batch = load_batch(Path(batch_dir))
    chosen = choose_baseline(batch, baseline)
    out = Path(out) if out is not None else batch.folder / "report"
    inputs = prepare(batch, chosen, scenarios, resamples)
    conditioned = given_history(batch, chosen, inputs.outcomes, resamples) if history else None
    out.mkdir(parents=True, exist_ok=True)
    result = CompareResult(batch.folder, out, chosen, batch.scenarios, given_history=conditioned)
    figures = draw_all(inputs, out, result)
    summary = tables.outcome_summary(inputs.outcomes)
    columns = list(summary["outcome"].unique())
    paired = tables.paired_differences(inputs.outcomes, chosen, columns, resamples)
    fidelity = batch_fidelity(batch)
    intervals = intervals or over_members(batch.outcomes)
    headline = scenario_summary(batch.outcomes, batch.period_starts(), batch.scenarios, intervals)
    named = {
        "headline_summary": headline,
        "outcome_summary": summary,
        "paired_differences_all": paired,
        "fidelity": fidelity,
    }
    if conditioned is not None:
        named |= {
            "given_history": conditioned.effects,
            "given_history_items": conditioned.items,
            "given_history_pairs": conditioned.kept,
        }
    for name, table in named.items():
        table.to_csv(out / f"{name}.csv", index=False)
        result.written.append(out / f"{name}.csv")
    extra = survival_discovery(batch, chosen, out, result) if discover else []
    if conditioned is not None:
        extra = [*given_history_section(conditioned), *extra]
    facts = ReportFacts(batch, chosen, headline, intervals, summary, paired, fidelity, extra)
    content = build_content(facts, figures, result.left_out)
    result.report_md.write_text(render_markdown(content, out), encoding="utf-8")
    result.report_html.write_text(render_html(content), encoding="utf-8")
    result.written.extend([result.report_md, result.report_html])
    return result


def survival_discovery(batch: Batch, baseline: str, out: Path, result: CompareResult) -> list:
    """The report section "Under which conditions does Assad survive?" (PRIM on the baseline's
    runs), or a note of why it is left out."""
    from analysis.discovery import discover
    from analysis.discovery_report import SECTION_TITLE, write_discovery

    try:
        found = discover(batch.outcomes, "regime_collapsed", case="no", scenario=baseline)
    except AnalysisError as reason:
        result.left_out.append(("discovery_survival", str(reason)))
        return [Heading(SECTION_TITLE), Paragraph(f"Left out: {reason}")]
    paths, blocks = write_discovery(found, out, "discovery_survival")
    result.written.extend(paths)
    return blocks
