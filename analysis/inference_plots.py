"""Figures of the ABC posterior (:mod:`analysis.inference_report`): prior vs posterior marginals,
commitment against its most related parameter, and the acceptance rate by commitment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MultipleLocator, PercentFormatter

from analysis.inference import COMMITMENT, LET_GO_UP_TO, RESISTED_FROM

PRIOR_COLOUR, POSTERIOR_COLOUR = "#9E9E9E", "#0072B2"
LET_GO_COLOUR, RESISTED_COLOUR = "#E69F00", "#009E73"
MAX_PRIOR_POINTS = 4000


def _shade_regions(ax: Axes, vertical: bool = True) -> None:
    """The two readings of the article's question, along the commitment axis."""
    span = ax.axvspan if vertical else ax.axhspan
    span(
        0,
        LET_GO_UP_TO,
        color=LET_GO_COLOUR,
        alpha=0.12,
        lw=0,
        label=f"already let go (≤ {LET_GO_UP_TO})",
    )
    span(
        RESISTED_FROM,
        1,
        color=RESISTED_COLOUR,
        alpha=0.12,
        lw=0,
        label=f"Iran committed (≥ {RESISTED_FROM})",
    )


def plot_marginals(
    samples: pd.DataFrame, bounds: dict[str, tuple[float, float]], scenario: str
) -> Figure:
    """One panel per parameter: prior and posterior densities, posterior median and 90 %."""
    columns = min(2, len(bounds))
    rows = math.ceil(len(bounds) / columns)
    figure = Figure(figsize=(5.2 * columns, 3.4 * rows + 0.6), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    accepted = samples["accepted"].to_numpy(dtype=bool)
    for ax, (key, (low, high)) in zip(axes, bounds.items(), strict=False):
        edges = np.linspace(low, high, 25)
        values = samples[key].to_numpy(dtype=float)
        ax.hist(
            values,
            edges,
            density=True,
            histtype="step",
            color=PRIOR_COLOUR,
            lw=1.5,
            label=f"prior: uniform, {len(values):,} runs",
        )
        ax.hist(
            values[accepted],
            edges,
            density=True,
            color=POSTERIOR_COLOUR,
            alpha=0.6,
            label=f"posterior: {accepted.sum():,} closest runs",
        )
        q05, q50, q95 = np.percentile(values[accepted], [5, 50, 95])
        ax.axvline(q50, color="black", lw=1.2, label=f"median {q50:.2f}, 90 %: {q05:.2f}–{q95:.2f}")
        ax.axvline(q05, color="black", lw=0.8, ls=":")
        ax.axvline(q95, color="black", lw=0.8, ls=":")
        if key == COMMITMENT:
            _shade_regions(ax)
        ax.set_xlim(low, high)
        ax.set_title(key)
        ax.set_xlabel("value")
        ax.set_ylabel("density")
        ax.set_ylim(0, ax.get_ylim()[1] * 1.5)  # room for the legend above the bars
        ax.legend(fontsize="x-small", loc="upper left", ncols=2)
    for spare in axes[len(bounds) :]:
        spare.set_visible(False)
    figure.suptitle(f"{scenario}: what history says about the parameters (rejection ABC)")
    return figure


def plot_pairs(
    samples: pd.DataFrame,
    related: str | None,
    bounds: dict[str, tuple[float, float]],
    scenario: str,
) -> Figure:
    """Commitment against its most related parameter: prior draws and accepted runs."""
    figure = Figure(figsize=(7, 5.6), layout="constrained")
    ax = figure.add_subplot()
    accepted = samples["accepted"].to_numpy(dtype=bool)
    other = related or "distance"
    prior = samples.iloc[:: max(1, len(samples) // MAX_PRIOR_POINTS)]
    ax.scatter(
        prior[COMMITMENT],
        prior[other],
        s=4,
        color=PRIOR_COLOUR,
        alpha=0.35,
        label="prior draws (thinned)",
    )
    post = samples[accepted]
    ax.scatter(
        post[COMMITMENT],
        post[other],
        s=7,
        color=POSTERIOR_COLOUR,
        alpha=0.5,
        label=f"accepted runs ({len(post):,})",
    )
    _shade_regions(ax)
    ax.set_xlim(*bounds[COMMITMENT])
    if related:
        _binned_median(ax, post, related, bounds[COMMITMENT])
        ax.set_ylim(*bounds[related])
        rho = post[[COMMITMENT, related]].rank().corr().iloc[0, 1]
        ax.set_title(
            f"{scenario}: Iran's commitment and {related}\n"
            f"(posterior rank correlation {rho:+.2f}, the strongest of the parameters)"
        )
    else:
        ax.set_title(f"{scenario}: Iran's commitment and the distance to history")
    ax.set_xlabel(f"{COMMITMENT} (value Tehran puts on keeping Assad)")
    ax.set_ylabel(other)
    ax.legend(fontsize="small", loc="upper right", framealpha=0.9)
    return figure


def _binned_median(ax: Axes, post: pd.DataFrame, other: str, span: tuple[float, float]) -> None:
    """The accepted runs' median of ``other`` per tenth of the commitment range."""
    edges = np.linspace(*span, 11)
    bins = pd.cut(post[COMMITMENT], edges, include_lowest=True)
    medians = post.groupby(bins, observed=False)[other].median()
    centres = (edges[:-1] + edges[1:]) / 2
    ax.plot(
        centres,
        medians.to_numpy(),
        "-o",
        color="black",
        lw=2,
        ms=4,
        label=f"median {other} of the accepted runs",
    )


def plot_acceptance(
    samples: pd.DataFrame, bounds: dict[str, tuple[float, float]], scenario: str
) -> Figure:
    """Share of runs accepted by commitment bin (∝ the ABC likelihood), with 95 % intervals."""
    from analysis.stats import wilson_interval

    figure = Figure(figsize=(7.5, 4.4), layout="constrained")
    ax = figure.add_subplot()
    low, high = bounds[COMMITMENT]
    edges = np.linspace(low, high, 19)
    bins = pd.cut(samples[COMMITMENT], edges, include_lowest=True)
    grouped = samples.groupby(bins, observed=False)["accepted"].agg(["sum", "count"])
    centres = (edges[:-1] + edges[1:]) / 2
    share = grouped["sum"] / grouped["count"].replace(0, np.nan)
    bars = np.array([wilson_interval(int(s), int(c)) for s, c in grouped.to_numpy()]).T
    err = np.abs(bars - share.to_numpy())
    ax.errorbar(
        centres,
        share,
        yerr=err,
        fmt="o-",
        color=POSTERIOR_COLOUR,
        capsize=3,
        label="share of runs accepted, 95 % interval",
    )
    overall = samples["accepted"].mean()
    ax.axhline(
        overall, color=PRIOR_COLOUR, ls="--", label=f"overall share accepted ({overall:.0%})"
    )
    _shade_regions(ax)
    ax.set_xlim(low, high)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_locator(MultipleLocator(0.05 if ax.get_ylim()[1] > 0.15 else 0.02))
    ax.set_xlabel(f"{COMMITMENT}")
    ax.set_ylabel("runs close to history")
    ax.set_title(
        f"{scenario}: how often a commitment level reproduces the month\n"
        "(other parameters drawn from their priors)"
    )
    ax.legend(fontsize="small", loc="upper right")
    return figure
