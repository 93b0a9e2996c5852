"""``axis-sim batch`` / ``export`` end to end in subprocesses, on the real model: exit codes,
messages, a batch killed (SIGKILL) or interrupted (Ctrl-C) mid-way and then resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.batch.engine import BatchConfig, run_batch

RUNS, SEED = 400, 5  # enough runs (≈ 1 s on 2 fast cores) to kill the batch mid-way
TABLES = ("outcomes.parquet", "decisions.parquet")


AXIS_SIM = [sys.executable, "-m", "sim"]


def cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*AXIS_SIM, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """An uninterrupted batch of RUNS baseline runs (in this process, sequential)."""
    out = tmp_path_factory.mktemp("ref") / "batch"
    result = run_batch(
        BatchConfig(
            ["baseline"], out=out, runs=RUNS, seed=SEED, executor="sequential", progress=False
        )
    )
    assert result.status == "complete"
    return out


def start_batch(out: Path) -> subprocess.Popen:
    args = ["batch", "baseline", "--runs", str(RUNS), "--seed", str(SEED), "--workers", "2"]
    return subprocess.Popen(
        [*AXIS_SIM, *args, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_parts(out: Path, process: subprocess.Popen, count: int = 2) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        parts = [p for p in (out / "parts" / "baseline").glob("0*") if p.is_dir()]
        if len(parts) >= count:
            return len(parts)
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    raise AssertionError("no part files appeared")


def assert_same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(a / name), pd.read_parquet(b / name))
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_resume_after_sigkill_gives_the_uninterrupted_tables(tmp_path, reference):
    out = tmp_path / "killed"
    process = start_batch(out)
    wait_for_parts(out, process)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-way
    process.wait(timeout=30)
    spans = [tuple(map(int, p.name.split("-"))) for p in (out / "parts" / "baseline").glob("0*")]
    done = sum(last - first + 1 for first, last in spans)
    assert 0 < done < RUNS and not (out / "outcomes.parquet").exists()

    fresh = cli("batch", "baseline", "--runs", str(RUNS), "--seed", str(SEED), "--out", str(out))
    assert fresh.returncode == 2 and "--resume" in fresh.stderr  # not silently overwritten
    resumed = cli(
        "batch",
        "baseline",
        "--runs",
        str(RUNS),
        "--seed",
        str(SEED),
        "--out",
        str(out),
        "--resume",
        "--workers",
        "2",
    )
    assert resumed.returncode == 0, resumed.stderr
    assert_same_tables(reference, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 2
    assert manifest["sessions"][1]["runs"] == RUNS - done  # only the missing chunks ran
    assert manifest["runs_done"] == {"baseline": RUNS}
    assert not list(out.glob(".*.tmp-*"))  # the killed session's half-merged table is gone


def test_ctrl_c_stops_cleanly_and_resume_finishes(tmp_path, reference):
    out = tmp_path / "interrupted"
    process = start_batch(out)
    wait_for_parts(out, process, count=1)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "Traceback" not in stdout
    assert "--resume" in stdout and f"--out {out}" in stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert not list(out.glob(".*.tmp-*"))  # the tables merged so far were dropped, not left
    resumed = cli(
        "batch",
        "baseline",
        "--runs",
        str(RUNS),
        "--seed",
        str(SEED),
        "--out",
        str(out),
        "--resume",
        "--executor",
        "sequential",
    )
    assert resumed.returncode == 0, resumed.stderr
    assert_same_tables(reference, out)


def test_command_line_end_to_end(tmp_path):
    result = cli(
        "batch",
        "baseline",
        "iraq_sends_army",
        "--runs",
        "6",
        "--seed",
        "3",
        "--timeseries",
        "--workers",
        "2",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "results" / "baseline-3"  # the default folder
    assert f"Results in {Path('results/baseline-3')}" in result.stdout
    assert "batch: 12/12 runs (100%)" in result.stderr  # plain progress lines when not a TTY
    outcomes = pd.read_parquet(out / "outcomes.parquet")
    assert outcomes.groupby("scenario").size().to_dict() == {"baseline": 6, "iraq_sends_army": 6}
    timeseries = pd.read_parquet(out / "timeseries.parquet")
    assert len(timeseries) == 12 * timeseries.day.nunique()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"][:2] == ["axis-sim", "batch"] and manifest["timeseries"] is True
    assert manifest["scenarios"]["iraq_sends_army"]["file"].endswith("iraq_sends_army.yaml")

    exported = cli("export", str(out), "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    back = pd.read_csv(out / "outcomes.csv")
    assert (
        back[["scenario", "run", "seed"]].values.tolist()
        == outcomes[["scenario", "run", "seed"]].values.tolist()
    )
    assert (out / "decisions.csv").is_file() and (out / "timeseries.csv").is_file()


def test_bad_input_exits_2_with_a_message(tmp_path):
    import typer
    from typer.testing import CliRunner

    from sim.cli.batch_commands import register

    app = typer.Typer()
    register(app)

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args))

    bad = invoke("batch", "no_such_scenario", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 2 and "no such scenario file" in bad.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\ntitle: B\nquestion: Q?\nruns: -3\n")
    invalid = invoke("batch", str(broken), "--out", str(tmp_path / "y"))
    assert invalid.exit_code == 2 and "broken.yaml, line 4: field 'runs'" in invalid.stderr
    (tmp_path / "file").write_text("")
    on_file = invoke("batch", "baseline", "--runs", "2", "--out", str(tmp_path / "file"))
    assert on_file.exit_code == 2 and "is a file" in on_file.stderr
    both = invoke("batch", "baseline", "--resume", "--force", "--out", str(tmp_path / "z"))
    assert both.exit_code == 2 and "not both" in both.stderr
    not_batch = invoke("export", str(tmp_path), "--format", "csv")
    assert not_batch.exit_code == 2 and "not a batch folder" in not_batch.stderr
    for result in (bad, invalid, on_file, both, not_batch):
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
