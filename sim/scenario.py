"""Scenario files: YAML validated by a strict pydantic schema, with ``extends:`` inheritance.

A counterfactual is the baseline plus its difference: ``extends: baseline.yaml`` merges the
parent first; ``parameters`` and ``uncertainty`` merge by key, ``events``, ``decisions`` and
``observables`` merge by ``id`` (a child entry with a parent's id patches that entry's fields),
and ``drop: [id, ...]`` removes inherited entries. Every error names the file, the YAML line
where one is known, the field path and what is allowed; it is raised as :class:`ScenarioError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.scenario_checks import check_references

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
_PACKAGED_DIR = Path(__file__).resolve().parent / "_bundled_scenarios"
DEFAULT_START, DEFAULT_END = dt.date(2024, 11, 27), dt.date(2024, 12, 31)
MERGED_BY_ID = ("events", "decisions", "observables")


class ScenarioError(Exception):
    """A scenario that cannot be used; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Uniform(_Strict):
    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError("needs low < high")
        return self

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Triangular(_Strict):
    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError("needs low <= mode <= high and low < high")
        return self

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class TruncNormal(_Strict):
    dist: Literal["truncnormal"]
    mean: float
    sd: float = Field(gt=0)
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> TruncNormal:
        if not self.low < self.high:
            raise ValueError("needs low < high")
        return self

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Choice(_Strict):
    dist: Literal["choice"]
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None and (
            len(self.weights) != len(self.values) or min(self.weights) < 0 or sum(self.weights) <= 0
        ):
            raise ValueError("weights must be non-negative, one per value, with a positive sum")
        return self

    def support(self) -> tuple[float, float]:
        return min(self.values), max(self.values)


Distribution = Annotated[Uniform | Triangular | TruncNormal | Choice, Field(discriminator="dist")]


class Period(_Strict):
    start: dt.date = DEFAULT_START
    end: dt.date = DEFAULT_END

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self

    @property
    def days(self) -> int:
        """Number of simulated days, start and end included."""
        return (self.end - self.start).days + 1


class Event(_Strict):
    id: str
    date: dt.date
    kind: str
    description: str
    source: str
    actor: str | None = None
    target: str | None = None
    intensity: float | None = Field(default=None, ge=0.0, le=1.0)
    value: float | None = Field(default=None, ge=0.0, le=1.0)


class DecisionPoint(_Strict):
    id: str
    actor: str
    decision: str
    historical: str
    source: str
    options: list[str] | None = None
    date: dt.date | None = None
    window: tuple[dt.date, dt.date] | None = None
    match: Literal["any", "all"] = "any"
    force: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_time(self) -> DecisionPoint:
        if (self.date is None) == (self.window is None):
            raise ValueError("give exactly one of `date` or `window: [start, end]`")
        if self.window is not None and self.window[1] < self.window[0]:
            raise ValueError("window ends before it starts")
        return self

    @property
    def first_day(self) -> dt.date:
        return self.date if self.date is not None else self.window[0]  # type: ignore[index]

    @property
    def last_day(self) -> dt.date:
        return self.date if self.date is not None else self.window[1]  # type: ignore[index]


class Observable(_Strict):
    id: str
    outcome: str
    source: str
    value: bool | float | str | None = None
    range: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Observable:
        if (self.value is None) == (self.range is None):
            raise ValueError("give exactly one of `value` or `range: [low, high]`")
        return self

    def matches(self, outcome: Any) -> bool:
        """Does a run's outcome value agree with what history recorded?"""
        if self.range is not None:
            low, high = self.range
            return outcome == outcome and low <= float(outcome) <= high  # NaN never matches
        return outcome == self.value


class Scenario(_Strict):
    """A validated, fully merged scenario."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    question: str
    period: Period = Period()
    runs: int = Field(default=500, ge=1, le=1_000_000)
    seed: int = Field(default=20241127, ge=0)
    parameters: dict[str, float] = {}
    uncertainty: dict[str, Distribution] = {}
    events: list[Event] = []
    decisions: list[DecisionPoint] = []
    observables: list[Observable] = []
    source_path: Path | None = Field(default=None, exclude=True)
    sha256: str = Field(default="", exclude=True)

    def day_of(self, date: dt.date) -> int:
        return (date - self.period.start).days

    def date_of(self, day: int) -> dt.date:
        return self.period.start + dt.timedelta(days=day)

    @cached_property
    def status_quo(self) -> dict[str, str]:
        from sim.agents import INSTANCE_KIND, KINDS_BY_NAME

        out = {}
        for point in self.decisions:
            kind = KINDS_BY_NAME[INSTANCE_KIND.get(point.actor, point.actor)]
            out[point.id] = kind.DECISIONS[point.decision].status_quo
        return out

    def resolved(self) -> dict[str, Any]:
        """The merged content as JSON-able data (for manifests), with each point's status quo."""
        data = json.loads(self.model_dump_json())
        for point in data["decisions"]:
            point["options"] = point["options"] or _spec_options(point["actor"], point["decision"])
            point["status_quo"] = self.status_quo[point["id"]]
            if point["window"] is None:
                point["window"] = [point["date"], point["date"]]
        return data


def _spec_options(actor: str, decision: str) -> list[str]:
    from sim.agents import INSTANCE_KIND, KINDS_BY_NAME

    return list(KINDS_BY_NAME[INSTANCE_KIND.get(actor, actor)].DECISIONS[decision].options)


# Loading ---------------------------------------------------------------------------------
def bundled_scenarios() -> list[Path]:
    """The scenario files shipped with axis-sim, baseline first."""
    folder = SCENARIO_DIR if SCENARIO_DIR.is_dir() else _PACKAGED_DIR
    files = sorted(folder.glob("*.yaml"))
    return sorted(files, key=lambda p: (p.stem != "baseline", p.stem))


def resolve_path(ref: str | Path, relative_to: Path | None = None) -> Path:
    """A scenario reference (path, or bundled name like ``baseline``) as an existing file."""
    ref = Path(ref)
    candidates = [relative_to / ref] if relative_to is not None else []
    candidates.append(ref)
    for folder in (SCENARIO_DIR, _PACKAGED_DIR):
        candidates += [folder / ref, folder / ref.with_suffix(".yaml")]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    names = ", ".join(p.stem for p in bundled_scenarios())
    raise ScenarioError(f"{ref}: no such scenario file (bundled scenarios: {names})")


def load_scenario(ref: str | Path) -> Scenario:
    """Load, merge (``extends:``) and validate a scenario; raise :class:`ScenarioError`."""
    path = resolve_path(ref)
    chain = _load_chain(path, ())
    merged: dict[str, Any] = {}
    for _, raw, _ in reversed(chain):
        merged = _merge(merged, raw)
    merged.pop("extends", None)
    merged.pop("drop", None)
    digest = hashlib.sha256()
    for file, _, _ in reversed(chain):
        digest.update(file.read_bytes())
    try:
        scenario = Scenario(**merged, source_path=path, sha256=digest.hexdigest())
    except ValidationError as exc:
        raise ScenarioError(_format_validation(exc, merged, chain)) from None
    problems = check_references(scenario)
    if problems:
        lines = [_locate(loc, merged, chain) + msg for loc, msg in problems]
        raise ScenarioError("\n".join(lines))
    return scenario


def _load_chain(path: Path, seen: tuple[Path, ...]) -> list[tuple[Path, dict, yaml.Node | None]]:
    """The file and every file it extends, child first: (path, raw mapping, YAML node tree)."""
    if path in seen:
        loop = " -> ".join(str(p.name) for p in (*seen, path))
        raise ScenarioError(f"{seen[-1]}: field 'extends': inheritance loop ({loop})")
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(f"{path}{where}: malformed YAML: {problem}") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror}") from None
    if not isinstance(raw, dict):
        raise ScenarioError(f"{path}: a scenario must be a YAML mapping of fields")
    chain = [(path, raw, node)]
    parent = raw.get("extends")
    if parent is not None:
        if not isinstance(parent, str):
            raise ScenarioError(
                f"{path}{_line(node, ('extends',))}: field 'extends': give a file name"
            )
        try:
            parent_path = resolve_path(parent, relative_to=path.parent)
        except ScenarioError as exc:
            raise ScenarioError(
                f"{path}{_line(node, ('extends',))}: field 'extends': {exc}"
            ) from None
        chain += _load_chain(parent_path, (*seen, path))
    return chain


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """The child's content over the parent's. A parameter the child fixes is no longer uncertain
    (unless the child also gives it a distribution, which the checks then reject)."""
    merged = dict(parent)
    drop = set(child.get("drop") or [])
    for key, value in child.items():
        if key in ("parameters", "uncertainty") and isinstance(value, dict):
            merged[key] = {**(parent.get(key) or {}), **value}
        elif key in MERGED_BY_ID and isinstance(value, list):
            merged[key] = _merge_entries(parent.get(key) or [], value)
        else:
            merged[key] = value
    fixed = child.get("parameters") if isinstance(child.get("parameters"), dict) else {}
    own_uncertain = child.get("uncertainty") if isinstance(child.get("uncertainty"), dict) else {}
    if fixed and isinstance(merged.get("uncertainty"), dict):
        merged["uncertainty"] = {
            k: v for k, v in merged["uncertainty"].items() if k not in fixed or k in own_uncertain
        }
    for key in MERGED_BY_ID:
        if drop and isinstance(merged.get(key), list):
            merged[key] = [e for e in merged[key] if not _has_id(e, drop)]
    return merged


def _has_id(entry: Any, ids: set[str]) -> bool:
    return isinstance(entry, dict) and entry.get("id") in ids


def _merge_entries(parent: list[Any], child: list[Any]) -> list[Any]:
    out = [dict(e) if isinstance(e, dict) else e for e in parent]
    index = {e.get("id"): i for i, e in enumerate(out) if isinstance(e, dict)}
    for entry in child:
        key = entry.get("id") if isinstance(entry, dict) else None
        if key is not None and key in index:
            out[index[key]] = {**out[index[key]], **entry}
        else:
            out.append(entry)
    return out


# Error locations -------------------------------------------------------------------------
def _format_validation(exc: ValidationError, merged: dict, chain: list) -> str:
    lines = []
    for error in exc.errors():
        loc = tuple(
            p for p in error["loc"] if p not in ("uniform", "triangular", "truncnormal", "choice")
        )
        msg = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            msg = f"unknown field (allowed: {_allowed_fields(loc)})"
        elif error["type"] == "missing":
            msg = "required field is missing"
        elif error["type"] == "union_tag_invalid":
            msg = "unknown distribution (allowed: uniform, triangular, truncnormal, choice)"
        lines.append(_locate(loc, merged, chain) + msg)
    return "\n".join(lines)


_FIELDS_BY_LIST = {"events": Event, "decisions": DecisionPoint, "observables": Observable}


def _allowed_fields(loc: tuple) -> str:
    model: type[BaseModel] = Scenario
    if len(loc) >= 3 and loc[0] in _FIELDS_BY_LIST:
        model = _FIELDS_BY_LIST[loc[0]]
    elif loc and loc[0] == "period":
        model = Period
    elif loc and loc[0] == "uncertainty":
        return "dist and the distribution's own fields (low, high, mode, mean, sd, values, weights)"
    names = [n for n, f in model.model_fields.items() if not f.exclude]
    if model is Scenario:
        names += ["extends", "drop"]
    return ", ".join(names)


def _locate(loc: tuple, merged: dict, chain: list) -> str:
    """'file, line N: field a.b.c: ' for an error at ``loc`` of the merged content."""
    field = ".".join(str(p) for p in loc)
    entry_id = None
    if len(loc) >= 2 and loc[0] in MERGED_BY_ID and isinstance(loc[1], int):
        entries = merged.get(loc[0]) or []
        if loc[1] < len(entries) and isinstance(entries[loc[1]], dict):
            entry_id = entries[loc[1]].get("id")
            if entry_id is not None:
                field = f"{loc[0]}[id={entry_id}]" + "".join(f".{p}" for p in loc[2:])
    for exact in (True, False):
        for path, raw, node in chain:
            file_loc = _file_loc(loc, raw, entry_id, exact)
            if file_loc is not None:
                return f"{path}{_line(node, file_loc)}: field '{field}': "
    return f"{chain[0][0]}: field '{field}': "


def _file_loc(loc: tuple, raw: dict, entry_id: str | None, exact: bool) -> tuple | None:
    """The location in one file's own content: the exact path, else (``exact=False``) the
    nearest enclosing entry or field that this file sets; None if it sets neither."""
    if not loc:
        return ()
    if loc[0] not in raw:
        return None
    if entry_id is None:
        if _exists(raw, loc):
            return loc
        return None if exact else loc[:1]
    for i, entry in enumerate(raw.get(loc[0]) or []):
        if isinstance(entry, dict) and entry.get("id") == entry_id:
            sub = (loc[0], i, *loc[2:])
            if _exists(raw, sub):
                return sub
            return None if exact else (loc[0], i)
    return None


def _exists(data: Any, loc: tuple) -> bool:
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if in_dict or in_list:
            data = data[part]
        else:
            return False
    return True


def _line(node: yaml.Node | None, loc: tuple) -> str:
    """', line N' for a path in a YAML node tree ('' when unknown)."""
    if node is None:
        return ""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            node = match
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            break
    return f", line {node.start_mark.line + 1}"
