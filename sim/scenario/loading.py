"""Loading scenario files: YAML, ``extends:`` inheritance, merging, then validation.

A counterfactual is the baseline plus its difference: ``extends: baseline.yaml`` merges the
parent first; ``parameters`` and ``uncertainty`` merge by key, ``events``, ``decisions`` and
``observables`` merge by ``id`` (a child entry with a parent's id patches that entry's fields),
and ``drop: [id, ...]`` removes inherited entries. Every error names the file, the YAML line
where one is known, the field path and what is allowed; it is raised as :class:`ScenarioError`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sim.scenario.errors import ScenarioError
from sim.scenario.locations import MERGED_BY_ID, format_validation, line_of, locate
from sim.scenario.schema import Scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent.parent / "scenarios"


def bundled_scenarios() -> list[Path]:
    """The scenario files shipped with axis-sim, baseline first."""
    files = sorted(SCENARIO_DIR.glob("*.yaml"))
    return sorted(files, key=lambda p: (p.stem != "baseline", p.stem))


def resolve_path(ref: str | Path, relative_to: Path | None = None) -> Path:
    """A scenario reference (path, or bundled name like ``baseline``) as an existing file."""
    ref = Path(ref)
    candidates = [relative_to / ref] if relative_to is not None else []
    candidates.append(ref)
    candidates += [SCENARIO_DIR / ref, SCENARIO_DIR / ref.with_suffix(".yaml")]
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
        raise ScenarioError(format_validation(exc, merged, chain)) from None
    from sim.scenario.checks import check_references  # needs the registry (mesa): load it late

    problems = check_references(scenario)
    if problems:
        lines = [locate(loc, merged, chain) + msg for loc, msg in problems]
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
                f"{path}{line_of(node, ('extends',))}: field 'extends': give a file name"
            )
        try:
            parent_path = resolve_path(parent, relative_to=path.parent)
        except ScenarioError as exc:
            raise ScenarioError(
                f"{path}{line_of(node, ('extends',))}: field 'extends': {exc}"
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
