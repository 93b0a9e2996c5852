"""The batch engine's mechanics with a small deterministic run function (fast, no model)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.batch import store
from sim.batch.engine import BatchConfig, BatchInputError, auto_chunk_size, plan, run_batch
from sim.run.seeding import model_seed, parameter_rng
from sim.scenario import load_scenario

TABLES = ("outcomes.parquet", "decisions.parquet", "timeseries.parquet")


@dataclass
class FakeResult:
    outcome: dict
    decisions: list
    timeseries: list | None


def fake_run(scenario, run, root_seed, timeseries=False):
    """Rows that depend on the scenario, the run and the seed only, like run_once's."""
    x = float(parameter_rng(root_seed, run, "x").uniform())
    shift = 0.5 if scenario.name == "tiny_b" else 0.0
    outcome = {"scenario": scenario.name, "run": run, "seed": model_seed(root_seed, run) >> 1}
    outcome |= {"collapsed": x + shift > 0.5, "day": x * 30 if x > 0.2 else float("nan")}
    outcome |= {"posture": "press" if x < 0.3 else "let_go", "param.x": x}
    if scenario.name == "tiny_b":
        outcome["param.only_b"] = 2 * x
    decisions = [
        {"day": d, "actor": "iran", "choice": "ab"[int(x * 10 + d) % 2], "p": json.dumps({"a": x})}
        for d in range(run % 4)
    ]
    series = [{"day": d, "value": x + d} for d in range(3)] if timeseries else None
    return FakeResult(outcome, decisions, series)


def failing_run(scenario, run, root_seed, timeseries=False):
    if run == 7:
        raise ValueError("the model fell over on run 7")
    return fake_run(scenario, run, root_seed, timeseries)


def tiny(tmp_path: Path, name: str = "tiny_a", runs: int = 30, seed: int = 11):
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\ntitle: T\nquestion: Q?\nruns: {runs}\nseed: {seed}\n")
    return load_scenario(path)


def batch(tmp_path, out, **kw):
    scenarios = kw.pop("scenarios", None) or [tiny(tmp_path), tiny(tmp_path, "tiny_b", 20)]
    kw.setdefault("run_fn", fake_run)
    return run_batch(BatchConfig(scenarios, out=tmp_path / out, progress=False, **kw))


def assert_same_files(a: Path, b: Path, names=TABLES) -> None:
    for name in names:
        if (a / name).exists() or (b / name).exists():
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_tables_identical_across_executors_and_chunkings(tmp_path):
    ref = batch(tmp_path, "seq", executor="sequential", timeseries=True)
    assert ref.status == "complete" and ref.exit_code == 0
    for out, kw in {
        "p1": dict(executor="process", workers=1),
        "p2": dict(executor="process", workers=2),
        "p2c1": dict(executor="process", workers=2, chunk_size=1),
        "seq7": dict(executor="sequential", chunk_size=7),
    }.items():
        result = batch(tmp_path, out, timeseries=True, **kw)
        assert result.status == "complete"
        assert_same_files(ref.out, result.out)
    outcomes = pd.read_parquet(ref.out / "outcomes.parquet")
    assert list(outcomes.columns[:3]) == ["scenario", "run", "seed"]
    assert outcomes[["scenario", "run"]].values.tolist() == [
        *(["tiny_a", i] for i in range(30)),
        *(["tiny_b", i] for i in range(20)),
    ]
    assert outcomes["param.only_b"].isna().sum() == 30  # columns of one scenario only: null
    assert outcomes["seed"].dtype == "int64" and outcomes["run"].dtype == "int64"


def test_common_random_numbers_and_seed_option(tmp_path):
    result = batch(tmp_path, "crn", executor="sequential", seed=99)
    outcomes = pd.read_parquet(result.out / "outcomes.parquet")
    a, b = (outcomes[outcomes.scenario == n].set_index("run") for n in ("tiny_a", "tiny_b"))
    assert (a["param.x"].loc[:19] == b["param.x"]).all()  # run i draws the same in each
    assert a["seed"].loc[3] == model_seed(99, 3) >> 1
    assert result.manifest["seed"] == 99
    default = batch(tmp_path, "default", executor="sequential")
    assert default.manifest["seed"] == 11  # the first scenario's seed


def test_decisions_keep_their_order_within_a_run(tmp_path):
    result = batch(tmp_path, "dec", executor="process", workers=2, chunk_size=4)
    decisions = pd.read_parquet(result.out / "decisions.parquet")
    expected = []
    for scenario in ("tiny_a", "tiny_b"):
        for run in range(30 if scenario == "tiny_a" else 20):
            expected += [[scenario, run, d] for d in range(run % 4)]
    assert decisions[["scenario", "run", "day"]].values.tolist() == expected
    assert not (result.out / "timeseries.parquet").exists()


def test_a_failing_run_is_recorded_and_the_batch_goes_on(tmp_path):
    result = batch(tmp_path, "fail", executor="process", workers=2, run_fn=failing_run)
    assert result.status == "complete" and result.exit_code == 1
    outcomes = pd.read_parquet(result.out / "outcomes.parquet")
    assert len(outcomes) == 48 and 7 not in outcomes.run.values
    failures = pd.read_parquet(result.out / "failures.parquet")
    assert failures[["scenario", "run"]].values.tolist() == [["tiny_a", 7], ["tiny_b", 7]]
    assert set(failures.error_type) == {"ValueError"}
    assert failures.seed.tolist() == [model_seed(11, 7)] * 2 or failures.seed.isna().all()
    assert "fell over" in failures.error[0] and "failing_run" in failures.traceback[0]
    manifest = json.loads((result.out / "manifest.json").read_text())
    assert manifest["failures_total"] == 2
    assert manifest["failures"][0] | {"seed": None} == {
        "scenario": "tiny_a",
        "run": 7,
        "seed": None,
        "error_type": "ValueError",
        "error": "the model fell over on run 7",
    }
    assert manifest["runs_done"] == {"tiny_a": 29, "tiny_b": 19}
    assert manifest["runs_failed"] == {"tiny_a": 1, "tiny_b": 1}


def test_manifest_contents(tmp_path):
    result = batch(tmp_path, "man", executor="sequential", runs=12, command=["axis-sim", "x"])
    manifest = json.loads((result.out / "manifest.json").read_text())
    assert manifest == result.manifest
    assert manifest["status"] == "complete" and manifest["runs"] == {"tiny_a": 12, "tiny_b": 12}
    assert manifest["runs_done"] == {"tiny_a": 12, "tiny_b": 12} and manifest["failures"] == []
    assert manifest["version"] == "0.1.0" and "git_revision" in manifest
    assert manifest["command"] == ["axis-sim", "x"] and manifest["seed"] == 11
    entry = manifest["scenarios"]["tiny_b"]
    assert entry["file"] == str(tmp_path / "tiny_b.yaml")
    assert entry["sha256"] == load_scenario(tmp_path / "tiny_b.yaml").sha256
    assert entry["resolved"]["name"] == "tiny_b" and entry["resolved"]["runs"] == 20
    assert manifest["started"] <= manifest["finished"]
    assert manifest["tables"]["outcomes"] == {"file": "outcomes.parquet", "rows": 24}
    assert manifest["sessions"][0]["executor"] == "sequential"
    assert not (result.out / "parts").exists()  # merged, then cleared


def test_resume_runs_only_missing_chunks_and_gives_the_same_tables(tmp_path):
    ref = batch(tmp_path, "ref", executor="sequential", timeseries=True)
    partial = batch(tmp_path, "part", executor="sequential", timeseries=True, keep_parts=True)
    chunks = store.done_chunks(partial.out, "tiny_a")
    for first, last in chunks[1::2]:  # as if killed: some chunks missing, no merged tables
        shutil.rmtree(store.chunk_dir(partial.out, "tiny_a", first, last))
    for name in TABLES:
        (partial.out / name).unlink()
    manifest = json.loads((partial.out / "manifest.json").read_text())
    store.write_json(partial.out / "manifest.json", manifest | {"status": "running"})
    (partial.out / "parts" / "tiny_a" / ".tmp-0000000-0000003-1-x").mkdir()  # a half-done chunk

    calls = []

    def counting_run(scenario, run, root_seed, timeseries=False):
        calls.append((scenario.name, run))
        return fake_run(scenario, run, root_seed, timeseries)

    resumed = batch(
        tmp_path, "part", executor="sequential", timeseries=True, resume=True, run_fn=counting_run
    )
    assert resumed.status == "complete"
    missing = {("tiny_a", r) for a, b in chunks[1::2] for r in range(a, b + 1)}
    assert set(calls) == missing and resumed.runs_this_session == len(missing)
    assert_same_files(ref.out, resumed.out)
    assert len(resumed.manifest["sessions"]) == 2
    again = batch(tmp_path, "part", executor="sequential", timeseries=True, resume=True)
    assert again.status == "complete" and again.runs_this_session == 0


def test_parts_left_as_parquet_by_an_earlier_version_still_merge(tmp_path):
    ref = batch(tmp_path, "ref", executor="sequential", timeseries=True)
    old = batch(tmp_path, "old", executor="sequential", timeseries=True, keep_parts=True)
    first, last = store.done_chunks(old.out, "tiny_b")[0]
    chunk = store.chunk_dir(old.out, "tiny_b", first, last)
    for part in sorted(chunk.glob("*.arrow")):
        pq.write_table(store.read_part(part), part.with_suffix(".parquet"))
        part.unlink()
    manifest = json.loads((old.out / "manifest.json").read_text())
    store.write_json(old.out / "manifest.json", manifest | {"status": "running"})
    resumed = batch(tmp_path, "old", executor="sequential", timeseries=True, resume=True)
    assert resumed.status == "complete" and resumed.runs_this_session == 0
    assert_same_files(ref.out, resumed.out)


def test_a_folder_holding_another_batch_is_refused(tmp_path):
    batch(tmp_path, "held", executor="sequential", runs=5)
    with pytest.raises(
        BatchInputError, match=r"holds a batch of tiny_a, tiny_b .*--resume.*--force"
    ):
        batch(tmp_path, "held", executor="sequential", runs=5)
    with pytest.raises(BatchInputError, match=r"cannot resume: .*runs 5 ≠ 6.*seed 11 ≠ 3"):
        batch(tmp_path, "held", executor="sequential", runs=6, seed=3, resume=True)
    with pytest.raises(BatchInputError, match="--timeseries"):
        batch(tmp_path, "held", executor="sequential", runs=5, resume=True, timeseries=True)
    forced = batch(tmp_path, "held", executor="sequential", runs=6, force=True)
    assert forced.status == "complete" and forced.manifest["runs"]["tiny_a"] == 6
    kept = batch(tmp_path, "kept", executor="sequential", runs=6, keep_parts=True, chunk_size=2)
    (kept.out / "manifest.json").unlink()  # parts without their manifest cannot be trusted
    with pytest.raises(BatchInputError, match=r"no manifest\.json"):
        batch(tmp_path, "kept", executor="sequential", runs=6, resume=True)
    tampered = kept.manifest | {"status": "running", "chunk_size": 3}
    store.write_json(kept.out / "manifest.json", tampered)
    with pytest.raises(BatchInputError, match=r"part tiny_a/0-1 does not belong"):
        batch(tmp_path, "kept", executor="sequential", runs=6, resume=True)


def test_bad_output_folders_are_refused(tmp_path):
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(BatchInputError, match="is a file"):
        batch(tmp_path, "a_file", executor="sequential")
    with pytest.raises(BatchInputError, match="cannot create"):
        batch(tmp_path, "a_file/sub", executor="sequential")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious")
    for force in (False, True):  # never cleared, even with --force: it is not a batch folder
        with pytest.raises(BatchInputError, match="not empty and holds no batch"):
            batch(tmp_path, "mine", executor="sequential", force=force)
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "precious"
    with pytest.raises(BatchInputError, match="given more than once"):
        batch(tmp_path, "dup", scenarios=[tiny(tmp_path), tiny(tmp_path)])


def test_merge_streams_fixed_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "ROW_GROUP", 16)
    a = batch(tmp_path, "rg1", executor="sequential", chunk_size=3)
    b = batch(tmp_path, "rg2", executor="sequential", chunk_size=10)
    meta = pq.ParquetFile(a.out / "outcomes.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [16, 16, 16, 2]
    assert_same_files(a.out, b.out)


def wordy_run(scenario, run, root_seed, timeseries=False):
    """Megabytes of distinct text per chunk: several Parquet pages per column."""
    result = fake_run(scenario, run, root_seed, timeseries)
    result.decisions = [{"day": d, "text": f"{run}-{d}-" + "x" * (d % 97) * 3} for d in range(400)]
    return result


def test_merged_bytes_do_not_depend_on_chunking_even_with_many_pages(tmp_path):
    scenarios = [tiny(tmp_path, runs=24)]
    outs = [
        batch(
            tmp_path,
            f"w{size}",
            scenarios=scenarios,
            executor="sequential",
            chunk_size=size,
            run_fn=wordy_run,
        ).out
        for size in (1, 5, 24)
    ]
    assert pq.ParquetFile(outs[0] / "decisions.parquet").metadata.num_rows == 9_600
    assert_same_files(outs[0], outs[1])
    assert_same_files(outs[0], outs[2])


def columnar_run(scenario, run, root_seed, timeseries=False):
    """fake_run's rows given as columns (name -> values), as a faster runner may return them."""
    result = fake_run(scenario, run, root_seed, timeseries)
    names = ["day", "actor", "choice", "p"]
    result.decisions = {n: [row[n] for row in result.decisions] for n in names}
    if run % 3 == 0:  # and some runs as rows: both forms may meet in one chunk
        result.decisions = fake_run(scenario, run, root_seed).decisions
    return result


def test_columns_and_rows_give_the_same_tables(tmp_path):
    rows = batch(tmp_path, "rows", executor="sequential", chunk_size=4)
    columns = batch(tmp_path, "cols", executor="sequential", chunk_size=4, run_fn=columnar_run)
    assert columns.status == "complete" and not columns.failures
    assert_same_files(rows.out, columns.out)


def test_export_csv(tmp_path):
    result = batch(tmp_path, "csv", executor="sequential", runs=4, run_fn=failing_run)
    written = store.export_csv(result.out)
    assert {p.name for p in written} == {"outcomes.csv", "decisions.csv", "failures.csv"}
    back = pd.read_csv(result.out / "outcomes.csv")
    pd.testing.assert_frame_equal(
        back, pd.read_parquet(result.out / "outcomes.parquet"), check_dtype=False
    )


def test_planning():
    assert auto_chunk_size(500, 2) == 32 and auto_chunk_size(100_000, 2) == 100
    assert auto_chunk_size(3, 8) == 1

    @dataclass
    class S:
        name: str

    tasks = plan(
        [S("a"), S("b")],
        {"a": 5, "b": 2},
        2,
        1,
        timeseries=False,
        out=Path("."),
        run_fn=None,
        skip=lambda n, a, b: (n, a) == ("a", 2),
    )
    assert [(t.scenario.name, t.first, t.last) for t in tasks] == [
        ("a", 0, 1),
        ("b", 0, 1),
        ("a", 4, 4),
    ]
