"""``manifest.json``: what a batch ran (scenarios, seeds, code), when, and how far it got."""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_LISTED_FAILURES = 1000  # the manifest lists at most these; failures.parquet has them all


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def package_version() -> str | None:
    try:
        return metadata.version("axis-sim")
    except metadata.PackageNotFoundError:
        return None


def git_revision() -> tuple[str | None, bool | None]:
    """(commit, dirty) of the source tree ``sim`` was imported from, or (None, None)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None, None
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None, None
    return head or None, bool(status.strip())


def new_manifest(
    scenarios: Sequence[Any],
    runs: dict[str, int],
    seed: int,
    timeseries: bool,
    chunk_size: int,
    command: list[str],
) -> dict[str, Any]:
    revision, dirty = git_revision()
    return {
        "format": FORMAT,
        "package": "axis-sim",
        "version": package_version(),
        "git_revision": revision,
        "git_dirty": dirty,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "command": command,
        "seed": seed,
        "seeds": {
            "root": seed,
            "model_seed": "sim.run.seeding.model_seed(root, run)",
            "parameters": "sim.run.seeding.parameter_rng(root, run, key)",
            "common_random_numbers": "run i of every scenario uses the same streams",
        },
        "runs": dict(runs),
        "timeseries": timeseries,
        "chunk_size": chunk_size,
        "scenarios": {
            s.name: {
                "file": str(s.source_path) if s.source_path is not None else None,
                "sha256": s.sha256,
                "runs": runs[s.name],
                "resolved": s.resolved(),
            }
            for s in scenarios
        },
        "status": "running",
        "started": now(),
        "finished": None,
        "sessions": [],
        "runs_done": {s.name: 0 for s in scenarios},
        "runs_failed": {s.name: 0 for s in scenarios},
        "failures_total": 0,
        "failures": [],
        "tables": {},
    }


def mismatches(
    manifest: dict[str, Any],
    scenarios: Sequence[Any],
    runs: dict[str, int],
    seed: int,
    timeseries: bool,
) -> list[str]:
    """Why a batch folder's manifest is not the batch now asked for (empty: it is)."""
    problems = []
    held = manifest.get("scenarios") or {}
    asked = {s.name: s for s in scenarios}
    if set(held) != set(asked):
        problems.append(f"scenarios {', '.join(sorted(held))} ≠ {', '.join(sorted(asked))}")
    for name in sorted(set(held) & set(asked)):
        if held[name].get("sha256") != asked[name].sha256:
            problems.append(f"scenario {name}: its file (or a file it extends) has changed")
        if (manifest.get("runs") or {}).get(name) != runs[name]:
            problems.append(f"scenario {name}: runs {manifest['runs'].get(name)} ≠ {runs[name]}")
    if manifest.get("seed") != seed:
        problems.append(f"seed {manifest.get('seed')} ≠ {seed}")
    if bool(manifest.get("timeseries")) != timeseries:
        problems.append(f"--timeseries {'on' if manifest.get('timeseries') else 'off'} then")
    if manifest.get("format") != FORMAT:
        problems.append(f"manifest format {manifest.get('format')} ≠ {FORMAT}")
    return problems


def describe(manifest: dict[str, Any]) -> str:
    """'baseline, no_iran (seed 1, 500 runs each)'."""
    names = ", ".join(sorted(manifest.get("scenarios") or {}))
    counts = sorted(set((manifest.get("runs") or {}).values()))
    runs = f"{counts[0]} runs each" if len(counts) == 1 else "runs " + "/".join(map(str, counts))
    return f"{names} (seed {manifest.get('seed')}, {runs}, {manifest.get('status', '?')})"


def record_failures(manifest: dict[str, Any], failures: list[dict[str, Any]]) -> None:
    listed = sorted(failures, key=lambda f: (f["scenario"], f["run"]))[:MAX_LISTED_FAILURES]
    manifest["failures_total"] = len(failures)
    manifest["failures"] = [{k: v for k, v in f.items() if k != "traceback"} for f in listed]


def session(command: list[str], executor: str, started: str) -> dict[str, Any]:
    return {"command": command, "executor": executor, "started": started, "finished": None}


def command_line() -> list[str]:
    """The command line of this process, with the program's name shortened."""
    argv = list(sys.argv)
    if argv and argv[0].endswith(("axis-sim", "__main__.py")):
        argv[0] = "axis-sim"
    return argv


# Checking a manifest read back from disk -----------------------------------------------------
MAX_RUNS = 1_000_000  # as the scenario schema's `runs`
MAX_CHUNK_SIZE = 100_000
MAX_SEED = 2**64 - 1


class ManifestError(ValueError):
    """A manifest.json that cannot be this program's; the message names the file and field."""


def _int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _counts(value: Any, names: set[str]) -> bool:
    return isinstance(value, dict) and all(
        _int_in(value.get(n), 0, MAX_RUNS) for n in sorted(names)
    )


def check(manifest: Any, path: Path) -> dict[str, Any]:
    """``manifest`` if it has every field a resume reads, with the right types; else raises
    :class:`ManifestError` naming ``path`` and the first bad field."""

    def bad(field: str, want: str) -> ManifestError:
        return ManifestError(f"{path}: field `{field}` {want}; --force starts the batch over")

    if not isinstance(manifest, dict):
        raise ManifestError(f"{path}: not a JSON object; --force starts the batch over")
    if manifest.get("format") != FORMAT:
        raise bad("format", f"must be {FORMAT} (the manifest of another program or version?)")
    scenarios = manifest.get("scenarios")
    if not isinstance(scenarios, dict) or not scenarios:
        raise bad("scenarios", "must be a non-empty object of scenario name → entry")
    for name, entry in scenarios.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            raise bad(f"scenarios.{name}", "must be an object with a `sha256` string")
    names = set(scenarios)
    if not isinstance(manifest.get("runs"), dict) or set(manifest["runs"]) != names:
        raise bad("runs", "must give the runs of each scenario of `scenarios`")
    for name in sorted(names):
        if not _int_in(manifest["runs"][name], 1, MAX_RUNS):
            raise bad(f"runs.{name}", f"must be an integer from 1 to {MAX_RUNS:,}")
    checks = {
        "seed": (_int_in(manifest.get("seed"), 0, MAX_SEED), "must be an integer ≥ 0"),
        "chunk_size": (
            _int_in(manifest.get("chunk_size"), 1, MAX_CHUNK_SIZE),
            f"must be an integer from 1 to {MAX_CHUNK_SIZE:,}",
        ),
        "timeseries": (isinstance(manifest.get("timeseries"), bool), "must be true or false"),
        "status": (isinstance(manifest.get("status"), str), "must be a string"),
        "sessions": (
            isinstance(manifest.get("sessions"), list)
            and all(isinstance(s, dict) for s in manifest["sessions"]),
            "must be a list of objects",
        ),
        "runs_done": (_counts(manifest.get("runs_done"), names), "must count each scenario's runs"),
        "runs_failed": (
            _counts(manifest.get("runs_failed"), names),
            "must count each scenario's runs",
        ),
        "failures_total": (_int_in(manifest.get("failures_total"), 0, 2**63), "must be an integer"),
        "failures": (
            isinstance(manifest.get("failures"), list)
            and all(isinstance(f, dict) for f in manifest["failures"]),
            "must be a list of objects",
        ),
        "tables": (isinstance(manifest.get("tables"), dict), "must be an object"),
    }
    for field_name, (ok, want) in checks.items():
        if not ok:
            raise bad(field_name, want)
    keys = ("scenario", "run", "error_type", "error")
    if manifest["failures_total"] and not all(
        all(k in f for k in keys) for f in manifest["failures"][:1] or [{}]
    ):
        raise bad("failures", f"must list the failures counted, each with {', '.join(keys)}")
    return manifest
