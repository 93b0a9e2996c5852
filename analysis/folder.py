"""Reading a batch folder written by ``axis-sim batch`` (schemas in ``docs/data-contract.md``).

The analysis only reads these files; it never re-runs the model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from analysis.labels import DEFAULT_PERIOD_START

OUTCOMES_FILE = "outcomes.parquet"
DECISIONS_FILE = "decisions.parquet"
TIMESERIES_FILE = "timeseries.parquet"
MANIFEST_FILE = "manifest.json"

ID_COLUMNS = ("scenario", "run", "seed")
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    OUTCOMES_FILE: ("scenario", "run"),
    DECISIONS_FILE: (
        "scenario",
        "run",
        "date",
        "actor",
        "kind",
        "decision",
        "choice",
        "probabilities",
    ),
    TIMESERIES_FILE: ("scenario", "run", "day"),
}


class AnalysisError(Exception):
    """A batch folder cannot be analysed; the message names the file and what is wrong."""


class FigureUnavailable(Exception):
    """A figure cannot be drawn from this batch; the message says why. It is left out, not fatal."""


@dataclass(frozen=True)
class Batch:
    """The tables and manifest of one batch folder, with its scenarios in batch order."""

    folder: Path
    outcomes: pd.DataFrame
    decisions: pd.DataFrame
    timeseries: pd.DataFrame | None
    manifest: dict[str, Any]
    scenarios: tuple[str, ...]

    def resolved(self, scenario: str) -> dict[str, Any]:
        """The fully merged scenario the batch ran (empty when the manifest lacks it)."""
        entry = self.manifest.get("scenarios", {}).get(scenario) or {}
        return entry.get("resolved") or {}

    def period_start(self, scenario: str) -> pd.Timestamp:
        """Day 0 of a scenario, from its resolved ``period.start``."""
        return period_bound(self.resolved(scenario), "start") or DEFAULT_PERIOD_START

    def period_end(self, scenario: str) -> pd.Timestamp | None:
        """The last day of a scenario, from its resolved ``period.end`` (None when absent)."""
        return period_bound(self.resolved(scenario), "end")

    def period_starts(self) -> dict[str, pd.Timestamp]:
        """Day 0 of every scenario."""
        return {name: self.period_start(name) for name in self.scenarios}

    def runs(self) -> pd.DataFrame:
        """Every (scenario, run) the batch holds."""
        return self.outcomes[["scenario", "run"]].drop_duplicates().reset_index(drop=True)

    def scenarios_without_runs(self) -> list[str]:
        """Scenarios the manifest lists but for which no run is in ``outcomes.parquet``."""
        listed = self.manifest.get("scenarios", {}) or {}
        return [name for name in listed if name not in self.scenarios]


def period_bound(resolved: dict[str, Any], bound: str) -> pd.Timestamp | None:
    """``period.start`` or ``period.end`` of a resolved scenario as a timestamp, if given."""
    value = (resolved.get("period") or {}).get(bound)
    return pd.Timestamp(value).normalize() if value else None


def load_batch(folder: Path) -> Batch:
    """Read a batch folder; raise :class:`AnalysisError` naming the file when one is unusable."""
    folder = Path(folder)
    if not folder.is_dir():
        raise AnalysisError(f"batch folder not found: {folder}")
    outcomes = read_table(folder / OUTCOMES_FILE)
    if outcomes.empty:
        raise AnalysisError(f"{folder / OUTCOMES_FILE} holds no runs")
    decisions = read_table(folder / DECISIONS_FILE)
    decisions["date"] = parse_dates(decisions["date"], folder / DECISIONS_FILE)
    timeseries_path = folder / TIMESERIES_FILE
    timeseries = read_table(timeseries_path) if timeseries_path.exists() else None
    manifest = read_manifest(folder / MANIFEST_FILE)
    return Batch(
        folder=folder,
        outcomes=outcomes,
        decisions=decisions,
        timeseries=timeseries,
        manifest=manifest,
        scenarios=scenario_order(manifest, outcomes),
    )


def read_table(path: Path) -> pd.DataFrame:
    """Read one parquet table of the batch and check its key columns."""
    if not path.exists():
        raise AnalysisError(f"{path.name} not found in {path.parent}")
    try:
        table = pd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as error:
        raise AnalysisError(f"{path} is not a readable parquet file ({error})") from error
    missing = [c for c in REQUIRED_COLUMNS.get(path.name, ()) if c not in table.columns]
    if missing:
        raise AnalysisError(f"{path} lacks the column(s) {', '.join(missing)}")
    return table


def parse_dates(column: pd.Series, path: Path) -> pd.Series:
    """ISO dates of a table column as normalised timestamps."""
    try:
        return pd.to_datetime(column).dt.normalize()
    except (ValueError, TypeError) as error:
        raise AnalysisError(
            f"{path}: column {column.name!r} holds non-ISO dates ({error})"
        ) from error


def read_manifest(path: Path) -> dict[str, Any]:
    """Read ``manifest.json``."""
    if not path.exists():
        raise AnalysisError(
            f"{path.name} not found in {path.parent} (is this a folder written by axis-sim batch?)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AnalysisError(f"{path} is not readable JSON ({error})") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("scenarios", {}), dict):
        raise AnalysisError(f"{path} has no 'scenarios' mapping")
    return manifest


def scenario_order(manifest: dict[str, Any], outcomes: pd.DataFrame) -> tuple[str, ...]:
    """Scenarios with runs, in manifest order, then any others in order of appearance."""
    present = list(dict.fromkeys(outcomes["scenario"].astype(str)))
    listed = [name for name in manifest.get("scenarios", {}) if name in present]
    return tuple(listed + [name for name in present if name not in listed])


def choose_baseline(batch: Batch, requested: str | None) -> str:
    """The baseline scenario: the one requested, else ``baseline`` if present, else the first."""
    if requested is None:
        return "baseline" if "baseline" in batch.scenarios else batch.scenarios[0]
    if requested not in batch.scenarios:
        raise AnalysisError(
            f"unknown baseline scenario {requested!r}; the batch in {batch.folder} has: "
            + ", ".join(batch.scenarios)
        )
    return requested


def outcome_columns(outcomes: pd.DataFrame) -> list[str]:
    """The outcome columns: numeric or boolean, neither an id nor a drawn parameter (dotted)."""
    return [
        column
        for column in outcomes.columns
        if column not in ID_COLUMNS
        and "." not in column
        and (
            pd.api.types.is_numeric_dtype(outcomes[column])
            or pd.api.types.is_bool_dtype(outcomes[column])
        )
    ]


def as_float(series: pd.Series) -> pd.Series:
    """A numeric or boolean column as floats (True → 1.0), missing values as NaN."""
    values = series.astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
    return pd.Series(values, index=series.index, name=series.name)
