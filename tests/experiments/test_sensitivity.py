"""Morris and Sobol' sensitivity through the batch engine: shapes, seeds, executors, inputs."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from analysis import sensitivity as sa
from sim.batch.options import RunOptions
from sim.cli.experiment_commands import sensitivity_command
from sim.cli.pipelines import run_sensitivity
from sim.experiments import points
from sim.experiments import sensitivity as design

PARAMS = ("iran.commitment_to_assad", "context.israel_deterrence")
SEED = 11


def run(method: str, n: int, out, executor: str = "sequential", workers: int | None = None):
    options = RunOptions(seed=SEED, executor=executor, workers=workers, out=out, progress=False)
    return run_sensitivity(design.SensitivityConfig("baseline", method, n, PARAMS, options=options))


@pytest.fixture(scope="module")
def morris(tmp_path_factory):
    return run("morris", 4, tmp_path_factory.mktemp("morris"))


@pytest.fixture(scope="module")
def sobol(tmp_path_factory):
    return run("sobol", 8, tmp_path_factory.mktemp("sobol"))


def check_shape(result, columns):
    indices = result.indices
    names = [*PARAMS, design.CHANCE]
    assert len(indices) == len(design.DEFAULT_OUTCOMES) * len(names)
    for _, rows in indices.groupby("outcome"):
        assert sorted(rows["parameter"]) == sorted(names)  # one row per parameter per outcome
    assert set(columns) <= set(indices.columns)
    assert indices.loc[indices["chance"], "parameter"].eq(design.CHANCE).all()


def test_morris_gives_one_row_per_parameter_and_outcome(morris):
    check_shape(morris, ("mu_star", "mu_star_conf", "sigma"))
    assert morris.runs == 4 * (len(PARAMS) + 2)
    assert np.isfinite(morris.indices[["mu_star", "sigma"]].to_numpy()).all()
    assert (morris.indices["mu_star"] >= 0).all()


def test_sobol_gives_finite_indices_for_outcomes_that_vary(sobol):
    check_shape(sobol, ("S1", "S1_conf", "ST", "ST_conf"))
    assert sobol.runs == 8 * (len(PARAMS) + 3)  # N·(D+2), D counting chance
    varying = sobol.indices[sobol.indices["outcome_sd"] > 0]
    assert len(varying) and np.isfinite(varying[["S1", "S1_conf", "ST", "ST_conf"]]).all().all()
    constant = sobol.indices[sobol.indices["outcome_sd"] == 0]
    assert constant[["S1", "ST"]].isna().all().all()  # 0/0: undefined, not a fake zero


def test_files_are_written(morris, sobol):
    for result in (morris, sobol):
        for name in ("indices.parquet", "indices.csv", "design.parquet", "sensitivity.json"):
            assert (result.out / name).is_file()
        pngs = sorted(p.stem for p in (result.out / "figures").glob("*.png"))
        assert pngs == sorted(design.DEFAULT_OUTCOMES)
    pd.testing.assert_frame_equal(pd.read_parquet(morris.out / "indices.parquet"), morris.indices)


def test_same_seed_same_indices(morris, tmp_path):
    again = run("morris", 4, tmp_path / "again")
    pd.testing.assert_frame_equal(morris.indices, again.indices)


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_sample_order_survives_a_process_pool(method, morris, sobol, tmp_path):
    sequential = {"morris": morris, "sobol": sobol}[method]
    pooled = run(method, 4 if method == "morris" else 8, tmp_path / "pool", "process", 2)
    pd.testing.assert_frame_equal(sequential.indices, pooled.indices)


# Pieces ----------------------------------------------------------------------------------
def test_bounds_come_from_the_scenario_else_the_registry():
    from sim.scenario import load_scenario

    factors = design.factors_for(
        load_scenario("baseline"), ["iran.commitment_to_assad", "iran.switching_cost"]
    )
    assert [(f.low, f.high, f.bounds_from) for f in factors] == [
        (0.15, 0.8, "uncertainty"),
        (0.0, 0.4, "registry"),
    ]
    baseline = load_scenario("baseline")
    default = design.factors_for(baseline)
    assert [f.key for f in default] == sorted(baseline.uncertainty)
    assert all(f.bounds_from == "uncertainty" for f in default)


def test_design_points_share_seeds_until_chance_moves():
    problem = design.salib_problem(design.factors_for(_baseline(), PARAMS))
    x = design.sample_points(problem, "sobol", 4, SEED)
    runs = design.common_seed_runs(x, design.block_size("sobol", 3), chance=True).reshape(4, 5)
    # per base point: A, AB_1, AB_2 (seed of A), AB_chance, B (the other seed)
    assert (runs == np.array([[0, 0, 0, 1, 1]]) + 2 * np.arange(4)[:, None]).all()
    x = design.sample_points(problem, "morris", 3, SEED)
    runs = design.common_seed_runs(x, design.block_size("morris", 3), chance=True).reshape(3, 4)
    for trajectory, seeds in enumerate(runs):
        assert set(seeds) == {2 * trajectory, 2 * trajectory + 1}
        assert (np.diff(seeds) >= 0).all()  # one switch, when chance moves
    assert (design.common_seed_runs(x, 4, chance=False) % 2 == 0).all()


def _baseline():
    from sim.scenario import load_scenario

    return load_scenario("baseline")


def test_never_happened_is_the_day_after_the_period_and_booleans_are_0_1():
    table = pd.DataFrame(
        {"regime_collapse_day": [10.0, math.nan], "regime_collapsed": [True, False]}
    )
    assert sa.response(table, "regime_collapse_day", 35).tolist() == [10.0, 35.0]
    assert sa.response(table, "regime_collapsed", 35).tolist() == [1.0, 0.0]


def test_the_runner_pickles_and_a_shuffled_table_is_refused():
    runner = points.SampleRunner(PARAMS, np.array([[0.2, 0.5], [0.7, 0.1]]))
    assert np.array_equal(pickle.loads(pickle.dumps(runner)).values, runner.values)
    table = pd.DataFrame({"run": [1, 0], PARAMS[0]: [0.7, 0.2], PARAMS[1]: [0.1, 0.5]})
    with pytest.raises(RuntimeError, match="design order"):
        points.check_order(table, PARAMS, runner.values)


def test_input_errors_are_clear():
    from sim.scenario import load_scenario

    with pytest.raises(design.SensitivityInputError, match="unknown parameter"):
        design.factors_for(load_scenario("baseline"), ["iran.nope"])
    with pytest.raises(design.SensitivityInputError, match="non-numeric outcome"):
        design.check_outcomes(["iran_posture_final"])
    with pytest.raises(design.SensitivityInputError, match="power of two"):
        design.check_n("sobol", 100)


app = typer.Typer()
app.command("sensitivity")(sensitivity_command)
app.command("other")(lambda: None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--params", "iran.nope"], "unknown parameter(s) iran.nope"),
        (["--outcome", "nope"], "unknown or non-numeric outcome(s) nope"),
        (["--method", "sobol", "--n", "100"], "power of two"),
    ],
)
def test_sensitivity_bad_input_exits_2(args, message):
    result = CliRunner().invoke(app, ["sensitivity", "baseline", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_sensitivity_command_prints_where_the_files_are(tmp_path):
    args = ["sensitivity", "baseline", "--params", PARAMS[0], "--n", "2", "--out", str(tmp_path)]
    args += ["--executor", "sequential", "--outcome", "regime_collapse_day", "--force"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "indices.csv" in result.output and (tmp_path / "figures").is_dir()
