"""The Dask executor: the same tables as a sequential batch; failures recorded on workers too."""

from __future__ import annotations

import logging
import sys

import pandas as pd
import pytest

from sim.batch.engine import BatchConfig, run_batch

distributed = pytest.importorskip(
    "distributed", reason="dask is not installed (pip install 'axis-sim[dask]')"
)

TABLES = ("outcomes.parquet", "decisions.parquet", "timeseries.parquet")


@pytest.fixture(scope="module")
def cluster():
    options = dict(threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR)
    with distributed.LocalCluster(processes=True, n_workers=2, **options) as cluster:
        yield cluster


def boom_on_run_3(scenario, run, root_seed, timeseries=False):
    from sim.run.runner import run_once

    if run == 3:
        raise RuntimeError("run 3 breaks on purpose")
    return run_once(scenario, run, root_seed, timeseries)


def batch(tmp_path, out, runs=8, **kw):
    config = BatchConfig(
        ["baseline", "iraq_sends_army"],
        out=tmp_path / out,
        runs=runs,
        seed=23,
        progress=False,
        **kw,
    )
    return run_batch(config)


def test_dask_gives_the_sequential_tables(tmp_path, cluster):
    reference = batch(tmp_path, "seq", executor="sequential", timeseries=True)
    result = batch(
        tmp_path, "dask", executor="dask", scheduler=cluster.scheduler_address, timeseries=True
    )
    assert result.status == "complete" and result.exit_code == 0
    assert result.executor.startswith("Dask scheduler") and "2 worker threads" in result.executor
    for name in TABLES:
        pd.testing.assert_frame_equal(
            pd.read_parquet(reference.out / name), pd.read_parquet(result.out / name)
        )
        assert (reference.out / name).read_bytes() == (result.out / name).read_bytes(), name


def test_a_failing_run_on_a_dask_worker_is_recorded(tmp_path, cluster):
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/
    try:
        result = batch(
            tmp_path,
            "fail",
            executor="dask",
            scheduler=cluster.scheduler_address,
            run_fn=boom_on_run_3,
        )
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert result.status == "complete" and result.exit_code == 1
    failures = pd.read_parquet(result.out / "failures.parquet")
    assert failures[["scenario", "run", "error_type"]].values.tolist() == [
        ["baseline", 3, "RuntimeError"],
        ["iraq_sends_army", 3, "RuntimeError"],
    ]
    assert len(pd.read_parquet(result.out / "outcomes.parquet")) == 14


def test_local_cluster_by_default(tmp_path):
    result = batch(tmp_path, "local", executor="dask", workers=2, runs=2)
    assert result.executor == "Dask LocalCluster, 2 worker threads" and result.exit_code == 0
