"""Any figure of the report, drawn on a matplotlib axis of your own.

Each figure is a tidy table (:mod:`analysis.tables`, :mod:`analysis.fidelity`) drawn by
:mod:`analysis.plots`, as ``axis-sim compare`` draws it. A multi-panel figure (yes/no
outcomes, paired differences, fan charts, decision points, city falls) draws one panel on one
axis: name it with ``panel`` (:func:`panels` lists them), or pass a sequence of axes for all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.api.batches import BatchTables

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FIGURE_NAMES = (
    "collapse_survival",
    "binary_outcomes",
    "paired_differences",
    "fan_charts",
    "decision_timeline",
    "city_fall_dates",
)
_PANEL_COLUMN = {
    "binary_outcomes": "outcome",
    "city_fall_dates": "city",
    "paired_differences": "outcome",
    "fan_charts": "variable",
    "decision_timeline": "decision_id",
}


@dataclass(frozen=True)
class _Inputs:
    batch: Any  # analysis.folder.Batch
    baseline: str
    styles: dict[str, Any]


def _collapse(i: _Inputs) -> pd.DataFrame:
    from analysis.compare import horizons
    from analysis.survival import km_curves

    return km_curves(i.batch.outcomes, i.batch.period_starts(), horizons(i.batch))


def _binary(i: _Inputs) -> pd.DataFrame:
    from analysis import tables

    return tables.binary_outcome_shares(i.batch.outcomes)


def _paired(i: _Inputs) -> pd.DataFrame:
    from analysis import tables
    from analysis.compare import horizons
    from analysis.labels import PAIRED_NUMERIC_OUTCOMES
    from analysis.survival import with_days_standing

    outcomes = with_days_standing(i.batch.outcomes, horizons(i.batch))
    return tables.paired_differences(outcomes, i.baseline, PAIRED_NUMERIC_OUTCOMES)


def _fans(i: _Inputs) -> pd.DataFrame:
    from analysis import tables
    from analysis.labels import FAN_VARIABLES

    if i.batch.timeseries is None:
        raise ValueError("this batch has no timeseries table: run it with timeseries=True")
    return tables.fan_quantiles(i.batch.timeseries, FAN_VARIABLES, i.batch.period_starts())


def _decisions(i: _Inputs) -> pd.DataFrame:
    from analysis.fidelity import decision_points, decision_shares

    points = decision_points(i.batch.resolved(i.baseline))
    return decision_shares(i.batch.decisions, i.batch.runs(), points)


def _cities(i: _Inputs) -> pd.DataFrame:
    from analysis import tables

    return tables.city_fall_dates(i.batch.outcomes, i.batch.period_starts())


def _plot(name: str, data: pd.DataFrame, i: _Inputs, axes: list[Axes]) -> Figure:
    from analysis import plots, tables

    if name == "collapse_survival":
        from analysis.survival_plots import plot_survival

        return plot_survival(data, i.styles, ax=axes[0])
    if name == "binary_outcomes":
        return plots.plot_binary_outcomes(data, i.styles, axes=axes)
    if name == "paired_differences":
        return plots.plot_paired_differences(data, i.styles, i.baseline, axes=axes)
    if name == "fan_charts":
        return plots.plot_fan_charts(data, i.styles, axes=axes)
    if name == "decision_timeline":
        return plots.plot_decision_timeline(data, i.styles, axes=axes)
    start = i.batch.period_start(i.baseline)
    history = tables.historical_city_falls(i.batch.resolved(i.baseline), start)
    return plots.plot_city_falls(data, history, i.styles, axes=axes)


_TABLES: dict[str, Callable[[_Inputs], pd.DataFrame]] = {
    "collapse_survival": _collapse,
    "binary_outcomes": _binary,
    "paired_differences": _paired,
    "fan_charts": _fans,
    "decision_timeline": _decisions,
    "city_fall_dates": _cities,
}


def _inputs(batch: BatchTables | str | Path, baseline: str | None) -> _Inputs:
    from analysis.folder import choose_baseline
    from analysis.folder import load_batch as read
    from analysis.palette import scenario_styles

    loaded = read(Path(batch.folder if isinstance(batch, BatchTables) else batch))
    chosen = choose_baseline(loaded, baseline)
    return _Inputs(loaded, chosen, scenario_styles(loaded.scenarios, chosen))


def _check_name(name: str) -> None:
    if name not in _TABLES:
        from sim.core.text import did_you_mean

        raise ValueError(
            f"unknown figure {name!r}{did_you_mean(name, FIGURE_NAMES)} "
            f"(figures: {', '.join(FIGURE_NAMES)})"
        )


def panels(batch: BatchTables | str | Path, name: str, baseline: str | None = None) -> list[str]:
    """The panels of a multi-panel figure (``[]`` for a single-panel one)."""
    _check_name(name)
    column = _PANEL_COLUMN.get(name)
    if column is None:
        return []
    return list(dict.fromkeys(_TABLES[name](_inputs(batch, baseline))[column]))


def draw(
    batch: BatchTables | str | Path,
    name: str,
    ax: Axes | Sequence[Axes] | None = None,
    *,
    panel: str | None = None,
    baseline: str | None = None,
) -> tuple[Figure, pd.DataFrame]:
    """Draw report figure ``name`` (one of :data:`FIGURE_NAMES`) of a batch.

    ``ax``: an axis to draw on (a multi-panel figure then draws ``panel``, by default its first),
    a sequence of axes (one per panel), or None for a new figure. Returns the figure and the
    table drawn (as the CSV ``axis-sim compare`` writes beside each figure).
    """
    _check_name(name)
    inputs = _inputs(batch, baseline)
    data = _TABLES[name](inputs)
    column = _PANEL_COLUMN.get(name)
    if column is not None and (panel is not None or _single(ax)):
        choices = list(dict.fromkeys(data[column]))
        wanted = panel if panel is not None else choices[0]
        if wanted not in choices:
            raise ValueError(f"figure {name!r} has no panel {wanted!r} (panels: {choices})")
        data = data[data[column] == wanted]
    if ax is None:
        return _plot_new(name, data, inputs), data
    axes = [ax] if _single(ax) else list(ax)
    return _plot(name, data, inputs, axes), data


def _single(ax: Any) -> bool:
    return ax is not None and not isinstance(ax, Sequence) and not hasattr(ax, "ravel")


def _plot_new(name: str, data: pd.DataFrame, inputs: _Inputs) -> Figure:
    """A new figure, laid out as the report lays it out."""
    from matplotlib.figure import Figure

    column = _PANEL_COLUMN.get(name)
    if column is None:
        figure = Figure(figsize=(9, 5), layout="constrained")
        return _plot(name, data, inputs, [figure.add_subplot()])
    count = data[column].nunique()
    columns = min(3, count)
    rows = -(-count // columns)
    figure = Figure(figsize=(5 * columns, 3 * rows), layout="constrained")
    grid = list(figure.subplots(rows, columns, squeeze=False).ravel())
    for spare in grid[count:]:
        spare.set_visible(False)
    return _plot(name, data, inputs, grid[:count])
