"""Every report figure drawn with eleven scenarios: distinct colours or one panel per scenario,
labelled points, and titles that fit the figure (measured with the renderer's extent)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest_analysis import SCENARIO_NAMES, write_batch
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis import plots, survival, survival_plots, tables
from analysis.fidelity import decision_points, decision_shares, forced_levers
from analysis.figure_text import clipped_texts
from analysis.folder import load_batch
from analysis.labels import FAN_VARIABLES, PAIRED_NUMERIC_OUTCOMES
from analysis.palette import scenario_styles

NAMES = SCENARIO_NAMES
HORIZON = 35


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    shifts = {name: index / 10 for index, name in enumerate(NAMES)}
    return load_batch(write_batch(tmp_path_factory.mktemp("eleven") / "b", shifts, runs=12))


@pytest.fixture(scope="module")
def styles(batch):
    return scenario_styles(batch.scenarios, "baseline")


@pytest.fixture(scope="module")
def km(batch):
    return survival.km_curves(batch.outcomes, batch.period_starts(), dict.fromkeys(NAMES, HORIZON))


def tick_names(ax) -> list[str]:
    return [t.get_text().removesuffix(" (baseline)") for t in ax.get_yticklabels()]


def visible(figure: Figure):
    return [ax for ax in figure.axes if ax.get_visible()]


def test_eleven_scenarios_get_eleven_distinct_colours(styles):
    colours = [style.colour for style in styles.values()]
    assert len(colours) == 11 and len(set(colours)) == 11


def test_survival_of_eleven_scenarios_is_small_multiples_one_per_scenario(km, styles):
    figure = survival_plots.plot_survival(km, styles)
    panels = visible(figure)
    assert len(panels) == 11
    for ax, name in zip(panels, NAMES, strict=True):
        assert ax.get_title().split("\n")[0].removesuffix(" (baseline)") == name
        colours = {to_hex(line.get_color()) for line in ax.get_lines() if line.get_linewidth() > 1}
        assert styles[name].colour.lower() in colours
    assert clipped_texts(figure) == []


def test_headline_curve_overlays_at_most_four_labelled_curves(km, styles):
    chosen = ["baseline", *survival.most_different(km, "baseline", 3)]
    figure = survival_plots.plot_survival(km[km["scenario"].isin(chosen)], styles, chosen)
    (ax,) = visible(figure)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert [label.split(":")[0] for label in labels] == [n for n in NAMES if n in chosen]
    assert all("collapses in" in label and "runs" in label for label in labels)
    steps = [line for line in ax.get_lines() if line.get_label() in labels]
    assert len({to_hex(line.get_color()) for line in steps}) == 4
    assert clipped_texts(figure) == []
    legend = ax.get_legend().get_window_extent()  # drawn by clipped_texts
    assert legend.x0 >= 0 and legend.x1 <= figure.bbox.width and legend.y0 >= 0


@pytest.mark.parametrize("which", ["binary", "cities"])
def test_point_figures_label_every_scenario_on_every_panel(batch, styles, which):
    if which == "binary":
        figure = plots.plot_binary_outcomes(tables.binary_outcome_shares(batch.outcomes), styles)
    else:
        cities = tables.city_fall_dates(batch.outcomes, batch.period_starts())
        history = tables.historical_city_falls(
            batch.resolved("baseline"), batch.period_start("baseline")
        )
        figure = plots.plot_city_falls(cities, history, styles)
    for ax in visible(figure):
        assert tick_names(ax) == NAMES
    assert clipped_texts(figure) == []


def test_paired_differences_label_every_scenario_and_flag_small_samples(batch, styles, km):
    outcomes = survival.with_days_standing(batch.outcomes, dict.fromkeys(NAMES, HORIZON))
    data = tables.paired_differences(outcomes, "baseline", PAIRED_NUMERIC_OUTCOMES, 50)
    figure = plots.plot_paired_differences(data, styles, "baseline")
    for ax in visible(figure):
        assert tick_names(ax) == NAMES[1:]
        notes = [t.get_text() for t in ax.texts]
        assert any(note.endswith("(small)") for note in notes)  # 12 runs < 30
    assert clipped_texts(figure) == []


def test_fan_charts_of_eleven_scenarios_are_one_row_per_scenario(batch, styles):
    data = tables.fan_quantiles(batch.timeseries, FAN_VARIABLES, batch.period_starts())
    figure = plots.plot_fan_charts(data, styles)
    panels = visible(figure)
    assert len(panels) == 11 * len(FAN_VARIABLES)
    for index, ax in enumerate(panels):
        assert ax.get_title().startswith(NAMES[index // len(FAN_VARIABLES)])
    assert clipped_texts(figure) == []


def test_decision_timeline_legend_has_eleven_distinct_colours(batch, styles):
    points = decision_points(batch.resolved("baseline"))
    data = decision_shares(batch.decisions, batch.runs(), points)
    figure = plots.plot_decision_timeline(data, styles)
    (legend,) = figure.legends
    names = [t.get_text().removesuffix(" (baseline)") for t in legend.get_texts()]
    colours = [to_hex(patch.get_facecolor()) for patch in legend.get_patches()]
    assert names == NAMES and len(set(colours)) == 11
    assert clipped_texts(figure) == []


def test_a_lever_forced_for_part_of_an_all_window_is_visible():
    """The `all` rule counts no run for "send" when the first days chose "border_only"; the
    light bar (at least once) and the title still show the forced lever."""
    days = pd.date_range("2024-11-30", "2024-12-07")
    rows = [
        ("forced", 0, day, "iraqi_government", "iraqi_government", "send_army", choice, "{}")
        for day, choice in zip(days, ["border_only"] * 3 + ["send"] * 5, strict=True)
    ]
    columns = ["scenario", "run", "date", "actor", "kind", "decision", "choice", "probabilities"]
    decisions = pd.DataFrame(rows, columns=columns)
    point = {
        "id": "army_home", "actor": "iraqi_government", "decision": "send_army",
        "options": ["send", "border_only"], "status_quo": "border_only",
        "historical": "border_only", "window": ["2024-11-30", "2024-12-07"], "match": "all",
    }  # fmt: skip
    runs = pd.DataFrame({"scenario": ["forced"], "run": [0]})
    shares = decision_shares(decisions, runs, decision_points({"decisions": [point]}))
    send = shares[shares["option"] == "send"].iloc[0]
    assert send["share"] == 0.0 and send["share_any"] == 1.0
    lever = {**point, "window": ["2024-12-03", "2024-12-07"], "force": "send"}
    forced = forced_levers({"forced": {"decisions": [lever]}})
    assert forced[["scenario", "option"]].values.tolist() == [["forced", "send"]]
    figure = plots.plot_decision_timeline(shares, scenario_styles(["forced"], "forced"), forced)
    (ax,) = visible(figure)
    assert "forced in forced: send" in ax.get_title().replace("\n", " ")
    widths = [bar.get_width() for bar in ax.patches]
    assert 100.0 in widths  # the light bar of "send"
    assert any(bar.get_hatch() for bar in ax.patches)


def test_titles_that_do_not_fit_are_detected():
    figure = Figure(figsize=(3, 2))
    figure.add_subplot().set_title("a title far too long to fit in a figure three inches wide " * 2)
    assert clipped_texts(figure)


def test_rmst_from_lifelines_equals_the_mean_of_capped_run_times(batch, km):
    times = survival.standing_times(batch.outcomes, dict.fromkeys(NAMES, HORIZON))
    for name in NAMES:
        mine = times[times["scenario"] == name]["days"].to_numpy()
        rmst = km.loc[km["scenario"] == name, "rmst"].iloc[0]
        assert np.isclose(rmst, mine.mean())
        assert mine.max() <= HORIZON


def test_a_one_row_decision_figure_keeps_room_for_its_panels(tmp_path):
    """One scenario and two decision points: the title and legend must not squeeze the panels
    to nothing (constrained layout warned and gave up when the figure was one panel high)."""
    import warnings

    small = load_batch(write_batch(tmp_path / "b", {"baseline": 0.0}, runs=8))
    points = decision_points(small.resolved("baseline"))
    shares = decision_shares(small.decisions, small.runs(), points)
    figure = plots.plot_decision_timeline(shares, scenario_styles(small.scenarios, "baseline"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(tmp_path / "decisions.png")
    heights = [ax.get_position().height for ax in visible(figure)]
    assert min(heights) > 0.2  # a share of the figure's height, not a sliver
