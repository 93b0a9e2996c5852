"""``axis-sim compare``: figures and a report comparing the scenarios of one batch folder.

Reads the batch files only (it never re-runs the model), prepares one tidy table per figure
(:mod:`analysis.tables`, :mod:`analysis.fidelity`), draws it (:mod:`analysis.plots`) and writes
PNG, SVG and CSV per figure, ``report.md`` and a self-contained ``report.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import plots, tables
from analysis.fidelity import batch_fidelity, decision_points, decision_shares
from analysis.folder import Batch, FigureUnavailable, choose_baseline, load_batch
from analysis.labels import FAN_VARIABLES, PAIRED_NUMERIC_OUTCOMES
from analysis.palette import ScenarioStyle, scenario_styles
from analysis.report import FigureBlock, render_html, render_markdown
from analysis.report_content import build_content
from analysis.stats import BOOTSTRAP_RESAMPLES

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
    resamples: int = BOOTSTRAP_RESAMPLES


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: file stem, title and caption."""

    name: str
    title: str
    caption: str


def draw_collapse(inputs: FigureInputs) -> Drawn:
    """Figure 1: when the regime collapses (ECDF over dates)."""
    batch, baseline = inputs.batch, inputs.baseline
    end = batch.period_end(baseline)
    last_day = (end - batch.period_start(baseline)).days if end is not None else None
    data = tables.collapse_ecdf(batch.outcomes, batch.period_starts(), last_day)
    return data, plots.plot_collapse_ecdf(data, inputs.styles)


def draw_binary(inputs: FigureInputs) -> Drawn:
    """Figure 2: key yes/no outcomes with Wilson intervals."""
    data = tables.binary_outcome_shares(inputs.batch.outcomes)
    return data, plots.plot_binary_outcomes(data, inputs.styles)


def draw_paired(inputs: FigureInputs) -> Drawn:
    """Figure 3: paired differences from the baseline."""
    if len(inputs.batch.scenarios) < 2:
        raise FigureUnavailable("the batch holds a single scenario: nothing to compare with")
    data = tables.paired_differences(
        inputs.batch.outcomes, inputs.baseline, PAIRED_NUMERIC_OUTCOMES, inputs.resamples
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
    return data, plots.plot_decision_timeline(data, inputs.styles)


def draw_cities(inputs: FigureInputs) -> Drawn:
    """Figure 6: city-fall dates against the historical ones."""
    batch, baseline = inputs.batch, inputs.baseline
    data = tables.city_fall_dates(batch.outcomes, batch.period_starts())
    history = tables.historical_city_falls(batch.resolved(baseline), batch.period_start(baseline))
    return data, plots.plot_city_falls(data, history, inputs.styles)


FIGURES: tuple[tuple[FigureSpec, Callable[[FigureInputs], Drawn]], ...] = (
    (
        FigureSpec(
            "collapse_dates",
            "When the regime collapses",
            "Share of runs in which the regime has collapsed by each date (an ECDF over all runs: "
            "a curve that stops below 100 % leaves the rest without collapse). Dashed: 8 Dec 2024.",
        ),
        draw_collapse,
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
            "bootstrap 95 % intervals; n = pairs kept after dropping those with a missing value.",
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
            "each option in its window by the matching rule (with `match: any` a run may count "
            "for several options). ★ marks the historical choice.",
        ),
        draw_decisions,
    ),
    (
        FigureSpec(
            "city_fall_dates",
            "City-fall dates",
            "Median date and 5–95 % range of the runs in which each city fell; diamonds: the "
            "historical dates from the baseline's observables.",
        ),
        draw_cities,
    ),
)


def save_figure(figure: Figure, data: pd.DataFrame, out: Path, name: str) -> list[Path]:
    """Write a figure as PNG and SVG, and its tidy data as CSV."""
    paths = [out / f"{name}.png", out / f"{name}.svg", out / f"{name}.csv"]
    figure.savefig(paths[0], dpi=150)
    figure.savefig(paths[1])
    data.to_csv(paths[2], index=False)
    return paths


def run_compare(
    batch_dir: Path,
    baseline: str | None = None,
    out: Path | None = None,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> CompareResult:
    """Compare the scenarios of a batch folder; write figures, ``report.md`` and ``report.html``.

    Raises :class:`analysis.folder.AnalysisError` when the folder or one of its files is unusable,
    or ``baseline`` names no scenario of the batch.
    """
    batch = load_batch(Path(batch_dir))
    chosen = choose_baseline(batch, baseline)
    out = Path(out) if out is not None else batch.folder / "report"
    out.mkdir(parents=True, exist_ok=True)
    inputs = FigureInputs(batch, chosen, scenario_styles(batch.scenarios, chosen), resamples)
    result = CompareResult(batch.folder, out, chosen, batch.scenarios)
    figures = []
    for spec, draw in FIGURES:
        try:
            data, figure = draw(inputs)
        except FigureUnavailable as reason:
            result.left_out.append((spec.name, str(reason)))
            continue
        paths = save_figure(figure, data, out, spec.name)
        result.written.extend(paths)
        figures.append(FigureBlock(spec.title, paths[0], paths[1], spec.caption))
    summary = tables.outcome_summary(batch.outcomes)
    columns = list(summary["outcome"].unique())
    paired = tables.paired_differences(batch.outcomes, chosen, columns, resamples)
    fidelity = batch_fidelity(batch)
    named = {"outcome_summary": summary, "paired_differences_all": paired, "fidelity": fidelity}
    for name, table in named.items():
        table.to_csv(out / f"{name}.csv", index=False)
        result.written.append(out / f"{name}.csv")
    content = build_content(batch, chosen, figures, result.left_out, summary, paired, fidelity)
    result.report_md.write_text(render_markdown(content, out), encoding="utf-8")
    result.report_html.write_text(render_html(content), encoding="utf-8")
    result.written.extend([result.report_md, result.report_html])
    return result
