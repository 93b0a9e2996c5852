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
            "model_seed": "sim.seeding.model_seed(root, run)",
            "parameters": "sim.seeding.parameter_rng(root, run, key)",
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
