"""Input checked where it enters the batch engine: options out of bounds, a folder owned by
another writer, manifests and parts that are not what a batch wrote. Each gives a
BatchInputError (exit status 2) naming the option, file or field; never another exception."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch_engine import fake_run, tiny

from sim.batch import ownership, store
from sim.batch.engine import BatchConfig, BatchInputError, run_batch


def batch(tmp_path: Path, out: str, **kw):
    kw.setdefault("run_fn", fake_run)
    kw.setdefault("executor", "sequential")
    config = BatchConfig([tiny(tmp_path)], out=tmp_path / out, progress=False, **kw)
    return run_batch(config)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (dict(runs=1_000_000_000), r"--runs must be an integer from 1 to 1,000,000"),
        (dict(runs=0), r"--runs must be an integer from 1"),
        (dict(seed=-1), r"--seed must be an integer from 0"),
        (dict(workers=0), r"--workers must be an integer from 1 to 1,024"),
        (dict(workers=100_000), r"--workers must be"),
        (dict(chunk_size=0), r"chunk_size must be"),
        (dict(runs=1_000_000, chunk_size=1), r"makes 1,000,000 chunks|chunk size 1"),
        (dict(scheduler="tcp://x:1"), r"--scheduler needs --executor dask"),
    ],
)
def test_options_out_of_bounds_are_refused_before_planning(tmp_path, options, message):
    started = time.perf_counter()
    with pytest.raises(BatchInputError, match=message) as caught:
        batch(tmp_path, "o", **options)
    assert caught.value.exit_code == 2
    assert time.perf_counter() - started < 5  # refused by a bound, not after planning
    assert not (tmp_path / "o" / "parts").exists()


def test_a_scheduler_that_is_not_an_address_is_refused(tmp_path):
    pytest.importorskip("distributed")
    with pytest.raises(BatchInputError, match=r"--scheduler notanaddress: not a Dask scheduler"):
        batch(tmp_path, "d", executor="dask", scheduler="notanaddress")


HOLDER = """
import sys
from pathlib import Path
from sim.batch import ownership, store
with ownership.claim_folder(Path(sys.argv[1]), recognise=store.is_batch_folder):
    print("ready", flush=True)
    sys.stdin.read()
"""


def test_a_folder_in_use_is_refused_at_once(tmp_path):
    out = tmp_path / "busy"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "ready\n"
        started = time.perf_counter()
        with pytest.raises(BatchInputError, match=r"--out .*busy: in use by another axis-sim"):
            batch(tmp_path, "busy")
        assert time.perf_counter() - started < 5  # refused, not queued behind the holder
    finally:
        holder.communicate(timeout=30)  # closing its stdin ends it
    assert batch(tmp_path, "busy").status == "complete"  # free once the holder is gone


claim = ownership.claim_folder


def test_claim_folder_rules(tmp_path):
    mine = tmp_path / "mine"
    with ownership.claim_folder(mine, kind="sensitivity") as folder:
        (folder / "result.csv").write_text("x")
    with ownership.claim_folder(mine, kind="sensitivity"):  # its own kind: fine
        pass
    foreign = r"not empty and holds no infer.*--force"
    with pytest.raises(ownership.FolderClaimError, match=foreign), claim(mine, kind="infer"):
        pass
    with ownership.claim_folder(mine, kind="infer", force=True):
        pass
    (tmp_path / "file").write_text("")
    with pytest.raises(ownership.FolderClaimError, match="is a file"), claim(tmp_path / "file"):
        pass
    long_name = tmp_path / ("x" * 300)
    too_long = pytest.raises(ownership.FolderClaimError, match="cannot create the folder")
    with too_long, claim(long_name):
        pass
    assert ownership.entries(mine) == [mine / "result.csv"]  # the lock file is not counted
    assert ownership.lock_owner(mine)["kind"] == "infer"


def held_manifest(tmp_path: Path) -> Path:
    """A finished batch whose status is set back to running, so that --resume reads it."""
    result = batch(tmp_path, "held", runs=6, chunk_size=2, keep_parts=True)
    store.write_json(result.out / "manifest.json", result.manifest | {"status": "running"})
    return result.out


BAD_MANIFESTS = [
    ([], r"manifest\.json: not a JSON object"),
    ("drop sessions", r"manifest\.json: field `sessions` must be a list"),
    ({"chunk_size": "2"}, r"manifest\.json: field `chunk_size` must be an integer"),
    ({"chunk_size": 0}, r"field `chunk_size`"),
    ({"seed": 1.5}, r"field `seed` must be an integer"),
    ({"runs": {"tiny_a": "6"}}, r"field `runs\.tiny_a` must be an integer"),
    ({"runs": []}, r"field `runs` must give"),
    ({"scenarios": {"tiny_a": 3}}, r"field `scenarios\.tiny_a` must be an object"),
    ({"scenarios": []}, r"field `scenarios` must be a non-empty object"),
    ({"timeseries": "no"}, r"field `timeseries` must be true or false"),
    ({"status": None}, r"field `status` must be a string"),
    ({"format": 99}, r"field `format` must be 1"),
    ({"failures_total": 3, "failures": []}, r"field `failures` must list"),
    ({"tables": None}, r"field `tables` must be an object"),
]


@pytest.mark.parametrize(("change", "message"), BAD_MANIFESTS)
def test_bad_manifests_are_refused_naming_the_field(tmp_path, change, message):
    out = held_manifest(tmp_path)
    manifest = json.loads((out / "manifest.json").read_text())
    if change == "drop sessions":
        del manifest["sessions"]
    elif isinstance(change, dict):
        manifest |= change
    else:
        manifest = change
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BatchInputError, match=message) as caught:
        batch(tmp_path, "held", runs=6, resume=True)
    assert caught.value.exit_code == 2


def test_an_unreadable_manifest_is_refused(tmp_path):
    out = held_manifest(tmp_path)
    (out / "manifest.json").write_bytes(b'{"format": 1, "sc')
    with pytest.raises(BatchInputError, match=r"manifest\.json: unreadable manifest"):
        batch(tmp_path, "held", runs=6, resume=True)


def test_corrupt_parts_are_refused_naming_the_file(tmp_path):
    out = held_manifest(tmp_path)
    first_chunk = store.chunk_dir(out, "tiny_a", 0, 1)
    (first_chunk / "summary.json").write_text('{"scenario": "tiny_a", "fir')
    with pytest.raises(BatchInputError, match=r"0000000-0000001/summary\.json: unreadable part"):
        batch(tmp_path, "held", runs=6, resume=True)
    (first_chunk / "summary.json").write_text(json.dumps({"scenario": "other"}))
    with pytest.raises(BatchInputError, match=r"summary\.json: unreadable part .*not the summary"):
        batch(tmp_path, "held", runs=6, resume=True)

    (tmp_path / "again").mkdir()
    out = held_manifest(tmp_path / "again")
    part = store.chunk_dir(out, "tiny_a", 2, 3) / "outcomes.arrow"
    part.write_bytes(part.read_bytes()[:50])  # truncated
    with pytest.raises(BatchInputError, match=r"0000002-0000003/outcomes\.arrow: unreadable part"):
        run_batch(
            BatchConfig(
                [tiny(tmp_path / "again")],
                out=out,
                runs=6,
                resume=True,
                executor="sequential",
                run_fn=fake_run,
                progress=False,
            )
        )


def test_export_of_a_corrupt_or_missing_table_names_it(tmp_path):
    out = batch(tmp_path, "exp", runs=4).out
    (out / "decisions.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(store.FolderError, match=r"decisions\.parquet: unreadable table"):
        store.export_csv(out)
    (out / "decisions.parquet").unlink()
    with pytest.raises(store.FolderError, match=r"decisions\.parquet: missing, though manifest"):
        store.export_csv(out)
