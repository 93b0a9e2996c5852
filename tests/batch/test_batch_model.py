"""The batch engine on the real model: identical tables whatever the executor or worker count."""

from __future__ import annotations

import pandas as pd

from sim.batch.engine import BatchConfig, run_batch
from sim.run.runner import run_once
from sim.scenario import load_scenario

SCENARIOS = ["baseline", "iran_all_in"]
TABLES = ("outcomes.parquet", "decisions.parquet", "timeseries.parquet")


def batch(tmp_path, out, **kw):
    config = BatchConfig(
        SCENARIOS, out=tmp_path / out, runs=10, seed=17, timeseries=True, progress=False, **kw
    )
    result = run_batch(config)
    assert result.status == "complete" and result.exit_code == 0, result.failures[:1]
    return result.out


def test_same_tables_sequential_and_process_pools(tmp_path):
    reference = batch(tmp_path, "seq", executor="sequential")
    for out, workers in (("p1", 1), ("p2", 2)):
        folder = batch(tmp_path, out, executor="process", workers=workers)
        for name in TABLES:
            pd.testing.assert_frame_equal(
                pd.read_parquet(reference / name), pd.read_parquet(folder / name)
            )
            assert (reference / name).read_bytes() == (folder / name).read_bytes(), name


def test_rows_are_run_once_rows_sorted_and_paired(tmp_path):
    folder = batch(tmp_path, "rows", executor="sequential")
    outcomes = pd.read_parquet(folder / "outcomes.parquet")
    assert outcomes[["scenario", "run"]].values.tolist() == [
        [s, r] for s in sorted(SCENARIOS) for r in range(10)
    ]
    spec = load_scenario("iran_all_in")
    expected = run_once(spec, 4, 17, timeseries=True)
    row = outcomes[(outcomes.scenario == "iran_all_in") & (outcomes.run == 4)].iloc[0]
    assert set(expected.outcome) <= set(row.index)
    for key, value in expected.outcome.items():
        assert row[key] == value or (pd.isna(row[key]) and pd.isna(value)), key
    others = row.drop(list(expected.outcome))  # parameters drawn by the other scenario only
    assert others.isna().all()
    decisions = pd.read_parquet(folder / "decisions.parquet")
    mine = decisions[(decisions.scenario == "iran_all_in") & (decisions.run == 4)]
    assert mine.to_dict("list") == expected.decisions  # the run's own order, same values
    # common random numbers: run i of both scenarios draws the same shared parameters
    shared = sorted(set(load_scenario("baseline").uncertainty) & set(spec.uncertainty))
    by = outcomes.set_index(["scenario", "run"])[shared]
    pd.testing.assert_frame_equal(by.loc["baseline"], by.loc["iran_all_in"])
