"""Drawing the comparison figures from the tidy tables of :mod:`analysis.tables` and
:mod:`analysis.fidelity`. No computation of statistics here.

Each function takes its table, the scenario styles (:func:`analysis.palette.scenario_styles`)
and ``ax=None`` (or ``axes=None`` for small multiples) and returns the matplotlib Figure. Figures
are built without pyplot, so nothing depends on the backend or global state.

Over 400 lines because it keeps the drawing of every report figure in one place (the data
preparation lives in analysis/tables.py and analysis/survival.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.fidelity import NO_DECISION
from analysis.figure_text import panel_width, wrap
from analysis.labels import CITIES, label, percent, unit
from analysis.palette import HISTORY_COLOUR, ScenarioStyle, ordered, style_of
from analysis.summary import SMALL_SAMPLE

Styles = dict[str, ScenarioStyle]
LEGEND_COLUMNS = 4  # entries per row of a figure-wide legend


def new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """The axes to draw on, and its figure (a new constrained-layout figure when ``ax`` is None)."""
    if ax is not None:
        return ax.get_figure(root=True), ax
    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def new_grid(
    axes: Sequence[Axes] | None,
    count: int,
    columns: int,
    panel: tuple[float, float],
    frame: float = 0.0,
):
    """The figure and ``count`` panels (a new grid of ``columns`` columns when ``axes`` is None);
    ``frame`` inches of height are added for a figure-wide title and legend, so a grid of one row
    still has room for its panels."""
    if axes is not None:
        return axes[0].get_figure(root=True), list(axes)[:count]
    rows = max(1, math.ceil(count / columns))
    columns = min(columns, max(count, 1))
    size = (panel[0] * columns, panel[1] * rows + frame)
    figure = Figure(figsize=size, layout="constrained")
    grid = figure.subplots(rows, columns, squeeze=False).ravel()
    for spare in grid[count:]:
        spare.set_visible(False)
    return figure, list(grid[:count])


def date_axis(ax: Axes, axis: str = "x") -> None:
    """Concise calendar dates on one axis."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=8)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(mdates.ConciseDateFormatter(locator))


def legend_name(scenario: str, styles: Styles) -> str:
    """A scenario's legend entry, saying which one is the baseline."""
    is_marked = style_of(styles, scenario).is_baseline and scenario != "baseline"
    return f"{scenario} (baseline)" if is_marked else scenario


def offsets(count: int, spread: float = 0.7) -> np.ndarray:
    """Vertical offsets that spread ``count`` markers around a category's row."""
    return np.zeros(1) if count <= 1 else np.linspace(-spread / 2, spread / 2, count)


def plot_binary_outcomes(
    shares: pd.DataFrame, styles: Styles, axes: Sequence[Axes] | None = None
) -> Figure:
    """Figure 2: one panel per yes/no outcome; in each, every scenario's share of runs (labelled
    on the axis) with its 95 % Wilson interval. Small samples (n < 30) are drawn hollow."""
    outcomes = list(dict.fromkeys(shares["outcome"]))
    scenarios = ordered(styles, shares["scenario"])
    figure, panels = new_grid(axes, len(outcomes), 2, (6.0, 0.9 + 0.32 * len(scenarios)))
    labels = shares.drop_duplicates("outcome").set_index("outcome")["label"]
    for ax, outcome in zip(panels, outcomes, strict=True):
        rows = shares[shares["outcome"] == outcome].set_index("scenario").reindex(scenarios)
        for position, (scenario, row) in enumerate(rows.iterrows()):
            draw_share(ax, row, position, style_of(styles, scenario).colour)
        ax.set_yticks(np.arange(len(scenarios)), [legend_name(s, styles) for s in scenarios])
        ax.set_ylim(len(scenarios) - 0.5, -0.5)
        ax.set_xlim(-2, 102)
        ax.set_xlabel("Share of runs (%), 95 % Wilson interval")
        ax.set_title(wrap(labels[outcome], panel_width(figure, 2)), fontsize="medium")
        ax.grid(axis="x", alpha=0.3)
    figure.suptitle(
        wrap(
            "Key yes/no outcomes: how often each happens, per scenario "
            f"(hollow: fewer than {SMALL_SAMPLE} runs)",
            figure.get_figwidth(),
        )
    )
    return figure


def draw_share(ax: Axes, row: pd.Series, y: float, colour: str) -> None:
    """One scenario's share with its interval and its value written beside it."""
    if pd.isna(row["share"]):
        return
    small = row["n"] < SMALL_SAMPLE
    ax.errorbar(
        row["share"] * 100, y,
        xerr=[[max(0.0, row["share"] - row["ci_low"]) * 100],
              [max(0.0, row["ci_high"] - row["share"]) * 100]],
        fmt="o", color=colour, capsize=3, markerfacecolor="white" if small else colour,
    )  # fmt: skip
    text = percent(row["share"]) + (f" (n={int(row['n'])})" if small else "")
    right = row["ci_high"] * 100 < 80
    ax.annotate(
        text, xy=(row["ci_high"] * 100 if right else row["ci_low"] * 100, y),
        xytext=(4 if right else -4, 0), textcoords="offset points", va="center",
        ha="left" if right else "right", fontsize="x-small", color=colour,
    )  # fmt: skip


def plot_paired_differences(
    diffs: pd.DataFrame, styles: Styles, baseline: str, axes: Sequence[Axes] | None = None
) -> Figure:
    """Figure 3: per outcome, mean paired difference from the baseline with bootstrap 95 % CI."""
    outcomes = list(dict.fromkeys(diffs["outcome"]))
    scenarios = [s for s in ordered(styles, diffs["scenario"]) if s != baseline]
    panel = (5.5, 1.2 + 0.45 * len(scenarios))
    figure, panels = new_grid(axes, len(outcomes), 2, panel)
    y = np.arange(len(scenarios))
    for ax, outcome in zip(panels, outcomes, strict=True):
        rows = diffs[diffs["outcome"] == outcome].set_index("scenario").reindex(scenarios)
        for position, (scenario, row) in zip(y, rows.iterrows(), strict=True):
            colour = style_of(styles, scenario).colour
            ax.errorbar(
                row["mean_diff"],
                position,
                xerr=[
                    [max(0.0, row["mean_diff"] - row["ci_low"])],
                    [max(0.0, row["ci_high"] - row["mean_diff"])],
                ],
                fmt="o",
                color=colour,
                capsize=3,
            )
            if row["n_pairs"] == 0:
                ax.annotate(
                    "no pair with both values",
                    xy=(0.02, position),
                    xycoords=("axes fraction", "data"),
                    va="center",
                    fontsize="small",
                    color=colour,
                )
            small = 0 < row["n_pairs"] < SMALL_SAMPLE
            if small:
                ax.plot(row["mean_diff"], position, "o", color=colour, markerfacecolor="white")
            ax.annotate(
                f"n={int(row['n_pairs'])}" + (" (small)" if small else ""),
                xy=(1.0, position),
                xycoords=("axes fraction", "data"),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize="x-small",
            )
        ax.axvline(0, color=HISTORY_COLOUR, linewidth=1)
        ax.set_yticks(y, scenarios)
        ax.set_ylim(len(scenarios) - 0.5, -0.5)
        units = f" ({unit(outcome)})" if unit(outcome) else ""
        ax.set_xlabel(f"Scenario − {baseline}{units}")
        ax.set_title(wrap(label(outcome), panel_width(figure, 2)), fontsize="medium")
        ax.grid(axis="x", alpha=0.3)
    figure.suptitle(
        wrap(
            f"Run-by-run differences from {baseline}: mean and bootstrap 95 % interval "
            f"(pairs with a missing value dropped; hollow: fewer than {SMALL_SAMPLE} pairs)",
            figure.get_figwidth(),
        )
    )
    return figure


def plot_fan_charts(
    fan: pd.DataFrame, styles: Styles, axes: Sequence[Axes] | None = None
) -> Figure:
    """Figure 4: daily paths, median and 50 %/90 % bands over runs. Up to four scenarios share a
    panel per variable; more get one row of panels each, the baseline's median as reference."""
    variables = list(dict.fromkeys(fan["variable"]))
    scenarios = ordered(styles, fan["scenario"])
    if len(scenarios) > MAX_OVERLAID:
        return plot_fan_grid(fan, styles, variables, scenarios, axes)
    figure, panels = new_grid(axes, len(variables), 2, (6.5, 3.6))
    for ax, variable in zip(panels, variables, strict=True):
        for scenario in scenarios:
            rows = fan[(fan["variable"] == variable) & (fan["scenario"] == scenario)]
            draw_fan(ax, rows, style_of(styles, scenario))
        finish_fan_panel(ax, variable, wrap(label(variable), panel_width(figure, 2)))
    handles = [
        Line2D([], [], color=style_of(styles, s).colour, linestyle=style_of(styles, s).line_style)
        for s in scenarios
    ] + [Patch(color="grey", alpha=0.45), Patch(color="grey", alpha=0.1)]
    names = [legend_name(s, styles) + " (median)" for s in scenarios]
    figure.legend(
        handles,
        [*names, "middle 50 % of runs", "middle 90 % of runs"],
        loc="outside lower center",
        ncols=min(LEGEND_COLUMNS, len(handles)),
        fontsize="small",
    )
    figure.suptitle(FAN_TITLE)
    return figure


FAN_TITLE = "How the crisis unfolds day by day: median and bands across runs"
MAX_OVERLAID = 4
"""More scenarios than this and a figure draws small multiples instead of overlays."""


def draw_fan(ax: Axes, rows: pd.DataFrame, style: ScenarioStyle) -> None:
    """One scenario's median line and its 50 % and 90 % bands."""
    ax.fill_between(rows["date"], rows["q05"], rows["q95"], color=style.colour, alpha=0.1)
    ax.fill_between(rows["date"], rows["q25"], rows["q75"], color=style.colour, alpha=0.25)
    ax.plot(rows["date"], rows["q50"], color=style.colour, linestyle=style.line_style)


def finish_fan_panel(ax: Axes, variable: str, title: str) -> None:
    """Title, labels, dates and grid of one fan panel."""
    ax.set_title(title, fontsize="small")
    ax.set_ylabel(unit(variable) or "value")
    ax.set_xlabel("Date")
    date_axis(ax)
    ax.grid(alpha=0.3)


def plot_fan_grid(
    fan: pd.DataFrame,
    styles: Styles,
    variables: Sequence[str],
    scenarios: Sequence[str],
    axes: Sequence[Axes] | None = None,
) -> Figure:
    """Small multiples: one row per scenario, one column per variable; each panel shows the
    scenario's bands and the baseline's median (thin black) for reference."""
    count = len(variables) * len(scenarios)
    figure, panels = new_grid(axes, count, len(variables), (3.6, 2.3))
    baseline = next((s for s in scenarios if style_of(styles, s).is_baseline), None)
    for index, ax in enumerate(panels):
        scenario, variable = scenarios[index // len(variables)], variables[index % len(variables)]
        mine = fan[fan["variable"] == variable]
        if baseline is not None and scenario != baseline:
            reference = mine[mine["scenario"] == baseline]
            ax.plot(reference["date"], reference["q50"], color="black", linewidth=0.8, alpha=0.7)
        draw_fan(ax, mine[mine["scenario"] == scenario], style_of(styles, scenario))
        title = f"{legend_name(scenario, styles)} · {label(variable)}"
        finish_fan_panel(ax, variable, wrap(title, panel_width(figure, len(variables)), 9))
    note = f" (thin black: {baseline}'s median)" if baseline else ""
    figure.suptitle(wrap(FAN_TITLE + note, figure.get_figwidth()))
    return figure


def plot_decision_timeline(
    shares: pd.DataFrame,
    styles: Styles,
    forced: pd.DataFrame | None = None,
    axes: Sequence[Axes] | None = None,
) -> Figure:
    """Figure 5: per decision point (by window), share of runs choosing each option per scenario:
    solid by the point's matching rule, light when chosen at least once in the window. Levers a
    scenario forces (``forced``, from :func:`analysis.fidelity.forced_levers`) are named under
    the panel's title and their bars hatched."""
    points = shares.drop_duplicates("decision_id").sort_values(["window_start", "window_end"])
    scenarios = ordered(styles, shares["scenario"])
    forced = forced if forced is not None else pd.DataFrame(columns=["scenario", "subject"])
    legend_rows = math.ceil(len(scenarios) / LEGEND_COLUMNS)
    figure, panels = new_grid(
        axes, len(points), 3, (5.2, 1.4 + 0.22 * len(scenarios)), frame=0.9 + 0.25 * legend_rows
    )
    for ax, (_, point) in zip(panels, points.iterrows(), strict=True):
        rows = shares[shares["decision_id"] == point["decision_id"]]
        levers = forced[forced["subject"] == point["subject"]]
        draw_decision_panel(ax, rows, scenarios, styles, levers)
        window = f"{point['window_start']:%d %b}–{point['window_end']:%d %b %Y}"
        title = f"{point['decision_id']}: {point['subject']} · {window}"
        for lever in levers.itertuples(index=False):
            title += f"\n(forced in {lever.scenario}: {lever.option})"
        ax.set_title(wrap(title, panel_width(figure, min(3, len(points))), 9), fontsize="small")
    handles = [Patch(color=style_of(styles, s).colour) for s in scenarios]
    figure.legend(
        handles,
        [legend_name(s, styles) for s in scenarios],
        loc="outside lower center",
        ncols=min(LEGEND_COLUMNS, len(scenarios)),
        fontsize="small",
    )
    figure.suptitle(
        wrap(
            "Decision points in date order: share of runs choosing each option (★ historical "
            "choice; solid: by the point's matching rule; light: at least once in the window; "
            "hatched: forced by the scenario)",
            figure.get_figwidth(),
        )
    )
    return figure


def draw_decision_panel(
    ax: Axes, rows: pd.DataFrame, scenarios: Sequence[str], styles: Styles, levers: pd.DataFrame
) -> None:
    """One decision point: a group of bars per option, one bar per scenario."""
    options = [o for o in dict.fromkeys(rows["option"]) if o != NO_DECISION]
    if rows.loc[rows["option"] == NO_DECISION, "share"].gt(0).any():
        options.append(NO_DECISION)
    height = 0.8 / max(1, len(scenarios))
    forced_pairs = set(zip(levers["scenario"], levers.get("option", []), strict=False))
    for index, scenario in enumerate(scenarios):
        mine = rows[rows["scenario"] == scenario].set_index("option").reindex(options)
        y = np.arange(len(options)) - 0.4 + height * (index + 0.5)
        colour = style_of(styles, scenario).colour
        hatches = ["///" if (scenario, o) in forced_pairs else None for o in options]
        if "share_any" in mine:
            light = ax.barh(y, mine["share_any"] * 100, height=height, color=colour, alpha=0.3)
            for bar, hatch in zip(light, hatches, strict=True):
                bar.set_hatch(hatch)
        bars = ax.barh(y, mine["share"] * 100, height=height, color=colour)
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
            bar.set_edgecolor("white" if hatch else colour)
    flags = rows.drop_duplicates("option").set_index("option")
    ax.set_yticks(np.arange(len(options)), [option_label(o, flags) for o in options])
    for tick, option in zip(ax.get_yticklabels(), options, strict=True):
        if option in flags.index and flags.loc[option, "historical"]:
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Runs choosing it (%)")
    ax.grid(axis="x", alpha=0.3)


def option_label(option: str, flags: pd.DataFrame) -> str:
    """Tick label of an option: a star for the historical one, '(status quo)' for the status quo."""
    if option not in flags.index:
        return option
    text = f"★ {option}" if flags.loc[option, "historical"] else option
    return f"{text} (status quo)" if flags.loc[option, "status_quo"] else text


def plot_city_falls(
    cities: pd.DataFrame,
    historical: pd.DataFrame,
    styles: Styles,
    axes: Sequence[Axes] | None = None,
) -> Figure:
    """Figure 6: one panel per city; in each, every scenario (labelled on the axis) with its
    median fall date and 5–95 % range, against the historical date (grey dashed)."""
    order = [c for c in CITIES if c in set(cities["city"])]
    scenarios = ordered(styles, cities["scenario"])
    figure, panels = new_grid(axes, len(order), 2, (6.2, 1.0 + 0.32 * len(scenarios)))
    for ax, city in zip(panels, order, strict=True):
        rows = cities[cities["city"] == city].set_index("scenario").reindex(scenarios)
        for position, (scenario, row) in enumerate(rows.iterrows()):
            draw_city_range(ax, row, position, style_of(styles, scenario).colour)
        known = historical.loc[historical["city"] == city, "date"].dropna()
        if not known.empty:
            ax.axvline(known.iloc[0], color=HISTORY_COLOUR, linestyle="--", linewidth=1.5)
        ax.set_yticks(np.arange(len(scenarios)), [legend_name(s, styles) for s in scenarios])
        ax.set_ylim(len(scenarios) - 0.5, -0.5)
        ax.margins(x=0.15)
        ax.set_xlabel("Date of fall (median, 5–95 % of runs)")
        date_axis(ax)
        ax.set_title(wrap(f"{CITIES[city]} falls", panel_width(figure, 2)), fontsize="medium")
        ax.grid(axis="x", alpha=0.3)
    figure.suptitle(
        wrap(
            "When do the cities fall? Median date and 5–95 % range of the runs in which each "
            "city fell; grey dashed: the historical date",
            figure.get_figwidth(),
        )
    )
    return figure


def draw_city_range(ax: Axes, row: pd.Series, y: float, colour: str) -> None:
    """One scenario's fall of one city: median dot, 5–95 % line, and the share when not all fell."""
    if pd.isna(row["median_date"]):
        ax.annotate(
            "never falls",
            xy=(0.01, y),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize="x-small",
            color=colour,
        )
        return
    ax.plot([row["q05_date"], row["q95_date"]], [y, y], color=colour, linewidth=1.5)
    ax.plot(row["median_date"], y, "o", color=colour)
    if row["share_fell"] < 1:
        ax.annotate(
            f"falls in {percent(row['share_fell'])}",
            xy=(row["q95_date"], y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="x-small",
            color=colour,
        )
