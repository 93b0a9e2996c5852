"""Drawing the comparison figures from the tidy tables of :mod:`analysis.tables` and
:mod:`analysis.fidelity`. No computation of statistics here.

Each function takes its table, the scenario styles (:func:`analysis.palette.scenario_styles`)
and ``ax=None`` (or ``axes=None`` for small multiples) and returns the matplotlib Figure. Figures
are built without pyplot, so nothing depends on the backend or global state.
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
from analysis.labels import CITIES, HISTORICAL_COLLAPSE_DATE, label, percent, unit
from analysis.palette import HISTORY_COLOUR, ScenarioStyle, ordered, style_of

Styles = dict[str, ScenarioStyle]


def new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """The axes to draw on, and its figure (a new constrained-layout figure when ``ax`` is None)."""
    if ax is not None:
        return ax.get_figure(root=True), ax
    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def new_grid(axes: Sequence[Axes] | None, count: int, columns: int, panel: tuple[float, float]):
    """The figure and ``count`` panels (a new grid of ``columns`` columns when ``axes`` is None)."""
    if axes is not None:
        return axes[0].get_figure(root=True), list(axes)[:count]
    rows = max(1, math.ceil(count / columns))
    columns = min(columns, max(count, 1))
    figure = Figure(figsize=(panel[0] * columns, panel[1] * rows), layout="constrained")
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


def plot_collapse_ecdf(
    ecdf: pd.DataFrame,
    styles: Styles,
    historical_date: pd.Timestamp = HISTORICAL_COLLAPSE_DATE,
    ax: Axes | None = None,
) -> Figure:
    """Figure 1: share of runs in which the regime has collapsed by each date, per scenario."""
    figure, ax = new_axes(ax, (9, 5))
    for scenario in ordered(styles, ecdf["scenario"]):
        rows = ecdf[ecdf["scenario"] == scenario]
        style = style_of(styles, scenario)
        never = 1.0 - rows["share_collapsed"].iloc[-1]
        note = (
            f" — no collapse in {percent(never)} of {rows['n_runs'].iloc[0]} runs" if never else ""
        )
        ax.step(
            rows["date"],
            rows["share_collapsed"] * 100,
            where="post",
            color=style.colour,
            linestyle=style.line_style,
            linewidth=2,
            label=legend_name(scenario, styles) + note,
        )
    ax.axvline(historical_date, color=HISTORY_COLOUR, linestyle="--", linewidth=1.5)
    ax.annotate(
        f"Historical collapse\n{historical_date:%d %b %Y}",
        xy=(historical_date, 3),
        xytext=(6, 0),
        textcoords="offset points",
        color=HISTORY_COLOUR,
    )
    ax.set_ylim(-1.5, 102)  # a curve at 0 % stays visible above the axis
    ax.set_ylabel("Runs in which the regime has collapsed (%)")
    ax.set_xlabel("Date")
    date_axis(ax)
    ax.set_title("When does the Assad regime collapse? Share of runs collapsed by each date")
    ax.legend(loc="upper left", fontsize="small")
    ax.grid(alpha=0.3)
    return figure


def plot_binary_outcomes(shares: pd.DataFrame, styles: Styles, ax: Axes | None = None) -> Figure:
    """Figure 2: probability of each yes/no outcome per scenario, with 95 % Wilson intervals."""
    outcomes = list(dict.fromkeys(shares["outcome"]))
    scenarios = ordered(styles, shares["scenario"])
    figure, ax = new_axes(ax, (9, 1.0 + 0.75 * len(outcomes) * max(1, len(scenarios) / 3)))
    for offset, scenario in zip(offsets(len(scenarios)), scenarios, strict=True):
        rows = shares[shares["scenario"] == scenario].set_index("outcome").reindex(outcomes)
        y = np.arange(len(outcomes)) + offset
        style = style_of(styles, scenario)
        ax.errorbar(
            rows["share"] * 100,
            y,
            xerr=[(rows["share"] - rows["ci_low"]) * 100, (rows["ci_high"] - rows["share"]) * 100],
            fmt="o",
            color=style.colour,
            capsize=3,
            label=legend_name(scenario, styles),
        )
    labels = shares.drop_duplicates("outcome").set_index("outcome")["label"]
    ax.set_yticks(np.arange(len(outcomes)), [labels[o] for o in outcomes])
    ax.invert_yaxis()
    ax.set_xlim(-2, 102)
    ax.set_xlabel("Share of runs (%), with 95 % Wilson interval")
    ax.set_title("Key yes/no outcomes: how often each happens, per scenario")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    ax.grid(axis="x", alpha=0.3)
    return figure


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
                xerr=[[row["mean_diff"] - row["ci_low"]], [row["ci_high"] - row["mean_diff"]]],
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
            ax.annotate(
                f"n={int(row['n_pairs'])}",
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
        ax.set_title(label(outcome), fontsize="medium")
        ax.grid(axis="x", alpha=0.3)
    figure.suptitle(
        f"Run-by-run differences from {baseline}: mean and bootstrap 95 % interval "
        "(pairs with a missing value dropped)"
    )
    return figure


def plot_fan_charts(
    fan: pd.DataFrame, styles: Styles, axes: Sequence[Axes] | None = None
) -> Figure:
    """Figure 4: daily paths per variable: median and 50 %/90 % bands over runs, per scenario."""
    variables = list(dict.fromkeys(fan["variable"]))
    scenarios = ordered(styles, fan["scenario"])
    figure, panels = new_grid(axes, len(variables), 2, (6.5, 3.6))
    for ax, variable in zip(panels, variables, strict=True):
        for scenario in scenarios:
            rows = fan[(fan["variable"] == variable) & (fan["scenario"] == scenario)]
            style = style_of(styles, scenario)
            ax.fill_between(rows["date"], rows["q05"], rows["q95"], color=style.colour, alpha=0.1)
            ax.fill_between(rows["date"], rows["q25"], rows["q75"], color=style.colour, alpha=0.25)
            ax.plot(rows["date"], rows["q50"], color=style.colour, linestyle=style.line_style)
        ax.set_title(label(variable), fontsize="medium")
        ax.set_ylabel(unit(variable) or "value")
        ax.set_xlabel("Date")
        date_axis(ax)
        ax.grid(alpha=0.3)
    handles = [
        Line2D([], [], color=style_of(styles, s).colour, linestyle=style_of(styles, s).line_style)
        for s in scenarios
    ] + [Patch(color="grey", alpha=0.45), Patch(color="grey", alpha=0.1)]
    names = [legend_name(s, styles) + " (median)" for s in scenarios]
    figure.legend(
        handles,
        [*names, "middle 50 % of runs", "middle 90 % of runs"],
        loc="outside lower center",
        ncols=min(4, len(handles)),
        fontsize="small",
    )
    figure.suptitle("How the crisis unfolds day by day: median and bands across runs")
    return figure


def plot_decision_timeline(
    shares: pd.DataFrame, styles: Styles, axes: Sequence[Axes] | None = None
) -> Figure:
    """Figure 5: per decision point (by window), share of runs choosing each option per scenario."""
    points = shares.drop_duplicates("decision_id").sort_values(["window_start", "window_end"])
    scenarios = ordered(styles, shares["scenario"])
    figure, panels = new_grid(axes, len(points), 3, (5.0, 2.6))
    for ax, (_, point) in zip(panels, points.iterrows(), strict=True):
        rows = shares[shares["decision_id"] == point["decision_id"]]
        options = [o for o in dict.fromkeys(rows["option"]) if o != NO_DECISION]
        if rows.loc[rows["option"] == NO_DECISION, "share"].gt(0).any():
            options.append(NO_DECISION)
        height = 0.8 / max(1, len(scenarios))
        for index, scenario in enumerate(scenarios):
            mine = rows[rows["scenario"] == scenario].set_index("option").reindex(options)
            y = np.arange(len(options)) - 0.4 + height * (index + 0.5)
            ax.barh(y, mine["share"] * 100, height=height, color=style_of(styles, scenario).colour)
        flags = rows.drop_duplicates("option").set_index("option")
        ax.set_yticks(np.arange(len(options)), [option_label(o, flags) for o in options])
        for tick, option in zip(ax.get_yticklabels(), options, strict=True):
            if option in flags.index and flags.loc[option, "historical"]:
                tick.set_fontweight("bold")
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("Runs choosing it (%)")
        window = f"{point['window_start']:%d %b}–{point['window_end']:%d %b %Y}"
        ax.set_title(f"{point['decision_id']}\n{point['subject']} · {window}", fontsize="small")
        ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=style_of(styles, s).colour) for s in scenarios]
    figure.legend(
        handles,
        [legend_name(s, styles) for s in scenarios],
        loc="outside lower center",
        ncols=min(5, len(scenarios)),
        fontsize="small",
    )
    figure.suptitle(
        "Decision points in date order: share of runs choosing each option (★ = historical choice)"
    )
    return figure


def option_label(option: str, flags: pd.DataFrame) -> str:
    """Tick label of an option: a star for the historical one, '(status quo)' for the status quo."""
    if option not in flags.index:
        return option
    text = f"★ {option}" if flags.loc[option, "historical"] else option
    return f"{text} (status quo)" if flags.loc[option, "status_quo"] else text


def plot_city_falls(
    cities: pd.DataFrame, historical: pd.DataFrame, styles: Styles, ax: Axes | None = None
) -> Figure:
    """Figure 6: per city, median fall date and 5–95 % range per scenario, against history."""
    order = [c for c in CITIES if c in set(cities["city"])]
    scenarios = ordered(styles, cities["scenario"])
    figure, ax = new_axes(ax, (9, 1.2 + 0.9 * len(order) * max(1, len(scenarios) / 3)))
    for offset, scenario in zip(offsets(len(scenarios)), scenarios, strict=True):
        rows = cities[cities["scenario"] == scenario].set_index("city").reindex(order)
        colour = style_of(styles, scenario).colour
        for position, (_, row) in enumerate(rows.iterrows()):
            draw_city_range(ax, row, position + offset, colour)
    half = 0.45 if len(scenarios) > 1 else 0.25
    for position, city in enumerate(order):
        known = historical.loc[historical["city"] == city, "date"].dropna()
        if not known.empty:
            ax.vlines(
                known.iloc[0],
                position - half,
                position + half,
                color=HISTORY_COLOUR,
                linestyles="--",
                linewidth=2,
            )
    handles = [Line2D([], [], marker="o", color=style_of(styles, s).colour) for s in scenarios]
    handles.append(Line2D([], [], linestyle="--", linewidth=2, color=HISTORY_COLOUR))
    ax.legend(
        handles,
        [*[legend_name(s, styles) for s in scenarios], "historical date"],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
    )
    ax.margins(x=0.08)
    ax.set_yticks(np.arange(len(order)), [CITIES[c] for c in order])
    ax.invert_yaxis()
    ax.set_xlabel("Date of fall (median and 5–95 % range of the runs in which the city fell)")
    date_axis(ax)
    ax.set_title("When do the cities fall? Simulated dates against the historical ones")
    ax.grid(axis="x", alpha=0.3)
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
