"""Calibration: the loss, the targets it sees, a recovery on synthetic data, and the record."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.batch.options import ExecutorName, RunOptions
from sim.experiments.calibration import CALIBRATED, CalibrationConfig, TargetScorer, calibrate, loss
from sim.registry import parameters
from sim.scenario import load_scenario

RECORD = Path(__file__).resolve().parents[2] / "docs" / "calibration" / "baseline.json"


def test_loss_is_the_brier_score_of_the_targets():
    assert loss(pd.Series({"a": 1.0, "b": 0.5, "c": 0.0})) == pytest.approx(0 + 0.25 + 1)


def test_a_date_on_the_window_edge_costs_more_than_one_in_its_middle():
    """Two parameter sets whose runs all fall inside the window [7, 9]: the share cannot tell
    them apart, the date score (CRPS against history's day, 8) can."""
    from sim.scenario.schema import Observable

    target = Observable(
        id="x", outcome="fall_day_x", range=(7, 9), role="calibration", source="synthetic"
    )
    scorer = TargetScorer((), (target,), n_days=35)
    assert scorer.dated == {"x": 8.0}
    table = pd.DataFrame({"match:x": [True] * 20, "date:x": [8.0] * 10 + [9.0] * 10})
    middle, edge = scorer.scores(table, designs=2)
    assert middle.shares["x"] == edge.shares["x"] == 1.0
    assert middle.dates["x"] == pytest.approx(0.0)
    assert edge.dates["x"] > 0.05
    assert edge.loss > middle.loss
    assert loss(edge.shares, edge.dates) == pytest.approx(edge.dates["x"])


def test_the_calibration_dates_every_change_of_course_and_fall():
    scorer = TargetScorer.for_scenario(load_scenario("baseline"))
    dated = scorer.dated
    assert {"hama_falls", "damascus_falls", "sudani_warns_erdogan", "iran_hedges"} <= set(dated)
    assert "iran_pledges_support" not in dated  # a status quo held, not a date
    assert dated["hama_falls"] == 8.0  # 5 Dec


def test_the_calibration_sees_only_calibration_targets():
    scenario = load_scenario("baseline")
    scorer = TargetScorer.for_scenario(scenario)
    roles = {p.id: p.role for p in scenario.decisions} | {
        o.id: o.role for o in scenario.observables
    }
    assert scorer.ids and all(roles[i] == "calibration" for i in scorer.ids)
    validation = [i for i, role in roles.items() if role == "validation"]
    assert validation and not set(validation) & set(scorer.ids)


def synthetic(tmp_path: Path, day: int) -> Path:
    """The baseline with a single calibration target: Aleppo falls on ``day``."""
    base = load_scenario("baseline")
    drop = [p.id for p in base.decisions] + [o.id for o in base.observables]
    path = tmp_path / "synthetic.yaml"
    path.write_text(
        f"extends: {(Path('scenarios') / 'baseline.yaml').resolve().as_posix()}\n"
        "name: synthetic\n"
        f"drop: [{', '.join(drop)}]\n"
        "observables:\n"
        f"  - {{id: aleppo, outcome: fall_day_aleppo, range: [{day}, {day}], "
        "role: calibration, source: synthetic}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(("day", "direction"), [(1, +1), (3, -1)])
def test_calibration_recovers_the_pace_that_makes_synthetic_history(tmp_path, day, direction):
    """Aleppo falling on day 1 asks for a faster offensive than the default (day 2); on day 3,
    a slower one."""
    key = "front.advance_km_per_day"
    scenario = load_scenario(synthetic(tmp_path, day))
    options = RunOptions(
        out=tmp_path / "runs", seed=5, executor=ExecutorName.sequential, progress=False
    )
    config = CalibrationConfig(scenario, options, keys=(key,), runs=30, grid=5, sweeps=1)
    result = calibrate(config, progress=lambda line: None)
    default = parameters()[key].default
    assert direction * (result.values[key] - default) > 0
    assert result.loss <= result.loss_start


def test_code_defaults_are_the_recorded_calibration():
    """Every calibrated parameter's default is the value `axis-sim calibrate baseline` found
    (docs/calibration/baseline.json), to the 3 decimals the code keeps."""
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    table = parameters()
    assert set(record["result"]) == set(CALIBRATED)
    for key, value in record["result"].items():
        assert table[key].default == pytest.approx(round(value, 3), abs=1e-9), key
    assert record["loss_result"] <= record["loss_start"]
