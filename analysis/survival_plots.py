"""Drawing the Kaplan–Meier curves of :func:`analysis.survival.km_curves` (no statistics here).

Up to :data:`MAX_OVERLAID` scenarios share one panel, each labelled in a legend under the axes;
more are drawn as small multiples, one panel per scenario with the baseline as a thin black
reference, so that the panel, not the colour, names the scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.figure_text import panel_width, wrap
from analysis.labels import HISTORICAL_COLLAPSE_DATE, percent
from analysis.palette import HISTORY_COLOUR, ScenarioStyle, ordered, style_of
from analysis.plots import MAX_OVERLAID, date_axis, legend_name, new_axes, new_grid
from analysis.summary import SMALL_SAMPLE

Styles = dict[str, ScenarioStyle]
TITLE = "Is the Assad regime still standing? Share of runs by date (Kaplan–Meier, 90 % band)"


def curve_label(rows: pd.DataFrame, name: str) -> str:
    """``name: collapses in 91 % of 300 runs,\nstands 12.3 of 35 days on average``."""
    first = rows.iloc[0]
    n, collapsed = int(first["n_runs"]), int(first["n_collapsed"])
    small = " — small sample" if n < SMALL_SAMPLE else ""
    return (
        f"{name}: collapses in {percent(collapsed / n)} of {n} runs,\nstands "
        f"{first['rmst']:.1f} of {int(first['horizon'])} days on average{small}"
    )


def draw_curve(ax: Axes, rows: pd.DataFrame, style: ScenarioStyle, label: str, width=2.0) -> None:
    """One scenario's survival step curve and its 90 % band, to the period's last day."""
    rows = rows[rows["day"] < rows["horizon"]]
    ax.fill_between(
        rows["date"], rows["ci_low"] * 100, rows["ci_high"] * 100,
        step="post", color=style.colour, alpha=0.15, linewidth=0,
    )  # fmt: skip
    ax.step(
        rows["date"], rows["standing"] * 100, where="post",
        color=style.colour, linestyle=style.line_style, linewidth=width, label=label,
    )  # fmt: skip


def mark_history(ax: Axes, historical_date: pd.Timestamp, text: bool = True) -> None:
    """The historical collapse date as a grey dashed line."""
    ax.axvline(historical_date, color=HISTORY_COLOUR, linestyle="--", linewidth=1.2)
    if text:
        ax.annotate(
            f"Historical collapse\n{historical_date:%d %b %Y}",
            xy=(historical_date, 4), xytext=(5, 0), textcoords="offset points",
            color=HISTORY_COLOUR, fontsize="small",
        )  # fmt: skip


def finish_axes(ax: Axes, km: pd.DataFrame) -> None:
    """Axis ranges (day 0 to the last day), dates and grid of a survival panel."""
    shown = km[km["day"] < km["horizon"]]
    ax.set_xlim(shown["date"].min() - pd.Timedelta(hours=12), shown["date"].max())
    ax.set_ylim(-2, 102)
    date_axis(ax)
    ax.grid(alpha=0.3)


def plot_survival(
    km: pd.DataFrame,
    styles: Styles,
    scenarios: Sequence[str] | None = None,
    historical_date: pd.Timestamp = HISTORICAL_COLLAPSE_DATE,
    ax: Axes | None = None,
) -> Figure:
    """The share of runs in which the regime still stands, by date, for ``scenarios`` (default:
    all); small multiples past :data:`MAX_OVERLAID` scenarios."""
    names = ordered(styles, scenarios if scenarios is not None else km["scenario"])
    if len(names) > MAX_OVERLAID and ax is None:
        return plot_survival_grid(km, styles, names, historical_date)
    figure, ax = new_axes(ax, (13, 4.6))
    for name in names:
        rows = km[km["scenario"] == name]
        draw_curve(ax, rows, style_of(styles, name), curve_label(rows, legend_name(name, styles)))
    mark_history(ax, historical_date)
    finish_axes(ax, km[km["scenario"].isin(names)])
    ax.set_ylabel("Runs in which the regime still stands (%)")
    ax.set_xlabel("Date (runs in which the regime survives stay in the curve until 31 Dec)")
    ax.set_title(wrap(TITLE, figure.get_figwidth() * 0.6), fontsize="large")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small", frameon=False)
    return figure


def plot_survival_grid(
    km: pd.DataFrame,
    styles: Styles,
    names: Sequence[str],
    historical_date: pd.Timestamp = HISTORICAL_COLLAPSE_DATE,
) -> Figure:
    """One panel per scenario, the baseline drawn thin and black in each for reference."""
    baseline = next((n for n in names if style_of(styles, n).is_baseline), None)
    figure, panels = new_grid(None, len(names), 3, (4.6, 3.1))
    reference = km[km["scenario"] == baseline] if baseline else None
    for ax, name in zip(panels, names, strict=True):
        rows = km[km["scenario"] == name]
        if reference is not None and name != baseline:
            reference = reference[reference["day"] < reference["horizon"]]
            ax.step(reference["date"], reference["standing"] * 100, where="post",
                    color=style_of(styles, baseline).colour, linewidth=0.9, alpha=0.6)  # fmt: skip
        draw_curve(ax, rows, style_of(styles, name), name)
        mark_history(ax, historical_date, text=False)
        finish_axes(ax, rows)
        first = rows.iloc[0]
        n = int(first["n_runs"])
        flag = " · small sample" if n < SMALL_SAMPLE else ""
        title = (
            f"{legend_name(name, styles)}\ncollapses in {percent(first['n_collapsed'] / n)} "
            f"of {n} runs · stands {first['rmst']:.1f} days{flag}"
        )
        ax.set_title(wrap(title, panel_width(figure, 3), 9), fontsize="small")
        ax.set_xlabel("Date")
        ax.set_ylabel("Still standing (%)")
    baseline_note = f"; thin black: {baseline}" if baseline else ""
    figure.suptitle(
        wrap(TITLE + f"{baseline_note}; grey dashed: historical collapse", figure.get_figwidth())
    )
    return figure
