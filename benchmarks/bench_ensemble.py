"""The cost of building an ensemble against a plain batch of as many model runs, side by side.

    python benchmarks/bench_ensemble.py                       # population 40, 3 generations
    python benchmarks/bench_ensemble.py --population 100 --generations 4 --runs 4

Each repetition builds an ensemble (``axis-sim ensemble``'s code, 2 workers), counts the model
runs it made, then times a plain batch (``axis-sim batch``'s code) of the same number of runs of
the baseline, on the same workers, right after it. It prints both times and their ratio (target
<= 1.3, docs/performance.md), the median over the repetitions, and the ratio of CPU times
(this process and its workers), which other jobs on the machine disturb less. pyabc and the
model are imported before the clocks start (importing pyabc takes about 3 s once per command).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sim.batch import BatchConfig, run_batch
from sim.batch.options import RunOptions
from sim.experiments.ensemble import EnsembleConfig, fit_ensemble
from sim.scenario import load_scenario

TARGET = 1.3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--population", type=int, default=40)
    parser.add_argument("--generations", type=int, default=3)
    parser.add_argument("--runs", type=int, default=4, help="runs per particle")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers), user + system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_ensemble(args: argparse.Namespace, folder: Path, seed: int) -> tuple[float, float, int]:
    """Wall and CPU seconds to build the ensemble, and the number of model runs it made."""
    options = RunOptions(out=folder, seed=seed, workers=args.workers, progress=False)
    scenario = load_scenario("baseline")
    config = EnsembleConfig(scenario, options, args.population, args.generations, runs=args.runs)
    start, cpu = time.perf_counter(), cpu_seconds()
    result = fit_ensemble(config)
    runs = sum(p.runs for p in result.populations)
    return time.perf_counter() - start, cpu_seconds() - cpu, runs


def time_batch(runs: int, workers: int, folder: Path, seed: int) -> tuple[float, float]:
    config = BatchConfig(
        scenarios=["baseline"], runs=runs, seed=seed, out=folder, workers=workers, progress=False
    )
    start, cpu = time.perf_counter(), cpu_seconds()
    result = run_batch(config)
    seconds = time.perf_counter() - start
    if result.status != "complete":
        raise SystemExit(f"the batch ended {result.status}")
    return seconds, cpu_seconds() - cpu


def main() -> int:
    args = parse_args()
    import pyabc  # noqa: F401  (its import is not part of either figure)

    ratios, cpu_ratios = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            ensemble_s, ensemble_cpu, runs = time_ensemble(args, Path(tmp) / f"e-{i}", seed=i)
            batch_s, batch_cpu = time_batch(runs, args.workers, Path(tmp) / f"b-{i}", seed=i)
            ratios.append(ensemble_s / batch_s)
            cpu_ratios.append(ensemble_cpu / batch_cpu)
            print(
                f"repetition {i + 1}: ensemble {ensemble_s:.1f} s, batch of the same {runs} runs "
                f"{batch_s:.1f} s: ratio {ratios[-1]:.2f} (CPU time {ensemble_cpu:.1f} s / "
                f"{batch_cpu:.1f} s: {cpu_ratios[-1]:.2f})",
                flush=True,
            )
    print(f"CPU-time ratio (less sensitive to other load): {statistics.median(cpu_ratios):.2f}")
    ratio = statistics.median(ratios)
    verdict = "meets" if ratio <= TARGET else "misses"
    print(
        f"ensemble / batch (median of {len(ratios)}, population {args.population}, "
        f"{args.generations} generations, {args.runs} runs a particle, {args.workers} workers): "
        f"{ratio:.2f} ({verdict} the target {TARGET})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
