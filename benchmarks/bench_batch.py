"""Batch engine benchmark on the baseline: throughput, scaling, ``mesa.batch_run``, memory.

    python benchmarks/bench_batch.py                  # everything (≈ 10 min on 2 cores)
    python benchmarks/bench_batch.py --quick          # throughput only, fewer runs
    python benchmarks/bench_batch.py --profile        # also cProfile one run's hot spots
    python benchmarks/bench_batch.py --against 37a0727 --pairs 7   # the ratio, then and now

Every case runs in its own fresh interpreter (``mesa.batch_run`` sets the global start method to
"spawn", and a fresh process is what the command line is), which prints one JSON line; this
script prints the figures and the ratios against the targets of ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import mesa

from sim.model import CrisisModel

SCENARIO, SEED = "baseline", 20241127
SMALL = 10  # runs in the batch that measures a side's start-up


class BatchRunModel(CrisisModel):
    """A thin adapter so ``mesa.batch_run`` builds the same runs from keyword arguments."""

    def __init__(self, run: int = 0, root_seed: int = SEED, rng: Any = None) -> None:
        from sim.run.sampling import draw_parameters
        from sim.run.seeding import model_seed

        spec = _scenario()
        super().__init__(
            spec,
            rng=model_seed(root_seed, run),
            params=draw_parameters(spec, root_seed, run),
            record_history=False,
            record_narrative=False,  # configured as the engine's runs are
        )
        self.datacollector = mesa.DataCollector(model_reporters={"outcome": CrisisModel.outcomes})

    def step(self) -> None:
        super().step()
        if not self.running:
            self.datacollector.collect(self)


@functools.cache
def _scenario() -> Any:
    from sim.scenario import load_scenario

    return load_scenario(SCENARIO)


def outcome_only_run(scenario: Any, run: int, root_seed: int, timeseries: bool = False) -> dict:
    """The adapter's work exactly (an outcome row, no decision rows), for a like-for-like ratio."""
    from sim.run.runner import build_model

    model, drawn = build_model(scenario, run, root_seed)
    return {"outcome": {**model.run(), **drawn}, "decisions": [], "timeseries": None}


# Cases, each in a fresh interpreter ------------------------------------------------------
def case_engine(runs: int, executor: str, workers: int, out: Path) -> dict[str, Any]:
    from sim.batch.engine import BatchConfig, run_batch

    lean = executor.endswith("-lean")
    start = time.perf_counter()
    result = run_batch(
        BatchConfig(
            [SCENARIO],
            out=out,
            runs=runs,
            seed=SEED,
            executor=executor.removesuffix("-lean"),
            workers=workers,
            progress=False,
            force=True,
            run_fn=outcome_only_run if lean else None,
        )
    )
    seconds = time.perf_counter() - start
    return {
        "runs": runs,
        "seconds": seconds,
        "rate": runs / seconds,
        "failed": len(result.failures),
        **_rusage(),
    }


def case_mesa(runs: int, workers: int) -> dict[str, Any]:
    start = time.perf_counter()
    rows = mesa.batch_run(
        BatchRunModel,
        {"run": range(runs), "root_seed": SEED},
        number_processes=workers,
        display_progress=False,
    )
    seconds = time.perf_counter() - start
    assert len(rows) == runs
    return {"runs": runs, "seconds": seconds, "rate": runs / seconds, **_rusage()}


def _rusage() -> dict[str, float]:
    kib = 1024 / 1e6  # ru_maxrss is in KiB on Linux
    me, workers = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return {
        "peak_rss_parent_mb": me.ru_maxrss * kib,
        "peak_rss_worker_mb": workers.ru_maxrss * kib,
        "cpu_s": me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime,
    }


def run_case(args: list[str], tree: Path | None = None) -> dict[str, Any]:
    """Run a case in a fresh interpreter, sampling the RSS of its whole process tree; with
    ``tree``, that tree's own benchmark script and code (another commit, exported)."""
    script, env = Path(__file__), None
    if tree is not None:
        script, env = (
            tree / "benchmarks" / "bench_batch.py",
            {**os.environ, "PYTHONPATH": str(tree)},
        )
    process = subprocess.Popen(
        [sys.executable, str(script), "--case", *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tree,
        env=env,
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _tree_rss_mb(process.pid))
        time.sleep(0.2)
    stdout = process.stdout.read() if process.stdout else ""
    if process.returncode:
        raise SystemExit(f"case {args} failed with exit status {process.returncode}")
    return json.loads(stdout.strip().splitlines()[-1]) | {"peak_rss_tree_mb": peak}


def _tree_rss_mb(root: int) -> float:
    """Sum of the resident memory of ``root`` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(p, 0) for p in tree) / 1e6


def profile_one_run(top: int = 18) -> None:
    import cProfile
    import pstats

    from sim.batch.worker import collection_after_each_run
    from sim.run.runner import run_once
    from sim.scenario import load_scenario

    spec = load_scenario(SCENARIO)
    run_once(spec, 0, SEED)  # warm caches
    profiler = cProfile.Profile()
    with collection_after_each_run() as run_done:  # as in a worker: else GC time lands anywhere
        profiler.enable()
        for run in range(20):
            run_once(spec, run, SEED)
            run_done()
        profiler.disable()
    print("\nHot spots of 20 baseline runs (cProfile, own time; garbage collected as in a worker):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


# Report ----------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=600, help="runs for the throughput cases")
    parser.add_argument("--rss", default="2000,20000", help="run counts for the memory cases")
    parser.add_argument("--quick", action="store_true", help="200 runs, no memory cases")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory cases")
    parser.add_argument(
        "--pairs", type=int, default=3, help="alternating engine / mesa.batch_run pairs (0: none)"
    )
    parser.add_argument(
        "--against", metavar="REV", help="only the ratio, this tree against commit REV"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one run")
    parser.add_argument("--case", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        kind, runs, *rest = args.case
        if kind == "mesa":
            figures = case_mesa(int(runs), int(rest[0]))
        else:
            figures = case_engine(int(runs), kind, int(rest[0]), Path(rest[1]))
        print(json.dumps(figures))
        return
    runs = 200 if args.quick else args.runs
    print(
        f"machine: {os.cpu_count()} CPUs, {_mem_gb():.0f} GB, load {os.getloadavg()[0]:.2f}, "
        f"Python {sys.version.split()[0]}, mesa {mesa.__version__}"
    )
    if args.against:
        with tempfile.TemporaryDirectory() as tmp:
            against(args.against, runs, max(args.pairs, 1), tmp)
        return
    with tempfile.TemporaryDirectory() as tmp:
        seq = run_case(["sequential", str(runs), "1", f"{tmp}/seq"])
        one = run_case(["process", str(runs), "1", f"{tmp}/p1"])
        two = run_case(["process", str(runs), "2", f"{tmp}/p2"])
        lean = run_case(["process-lean", str(runs), "2", f"{tmp}/lean"])
        ref = run_case(["mesa", str(runs), "2"])
        print(f"\nthroughput, {runs} baseline runs (runs/s, wall time incl. start-up and merge;")
        print("CPU ms: CPU time of the whole process tree per run, start-up included):")
        for name, fig in [
            ("sequential", seq),
            ("process pool, 1 worker", one),
            ("process pool, 2 workers", two),
            ("  same, outcome rows only", lean),
            ("mesa.batch_run, 2 processes", ref),
        ]:
            cpu = 1000 * fig["cpu_s"] / fig["runs"]
            print(f"  {name:<30} {fig['rate']:8.1f}   ({fig['seconds']:5.1f} s; {cpu:5.1f} CPU ms)")
        ratios = [
            ("2 workers / 1 worker", two["rate"] / one["rate"], "(target ≥ 1.7)"),
            ("2 workers / sequential", two["rate"] / seq["rate"], ""),
            ("engine / mesa.batch_run", two["rate"] / ref["rate"], "(target ≥ 1.6)"),
            ("  like for like (outcomes only)", lean["rate"] / ref["rate"], ""),
        ]
        for name, value, target in ratios:
            print(f"  {name:<30} {value:8.2f}×  {target}")
        if args.pairs:
            paired_ratio(runs, args.pairs, tmp)
        if not (args.quick or args.no_memory):
            sizes = [int(n) for n in args.rss.split(",")]
            memory = {n: run_case(["process", str(n), "2", f"{tmp}/rss{n}"]) for n in sizes}
            print("\npeak memory, process pool with 2 workers (MB):")
            print(f"  {'runs':>7} {'runs/s':>8} {'tree (sum)':>11} {'parent':>8} {'worker':>8}")
            for n, fig in memory.items():
                print(
                    f"  {n:>7} {fig['rate']:8.1f} {fig['peak_rss_tree_mb']:11.0f} "
                    f"{fig['peak_rss_parent_mb']:8.0f} {fig['peak_rss_worker_mb']:8.0f}"
                )
            low, high = memory[sizes[0]], memory[sizes[-1]]
            ratio = high["peak_rss_tree_mb"] / low["peak_rss_tree_mb"]
            print(f"  {sizes[-1]} / {sizes[0]} runs: {ratio:.2f}× (target ≤ 1.2)")
    if args.profile:
        profile_one_run()


def paired_ratio(runs: int, pairs: int, tmp: str) -> None:
    """Engine (2 workers) and ``mesa.batch_run`` (2 processes) run back to back, ``pairs``
    times: on a shared host whose speed drifts, the median of the pairs' ratios is steadier than
    one ratio of two cases run a minute apart. Each side also runs a batch of ``SMALL`` runs,
    which splits its wall time into a start-up and a cost per run (:func:`start_and_per_run`)."""
    ratios, cpu, large, small = [], [], {"engine": [], "mesa": []}, {"engine": [], "mesa": []}
    for i in range(pairs):
        engine, mesa_ = engine_then_mesa(runs, f"{tmp}/pair{i}")
        ratios.append(engine["rate"] / mesa_["rate"])
        cpu.append(mesa_["cpu_s"] / engine["cpu_s"])
        large["engine"].append(engine["seconds"])
        large["mesa"].append(mesa_["seconds"])
        small["engine"].append(run_case(["process", str(SMALL), "2", f"{tmp}/small{i}"])["seconds"])
        small["mesa"].append(run_case(["mesa", str(SMALL), "2"])["seconds"])
    shown = ", ".join(f"{r:.2f}" for r in ratios)
    print(f"  engine / mesa.batch_run, {pairs} pairs back to back: {shown}")
    print(f"  {'  median of the pairs':<30} {statistics.median(ratios):8.2f}×  (target ≥ 1.6)")
    shown = ", ".join(f"{r:.2f}" for r in cpu)
    print(f"  CPU a run, mesa.batch_run / engine: {shown}; median {statistics.median(cpu):.2f}×")
    split = {side: start_and_per_run(small[side], large[side], runs) for side in ("engine", "mesa")}
    print_split(split, runs)


def engine_then_mesa(
    runs: int, out: str, tree: Path | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The engine (2 workers) then ``mesa.batch_run`` (2 processes), back to back."""
    engine = run_case(["process", str(runs), "2", out], tree)
    return engine, run_case(["mesa", str(runs), "2"], tree)


def start_and_per_run(small: list[float], large: list[float], runs: int) -> tuple[float, float]:
    """(start-up s, wall s a run) of one side, from the medians of its wall times at ``SMALL``
    and at ``runs`` runs: a straight line through the two."""
    low, high = statistics.median(small), statistics.median(large)
    per_run = (high - low) / (runs - SMALL)
    return low - SMALL * per_run, per_run


def print_split(split: dict[str, tuple[float, float]], runs: int) -> None:
    """Each side's start-up and cost a run, and the cost a run below which the start-ups alone
    give 1.6× at ``runs`` runs: both sides run the same model, so on a slower host the same
    saving in start-up is a smaller share of the batch."""
    (engine_start, engine_run), (mesa_start, mesa_run) = split["engine"], split["mesa"]
    print(
        f"  start-up, wall: engine {engine_start:.2f} s, mesa.batch_run {mesa_start:.2f} s; "
        f"a run (2 workers): engine {1000 * engine_run:.2f} ms, "
        f"mesa.batch_run {1000 * mesa_run:.2f} ms"
    )
    needed = (mesa_start - 1.6 * engine_start) / (0.6 * runs)
    print(
        f"  with a run costing the same on both sides, 1.6× at {runs} runs needs a run to cost "
        f"≤ {1000 * needed:.2f} ms (2 workers) on this host"
    )


def against(rev: str, runs: int, rounds: int, tmp: str) -> None:
    """The engine / ``mesa.batch_run`` ratio of this tree and of commit ``rev`` (exported with
    ``git archive``), measured in alternating rounds on the same host: a ratio read on another
    day or machine says more about the host than about the code."""
    old = Path(tmp) / "against"
    old.mkdir()
    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "archive", rev], cwd=root, capture_output=True)
    if archive.returncode:
        raise SystemExit(
            f"--against {rev}: git cannot export it here ({archive.stderr.decode().strip()})"
        )
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    trees: dict[str, Path | None] = {"this tree": None, rev: old}
    ratios: dict[str, list[float]] = {name: [] for name in trees}
    for i in range(rounds):
        for name in list(trees)[:: 1 if i % 2 == 0 else -1]:
            engine, mesa_ = engine_then_mesa(runs, f"{tmp}/against{i}", trees[name])
            ratios[name].append(engine["rate"] / mesa_["rate"])
    print(f"engine / mesa.batch_run, {runs} runs, {rounds} alternating rounds on this host:")
    for name, values in ratios.items():
        shown = ", ".join(f"{r:.2f}" for r in values)
        print(f"  {name:<12} {shown}; median {statistics.median(values):.2f}×")


def _mem_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9


if __name__ == "__main__":
    main()
