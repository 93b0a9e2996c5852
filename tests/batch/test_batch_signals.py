"""Batches in real processes under concurrency and signals: two writers on one folder, SIGTERM
to the process group at random moments, SIGKILL to one worker. Nothing hangs (every wait has a
timeout), nothing is mixed or lost, and ``--resume`` ends with the uninterrupted tables.

The trial counts are printed (``pytest -s``), in the assertion messages and in docs/batch.md.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batch_driver import fake_run

from sim.batch import signals
from sim.batch.engine import BatchConfig, run_batch
from sim.run.seeding import model_seed

DRIVER = Path(__file__).with_name("batch_driver.py")
# quick rows (batch_driver.fake_run: 4 ms a run) in 50 chunks: about a second on 2 workers
RUNS, SEED, CHUNK = 400, 5, 8
TABLES = ("outcomes.parquet", "decisions.parquet")
HANG = 90  # seconds: a batch still running after this has hung
# Trials per signal test (twice as many for the two writers); AXIS_SIM_BATCH_TRIALS=10 gives the
# counts of issue 14 (about 6 minutes on 2 busy cores; the default keeps each test near 30 s).
TRIALS = int(os.environ.get("AXIS_SIM_BATCH_TRIALS", "3"))


def driver(out: Path, *args: str) -> list[str]:
    return [sys.executable, str(DRIVER), str(out), *args]


def start(out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        driver(out, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as under timeout(1) or a scheduler
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """Exit status and stderr; a process that does not end within HANG seconds has hung."""
    try:
        _, stderr = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"the batch hung (still running after {HANG} s)") from None
    return process.returncode, stderr


MODEL = (
    "--seed",
    str(SEED),
    "--runs",
    str(RUNS),
    "--chunk",
    str(CHUNK),
    "--workers",
    "2",
    "--fake",
)


def resume(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        driver(out, *MODEL, "--resume"), capture_output=True, text=True, timeout=HANG
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The uninterrupted batch (in this process, sequential, the same rows)."""
    out = tmp_path_factory.mktemp("ref") / "batch"
    config = BatchConfig(
        ["baseline"],
        out=out,
        runs=RUNS,
        seed=SEED,
        chunk_size=CHUNK,
        executor="sequential",
        progress=False,
        run_fn=fake_run,
    )
    assert run_batch(config).status == "complete"
    return out


def same_tables(a: Path, b: Path) -> bool:
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in TABLES)


def wait_until_under_way(out: Path, process: subprocess.Popen) -> bool:
    """True once the batch has committed its first part; False if it ended first."""
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        if any((out / "parts" / "baseline").glob("0*")):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.005)
    raise AssertionError("no part appeared")


def workers_of(pid: int) -> list[int]:
    """The pool's worker processes: children of ``pid`` running the same command line."""
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and (stat.parent / "cmdline").read_bytes() == own:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return sorted(found)


@pytest.mark.slow
def test_two_writers_on_one_folder_never_mix(tmp_path):
    trials, refused_in_use, refused_held = 2 * TRIALS, 0, 0
    for trial in range(trials):
        out = tmp_path / f"t{trial}"
        seeds = (1, 2)
        args = ("--runs", "40", "--chunk", "4", "--executor", "sequential", "--fake")
        processes = [start(out, "--seed", str(s), *args) for s in seeds]
        results = [finish(p) for p in processes]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 2], f"trial {trial}: exit statuses {codes}: {results}"
        winner = seeds[[code for code, _ in results].index(0)]
        loser_message = next(err for code, err in results if code == 2)
        assert "Traceback" not in loser_message
        if "in use by another axis-sim batch" in loser_message:
            refused_in_use += 1
        else:
            assert "holds a batch of baseline" in loser_message, loser_message
            refused_held += 1
        outcomes = pq.read_table(out / "outcomes.parquet").to_pydict()
        assert outcomes["run"] == list(range(40))
        assert outcomes["seed"] == [model_seed(winner, r) for r in range(40)]
        manifest = (out / "manifest.json").read_text()
        assert f'"seed": {winner},' in manifest and '"status": "complete"' in manifest
    summary = f"{trials} trials: {refused_in_use} refused as in use, {refused_held} as held"
    assert refused_in_use + refused_held == trials, summary
    print(summary)


@pytest.mark.slow
def test_sigterm_to_the_group_stops_cleanly_and_resume_completes(tmp_path, reference):
    rng = random.Random(14)
    trials, interrupted, finished_first = TRIALS, 0, 0
    for trial in range(trials):
        out = tmp_path / f"t{trial}"
        process = start(out, *MODEL)
        if wait_until_under_way(out, process):
            time.sleep(rng.uniform(0.0, 0.6))
            os.killpg(process.pid, signal.SIGTERM)
        code, stderr = finish(process)
        assert "Traceback" not in stderr, f"trial {trial}: {stderr}"
        if code == 0:
            finished_first += 1
        else:
            assert code == 143, f"trial {trial}: exit {code}: {stderr}"
            assert "interrupted (SIGTERM), resume with --resume" in stderr
            assert '"status": "interrupted"' in (out / "manifest.json").read_text()
            interrupted += 1
        resumed = resume(out)
        assert resumed.returncode == 0, f"trial {trial}: {resumed.stderr}"
        assert same_tables(reference, out), f"trial {trial}: resumed tables differ"
    summary = (
        f"SIGTERM: {trials} trials, {interrupted} interrupted (exit 143), {finished_first} "
        "finished before the signal; 0 hangs, 0 tracebacks, every resume identical"
    )
    assert interrupted >= trials // 2, summary
    print(summary)


@pytest.mark.slow
def test_a_worker_killed_with_sigkill_stops_the_batch_and_resume_completes(tmp_path, reference):
    rng = random.Random(9)
    trials, stopped, finished_first = TRIALS, 0, 0
    for trial in range(trials):
        out = tmp_path / f"t{trial}"
        process = start(out, *MODEL)
        if wait_until_under_way(out, process):
            time.sleep(rng.uniform(0.0, 0.6))
            victims = workers_of(process.pid)
            if victims:
                os.kill(rng.choice(victims), signal.SIGKILL)  # as the out-of-memory killer does
        code, stderr = finish(process)
        assert "Traceback" not in stderr, f"trial {trial}: {stderr}"
        if code == 0:
            finished_first += 1
        else:
            assert code == 1, f"trial {trial}: exit {code}: {stderr}"
            assert "was killed by SIGKILL" in stderr and "--resume" in stderr, stderr
            assert '"status": "incomplete"' in (out / "manifest.json").read_text()
            stopped += 1
        resumed = resume(out)
        assert resumed.returncode == 0, f"trial {trial}: {resumed.stderr}"
        assert same_tables(reference, out), f"trial {trial}: resumed tables differ"
    summary = (
        f"SIGKILL to a worker: {trials} trials, {stopped} stopped (exit 1), {finished_first} "
        "finished before the kill; 0 hangs, every resume identical"
    )
    assert stopped >= trials // 2, summary
    print(summary)


def test_sigint_to_the_parent_alone_finishes_running_chunks(tmp_path, reference):
    out = tmp_path / "int"
    process = start(out, *MODEL)
    assert wait_until_under_way(out, process)
    os.kill(process.pid, signal.SIGINT)
    code, stderr = finish(process)
    assert code == 130 and "interrupted (SIGINT), resume with --resume" in stderr, stderr
    assert "Traceback" not in stderr
    assert resume(out).returncode == 0 and same_tables(reference, out)


def test_stop_on_signals_raises_stop_and_restores_the_handlers():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught, signals.stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this at once
    assert caught.value.signum == signal.SIGTERM and signals.received() == signal.SIGTERM
    assert signals.exit_status(signal.SIGTERM) == 143 and signals.exit_status(None) == 130
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_in_process_gives_status_interrupted_and_resume_completes(tmp_path, reference):
    def terminated_at_run_100(scenario, run, root_seed, timeseries=False):
        if run == 100:
            os.kill(os.getpid(), signal.SIGTERM)
        return fake_run(scenario, run, root_seed, timeseries)

    def config(**kw):
        return BatchConfig(
            ["baseline"],
            out=tmp_path / "b",
            runs=RUNS,
            seed=SEED,
            chunk_size=CHUNK,
            executor="sequential",
            progress=False,
            **kw,
        )

    stopped = run_batch(config(run_fn=terminated_at_run_100))
    assert stopped.status == "interrupted" and stopped.exit_code == 143
    assert stopped.message == "interrupted (SIGTERM), resume with --resume"
    assert stopped.manifest["status"] == "interrupted"
    assert stopped.manifest["runs_done"] == {"baseline": 96}  # the 12 chunks before run 100
    resumed = run_batch(config(run_fn=fake_run, resume=True))
    assert resumed.status == "complete" and resumed.runs_this_session == RUNS - 96
    assert same_tables(reference, tmp_path / "b")


class _BeingReaped:
    """A worker killed by SIGKILL whose exit code reads None for a few polls, as while the
    pool's own thread is reaping it."""

    pid = 4242

    def __init__(self, polls_before_reaped: int) -> None:
        self._polls = polls_before_reaped

    @property
    def exitcode(self) -> int | None:
        self._polls -= 1
        return None if self._polls >= 0 else -signal.SIGKILL


def test_a_worker_still_being_reaped_is_still_named_with_its_signal():
    from sim.batch.executors import _death

    assert "4242 was killed by SIGKILL" in _death([_BeingReaped(5)])
    assert _death([_BeingReaped(10**9)], patience=0.05) == "a worker process died"
