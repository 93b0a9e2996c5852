"""Drawing functions: they draw on a given axes, or make their own Figure, with titles and labels;
scenario colours are fixed across figures (baseline black, Okabe–Ito for the others).

Figures are built without pyplot, so no backend is involved (the Agg canvas is used to save).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest_analysis import write_batch
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis import plots, survival, survival_plots, tables
from analysis.fidelity import decision_points, decision_shares
from analysis.folder import load_batch
from analysis.labels import FAN_VARIABLES, PAIRED_NUMERIC_OUTCOMES
from analysis.palette import BASELINE_COLOUR, OKABE_ITO, scenario_styles


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plots") / "b"
    return load_batch(write_batch(folder, {"baseline": 0.0, "iran_all_in": 1.0}, runs=8))


@pytest.fixture(scope="module")
def styles(batch):
    return scenario_styles(batch.scenarios, "baseline")


def test_styles_give_the_baseline_black_and_others_okabe_ito():
    styles = scenario_styles(["a", "baseline", "b"], "baseline")
    assert styles["baseline"].colour == BASELINE_COLOUR
    assert styles["a"].colour == OKABE_ITO["orange"] and styles["b"].colour == OKABE_ITO["sky_blue"]
    many = scenario_styles([f"s{i}" for i in range(14)], "s0")
    assert len({many[f"s{i}"].colour for i in range(12)}) == 12  # baseline + 11 distinct
    assert many["s12"].colour == many["s1"].colour and many["s12"].line_style != "-"


def test_survival_curve_draws_on_the_given_axes(batch, styles):
    figure = Figure()
    ax = figure.add_subplot()
    km = survival.km_curves(
        batch.outcomes, batch.period_starts(), {"baseline": 35, "iran_all_in": 35}
    )
    assert survival_plots.plot_survival(km, styles, ax=ax) is figure
    lines = {line.get_label(): to_hex(line.get_color()) for line in ax.get_lines()}
    assert lines[next(k for k in lines if k.startswith("baseline"))] == BASELINE_COLOUR
    assert any(k.startswith("iran_all_in") for k in lines)
    assert "standing" in ax.get_title().lower() and "%" in ax.get_ylabel()


@pytest.mark.parametrize(
    "draw",
    [
        lambda b, s: survival_plots.plot_survival(
            survival.km_curves(b.outcomes, b.period_starts(), dict.fromkeys(b.scenarios, 35)), s
        ),
        lambda b, s: plots.plot_binary_outcomes(tables.binary_outcome_shares(b.outcomes), s),
        lambda b, s: plots.plot_paired_differences(
            tables.paired_differences(b.outcomes, "baseline", PAIRED_NUMERIC_OUTCOMES, 50),
            s,
            "baseline",
        ),
        lambda b, s: plots.plot_fan_charts(
            tables.fan_quantiles(b.timeseries, FAN_VARIABLES, b.period_starts()), s
        ),
        lambda b, s: plots.plot_decision_timeline(
            decision_shares(b.decisions, b.runs(), decision_points(b.resolved("baseline"))), s
        ),
        lambda b, s: plots.plot_city_falls(
            tables.city_fall_dates(b.outcomes, b.period_starts()),
            tables.historical_city_falls(b.resolved("baseline"), b.period_start("baseline")),
            s,
        ),
    ],
    ids=["collapse", "binary", "paired", "fans", "decisions", "cities"],
)
def test_each_figure_has_a_title_and_labelled_axes(batch, styles, draw):
    figure = draw(batch, styles)
    assert isinstance(figure, Figure)
    visible = [ax for ax in figure.axes if ax.get_visible()]
    assert visible
    titled = bool(figure.get_suptitle()) or all(ax.get_title() for ax in visible)
    assert titled
    assert all(ax.get_xlabel() for ax in visible)


def test_paired_differences_panel_per_outcome(batch, styles):
    outcomes = survival.with_days_standing(batch.outcomes, dict.fromkeys(batch.scenarios, 35))
    data = tables.paired_differences(outcomes, "baseline", PAIRED_NUMERIC_OUTCOMES, 50)
    figure = plots.plot_paired_differences(data, styles, "baseline")
    titles = [ax.get_title() for ax in figure.axes if ax.get_visible()]
    assert len(titles) == len(PAIRED_NUMERIC_OUTCOMES)
    assert "Days the regime stands (to 31 Dec)" in [t.replace("\n", " ") for t in titles]


def test_city_falls_without_history_still_draws(batch, styles):
    data = tables.city_fall_dates(batch.outcomes, batch.period_starts())
    empty = pd.DataFrame(columns=["city", "label", "day", "date"])
    assert isinstance(plots.plot_city_falls(data, empty, styles), Figure)
