"""A batch folder on disk: atomic writes, per-chunk part folders, the streamed merge, CSV export.

Layout of a batch folder::

    manifest.json                  what was run, with what, when, and how far it got
    outcomes.parquet               merged tables (written at the end of every session)
    decisions.parquet
    timeseries.parquet             (with --timeseries)
    failures.parquet               runs that raised
    parts/<scenario>/<first>-<last>/{outcomes,decisions,timeseries}.arrow, summary.json

A chunk's part folder is written under a temporary name and committed with one ``os.rename``,
so it either exists whole or not at all; its existence is what ``--resume`` checks.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.batch import ownership

MANIFEST = "manifest.json"
PARTS = "parts"
TABLES = ("outcomes", "decisions", "timeseries")
FAILURES = "failures"
SUMMARY = "summary.json"
ROW_GROUP = 65_536  # rows per row group of the merged files, whatever the chunking
COMPRESSION = "zstd"  # the merged tables: small files
PART_SUFFIX = ".arrow"  # the temporary parts: Arrow IPC files, LZ4 buffers (see write_part)
KEY_COLUMNS = {"outcomes": ("scenario", "run", "seed"), "decisions": ("scenario", "run")}
KEY_COLUMNS["timeseries"] = KEY_COLUMNS["decisions"]
FAILURE_SCHEMA = pa.schema(
    [
        ("scenario", pa.string()),
        ("run", pa.int64()),
        ("seed", pa.int64()),
        ("error_type", pa.string()),
        ("error", pa.string()),
        ("traceback", pa.string()),
    ]
)


class FolderError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


# Atomic writes ----------------------------------------------------------------------------
def _tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success fsync it and ``os.replace`` it over."""
    tmp = _tmp_name(path)
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FolderError(f"{path}: unreadable manifest ({exc}); --force starts over") from None


# Parts -----------------------------------------------------------------------------------
def chunk_dir(folder: Path, scenario: str, first: int, last: int) -> Path:
    return folder / PARTS / scenario / f"{first:07d}-{last:07d}"


def _span(name: str) -> tuple[int, int] | None:
    first, _, last = name.partition("-")
    return (int(first), int(last)) if first.isdigit() and last.isdigit() else None


def commit_chunk(final: Path, tables: dict[str, pa.Table | None], summary: dict[str, Any]) -> bool:
    """Write a chunk's tables and summary to a temporary folder and rename it to ``final``.

    Returns False if ``final`` already existed (a duplicate execution: same content, dropped).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".tmp-{final.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    tmp.mkdir()
    try:
        for name, table in tables.items():
            if table is not None and table.num_rows:
                write_part(table, tmp / f"{name}{PART_SUFFIX}")
        (tmp / SUMMARY).write_text(json.dumps(summary), encoding="utf-8")
        _fsync_file(tmp / SUMMARY)
        try:
            os.rename(tmp, final)
        except OSError:
            if final.is_dir():
                return False
            raise
        _fsync_dir(final.parent)
        return True
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def done_chunks(folder: Path, scenario: str) -> list[tuple[int, int]]:
    """The committed chunks of a scenario, by first run."""
    root = folder / PARTS / scenario
    if not root.is_dir():
        return []
    spans = (_span(p.name) for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    return sorted(s for s in spans if s is not None)


def chunk_summaries(folder: Path, scenarios: Iterable[str]) -> Iterator[dict[str, Any]]:
    """The summary of every committed chunk, scenarios in the given order, chunks by run."""
    for scenario in scenarios:
        for first, last in done_chunks(folder, scenario):
            path = chunk_dir(folder, scenario, first, last) / SUMMARY
            yield _read_summary(path, scenario, first, last)


def _read_summary(path: Path, scenario: str, first: int, last: int) -> dict[str, Any]:
    with _reading_part(path):
        summary = json.loads(path.read_text(encoding="utf-8"))
        fits = isinstance(summary, dict) and (
            summary.get("scenario"),
            summary.get("first"),
            summary.get("last"),
        ) == (scenario, first, last)
        if not fits or type(summary.get("runs_ok")) is not int:
            raise ValueError("not the summary of this chunk")
        if not isinstance(summary.get("failures"), list):
            raise ValueError("its `failures` is not a list")
        return summary


def remove_stale_tmp(folder: Path) -> None:
    """Remove temporary files and folders left by an interrupted session."""
    for path in [*folder.glob(".*.tmp-*"), *(folder / PARTS).glob("*/.tmp-*")]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


# The folder ------------------------------------------------------------------------------
def is_batch_folder(folder: Path) -> bool:
    return (folder / MANIFEST).exists() or (folder / PARTS).is_dir()


def prepare_folder(folder: Path, *, force: bool) -> dict[str, Any] | None:
    """Make a folder claimed with :func:`sim.batch.ownership.claim_folder` ready for a batch;
    return the manifest of a batch it already holds (or None).

    ``force`` clears a batch folder (never a folder that is not one: the claim refuses those),
    all but the lock file the claim holds.
    """
    is_batch = is_batch_folder(folder)
    if is_batch and not force and not (folder / MANIFEST).exists():
        raise FolderError(
            f"--out {folder}: holds batch parts but no {MANIFEST}, so they cannot be resumed; "
            "--force clears them"
        )
    if is_batch and force:
        for path in ownership.entries(folder):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        return None
    try:
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise FolderError(f"--out {folder}: cannot write there ({exc.strerror})") from None
    return read_manifest(folder) if is_batch else None


def write_part(table: pa.Table, path: Path) -> None:
    """A chunk's table as an Arrow IPC file: about twice as fast as Parquet to write in the worker
    and three times as fast to read back in the parent, which matters because the merge is the
    serial part of a batch. The parts are temporary; only the merged tables are Parquet."""
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with (
        pa.OSFile(str(path), "wb") as sink,
        pa.ipc.new_file(sink, table.schema, options=options) as w,
    ):
        w.write_table(table)
    _fsync_file(path)


UNREADABLE = (OSError, ValueError, pa.ArrowException)  # what a truncated or corrupt file raises


@contextlib.contextmanager
def _reading_part(path: Path) -> Iterator[None]:
    try:
        yield
    except UNREADABLE as exc:
        raise FolderError(
            f"{path}: unreadable part ({exc}); delete its folder {path.parent} to run that "
            "chunk again with --resume, or --force to start over"
        ) from None


def read_part(path: Path) -> pa.Table:
    with _reading_part(path):
        if path.suffix == ".parquet":  # a part of a batch begun before parts were Arrow files
            return pq.read_table(path)
        with pa.OSFile(str(path), "rb") as source:
            return pa.ipc.open_file(source).read_all()


def read_part_schema(path: Path) -> pa.Schema:
    with _reading_part(path):
        if path.suffix == ".parquet":
            return pq.read_schema(path)
        with pa.OSFile(str(path), "rb") as source:
            return pa.ipc.open_file(source).schema


def open_table(path: Path) -> pq.ParquetFile:
    """A merged table of a batch folder, opened; a missing, truncated or corrupt file raises
    :class:`FolderError` naming it."""
    try:
        return pq.ParquetFile(path)
    except UNREADABLE as exc:
        raise FolderError(f"{path}: unreadable table ({exc})") from None


def clear_parts(folder: Path) -> None:
    shutil.rmtree(folder / PARTS, ignore_errors=True)


# Merge -----------------------------------------------------------------------------------
def _part_files(folder: Path, scenarios: list[str], table: str) -> list[Path]:
    files = []
    for scenario in scenarios:
        for first, last in done_chunks(folder, scenario):
            chunk = chunk_dir(folder, scenario, first, last)
            for path in (chunk / f"{table}{PART_SUFFIX}", chunk / f"{table}.parquet"):
                if path.is_file():
                    files.append(path)
                    break
    return files


def _empty_schema(table: str) -> pa.Schema:
    types = {"scenario": pa.string(), "run": pa.int64(), "seed": pa.int64()}
    return pa.schema([(name, types[name]) for name in KEY_COLUMNS[table]])


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def merge_table(folder: Path, scenarios: list[str], table: str) -> int:
    """Stream every part of ``table`` (scenarios sorted by name, chunks by run) into one file.

    Two passes: the schemas (footers only) are unified first, then the parts are read one at a
    time and written in row groups of exactly :data:`ROW_GROUP` rows, each from contiguous
    arrays (the writer's page boundaries follow its input's chunks), so the file's bytes do not
    depend on the chunking, and memory holds at most one part and one row group.
    Returns the number of rows written.
    """
    files = _part_files(folder, sorted(scenarios), table)
    schemas = [read_part_schema(f) for f in files]
    schema = (
        pa.unify_schemas(schemas, promote_options="permissive") if schemas else _empty_schema(table)
    )
    schema = schema.remove_metadata()
    rows = 0
    with (
        atomic_path(folder / f"{table}.parquet") as tmp,
        pq.ParquetWriter(tmp, schema, compression=COMPRESSION) as writer,
    ):
        pending: list[pa.Table] = []
        buffered = 0
        for path in files:
            part = _conform(read_part(path), schema)
            pending.append(part)
            buffered += part.num_rows
            if buffered >= ROW_GROUP:
                whole = pa.concat_tables(pending).combine_chunks()
                cut = buffered - buffered % ROW_GROUP
                writer.write_table(whole.slice(0, cut), row_group_size=ROW_GROUP)
                rows += cut
                pending, buffered = [whole.slice(cut)], buffered - cut
        if buffered:
            writer.write_table(pa.concat_tables(pending).combine_chunks(), row_group_size=ROW_GROUP)
            rows += buffered
    return rows


def write_failures(folder: Path, failures: list[dict[str, Any]]) -> None:
    """``failures.parquet``: one row per run that raised, by scenario and run."""
    rows = sorted(failures, key=lambda f: (f["scenario"], f["run"]))
    table = pa.Table.from_pylist(
        [{name: row.get(name) for name in FAILURE_SCHEMA.names} for row in rows],
        schema=FAILURE_SCHEMA,
    )
    with atomic_path(folder / f"{FAILURES}.parquet") as tmp:
        pq.write_table(table, tmp, compression=COMPRESSION)


# Export ----------------------------------------------------------------------------------
def export_csv(folder: Path, dest: Path | None = None) -> list[Path]:
    """CSV copies of the merged tables of a batch folder, streamed batch by batch."""
    import pyarrow.csv as pacsv

    manifest = read_manifest(folder)
    if manifest is None:
        raise FolderError(f"{folder}: not a batch folder (no {MANIFEST})")
    if not isinstance(manifest, dict):
        raise FolderError(f"{folder / MANIFEST}: not a batch manifest (expected a JSON object)")
    listed = manifest.get("tables")
    listed = listed if isinstance(listed, dict) else {}
    dest = folder if dest is None else dest
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name in (*TABLES, FAILURES):
        source = folder / f"{name}.parquet"
        if not source.is_file():
            if name in listed:
                raise FolderError(f"{source}: missing, though {MANIFEST} lists it")
            continue
        parquet = open_table(source)
        target = dest / f"{name}.csv"
        try:
            with atomic_path(target) as tmp, pacsv.CSVWriter(tmp, parquet.schema_arrow) as writer:
                for batch in parquet.iter_batches(batch_size=ROW_GROUP):
                    writer.write_batch(batch)
        except (ValueError, pa.ArrowException) as exc:
            raise FolderError(f"{source}: unreadable table ({exc})") from None
        written.append(target)
    return written
