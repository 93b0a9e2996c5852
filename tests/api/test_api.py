"""The Python API (``sim.api``): load, fix parameters, run one, run a batch, draw figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sim import api
from sim.run.runner import run_once
from sim.scenario import ScenarioError

KEY = "iran.commitment_to_assad"


def test_fixing_a_drawn_parameter_fixes_it():
    base = api.load("baseline")
    assert KEY in base.uncertainty
    fixed = api.with_parameters(base, {KEY: 0.9})
    assert KEY not in fixed.uncertainty and fixed.parameters[KEY] == 0.9
    assert fixed.sha256 != base.sha256 and base.uncertainty[KEY]  # the original is untouched
    for index in range(3):
        one = api.run(fixed, seed=11, run=index)
        assert KEY not in one.parameters
        same = run_once(base, index, 11, overrides={KEY: 0.9}).outcome  # as --set does
        assert _equal_with_nan(one.outcome, same)


def _equal_with_nan(a: dict, b: dict) -> bool:
    return all(a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in a)


def test_fixed_value_changes_the_runs_against_the_drawn_one():
    base = api.load("baseline")
    low = api.with_parameters(base, {KEY: 0.05, "iran.exasperation_with_assad": 0.1})
    high = api.with_parameters(base, {KEY: 0.95, "iran.exasperation_with_assad": 0.1})
    lows = [api.run(low, seed=3, run=i).outcome["iran_letgo_day"] for i in range(4)]
    highs = [api.run(high, seed=3, run=i).outcome["iran_letgo_day"] for i in range(4)]
    assert lows != highs


def test_with_parameters_refuses_unknown_and_out_of_range_values():
    with pytest.raises(ScenarioError, match=r"did you mean 'iran\.commitment_to_assad'"):
        api.with_parameters("baseline", {"iran.comitment_to_assad": 0.5})
    with pytest.raises(ScenarioError, match="outside the allowed range"):
        api.with_parameters("baseline", {KEY: 7.0})


def test_run_returns_the_outcome_and_dataframes():
    one = api.run("iraq_sends_army", seed=5, run=2)
    assert one.outcome["iraqi_army_deployed"] is True
    assert {"date", "actor", "decision", "choice"} <= set(one.decisions.columns)
    assert pd.api.types.is_datetime64_any_dtype(one.decisions["date"])
    assert len(one.timeseries) == 35 and one.timeseries["date"].iloc[0] == pd.Timestamp(
        "2024-11-27"
    )
    assert one.narrative and one.narrative[0].startswith("2024-11-27")


def test_run_batch_into_a_folder_and_back(tmp_path):
    hawk = api.with_parameters("baseline", {KEY: 0.95}, name="hawkish_iran")
    batch = api.run_batch(["baseline", hawk], tmp_path / "b", runs=3, seed=7)
    assert batch.folder == tmp_path / "b"
    assert sorted(batch.outcomes["scenario"].unique()) == ["baseline", "hawkish_iran"]
    assert len(batch.outcomes) == 6 and batch.timeseries is not None
    again = api.load_batch(tmp_path / "b")
    pd.testing.assert_frame_equal(again.outcomes, batch.outcomes)
    hawkish = batch.manifest["scenarios"]["hawkish_iran"]["resolved"]
    assert hawkish["parameters"][KEY] == 0.95 and KEY not in hawkish["uncertainty"]
    assert batch.outcomes.loc[batch.outcomes["scenario"] == "hawkish_iran", KEY].isna().all()


def test_run_batch_without_a_folder_uses_a_temporary_one_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    batch = api.run_batch(["baseline"], runs=2, seed=1)
    said = capsys.readouterr().err
    assert str(batch.folder) in said and "axis-sim-batch-" in batch.folder.name
    assert not (tmp_path / "results").exists() and list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def small_batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("api") / "batch"
    return api.run_batch(["baseline", "iran_all_in"], out, runs=4, seed=2)


@pytest.mark.parametrize("name", api.FIGURE_NAMES)
def test_every_report_figure_draws_on_a_given_axis(small_batch, name):
    figure, ax = plt.subplots()
    drawn, data = api.draw(small_batch, name, ax=ax)
    assert drawn is figure and not data.empty
    assert ax.has_data() or ax.patches or ax.texts
    plt.close(figure)


def test_multi_panel_figures_draw_the_panel_asked(small_batch):
    names = api.panels(small_batch, "fan_charts")
    assert "regime_cohesion" in names
    figure, ax = plt.subplots()
    _, data = api.draw(small_batch, "fan_charts", ax=ax, panel="iran_pressure")
    assert set(data["variable"]) == {"iran_pressure"}
    plt.close(figure)
    with pytest.raises(ValueError, match="did you mean 'fan_charts'"):
        api.draw(small_batch, "fan_chart")
