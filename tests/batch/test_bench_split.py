"""The benchmark's arithmetic: a side's start-up and cost a run, and the cost a run the 1.6x
target needs (benchmarks/bench_batch.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_batch.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_batch", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_split_recovers_a_straight_line(bench):
    start, per_run, runs = 1.5, 0.006, 600
    small = [start + bench.SMALL * per_run + noise for noise in (-0.01, 0.0, 0.01)]
    large = [start + runs * per_run + noise for noise in (0.02, 0.0, -0.02)]
    got_start, got_per_run = bench.start_and_per_run(small, large, runs)
    assert got_start == pytest.approx(start)
    assert got_per_run == pytest.approx(per_run)


def test_needed_cost_gives_the_target(bench, capsys):
    engine, mesa = (0.2, 0.006), (1.7, 0.006)
    bench.print_split({"engine": engine, "mesa": mesa}, 600)
    needed = float(capsys.readouterr().out.split("≤ ")[1].split(" ms")[0]) / 1000
    ratio = (mesa[0] + 600 * needed) / (engine[0] + 600 * needed)
    assert ratio == pytest.approx(1.6, abs=0.01)
