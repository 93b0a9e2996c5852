"""The figure of :mod:`analysis.sensitivity`: one horizontal bar chart per outcome."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

FACTOR_COLOUR, CHANCE_COLOUR, FIRST_ORDER_COLOUR, SIGMA_COLOUR = (
    "#0072B2",
    "#9E9E9E",
    "#E69F00",
    "#D55E00",
)


def plot_indices(indices: pd.DataFrame, outcome: str, scenario: str, runs: int) -> Figure:
    """Horizontal bars for one outcome: μ* (Morris) or S1 and ST (Sobol'), with 95 % bars."""
    from analysis.labels import label, unit

    rows = indices[indices["outcome"] == outcome]
    method = str(rows["method"].iloc[0])
    main = "mu_star" if method == "morris" else "ST"
    rows = rows.sort_values(main, ascending=True, na_position="first")
    figure = Figure(figsize=(8.5, 2.2 + 0.5 * len(rows)), layout="constrained")
    ax = figure.add_subplot()
    ypos = np.arange(len(rows))
    colours = [CHANCE_COLOUR if c else FACTOR_COLOUR for c in rows["chance"]]
    bar = {"capsize": 3, "error_kw": {"elinewidth": 1}}
    if method == "morris":
        ax.barh(
            ypos, rows["mu_star"].fillna(0), xerr=_err(rows, "mu_star_conf"), color=colours, **bar
        )
        ax.plot(rows["sigma"], ypos, "D", color=SIGMA_COLOUR)
        measured = f" ({unit(outcome)})" if unit(outcome) else ""
        ax.set_xlabel(f"Change of the outcome{measured} across a parameter's range")
        handles = [
            ("μ*: mean |elementary effect|, 95 % bar", FACTOR_COLOUR, "s"),
            ("σ: spread of the effects (interactions, chance)", SIGMA_COLOUR, "D"),
        ]
    else:
        h = 0.38
        ax.barh(
            ypos + h / 2, rows["ST"].fillna(0), h, xerr=_err(rows, "ST_conf"), color=colours, **bar
        )
        ax.barh(
            ypos - h / 2,
            rows["S1"].fillna(0),
            h,
            xerr=_err(rows, "S1_conf"),
            color=FIRST_ORDER_COLOUR,
            **bar,
        )
        ax.set_xlabel("Share of the outcome's variance")
        handles = [
            ("ST: total effect, 95 % bar", FACTOR_COLOUR, "s"),
            ("S1: first-order effect, 95 % bar", FIRST_ORDER_COLOUR, "s"),
        ]
    handles.append(("chance: a different random seed", CHANCE_COLOUR, "s"))
    _chance_line(ax, rows, main)
    ax.set_yticks(ypos, list(rows["parameter"]))
    ax.set_title(
        f"{label(outcome)} ({scenario}): what moves it\n"
        f"{_method_name(method)}, {runs:,} runs"
        + ("" if rows[main].notna().any() else " (undefined: the outcome is constant)")
    )
    ax.grid(axis="x", alpha=0.3)
    figure.legend(handles=_legend(handles), loc="outside lower center", ncols=2, fontsize="small")
    return figure


def _err(rows: pd.DataFrame, column: str) -> np.ndarray:
    return rows[column].fillna(0).clip(lower=0).to_numpy()


def _legend(entries: list[tuple[str, str, str]]) -> list[Any]:
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], color=colour, marker=marker, linestyle="", markersize=9, label=text)
        for text, colour, marker in entries
    ]


def _chance_line(ax: Any, rows: pd.DataFrame, column: str) -> None:
    chance = rows.loc[rows["chance"], column]
    if len(chance) and np.isfinite(chance.iloc[0]) and chance.iloc[0] > 0:
        ax.axvline(float(chance.iloc[0]), color=CHANCE_COLOUR, linestyle="--", linewidth=1)


def _method_name(method: str) -> str:
    return "Morris screening" if method == "morris" else "Sobol' indices (Saltelli design)"
