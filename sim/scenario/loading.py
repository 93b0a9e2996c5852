"""Loading scenario files: YAML, ``extends:`` inheritance, merging, then validation.

A counterfactual is the baseline plus its difference: ``extends: baseline.yaml`` merges the
parent first; ``parameters`` and ``uncertainty`` merge by key, ``events``, ``decisions`` and
``observables`` merge by ``id`` (a child entry with a parent's id patches that entry's fields),
and ``drop: [id, ...]`` removes inherited entries. Every error names the file, the YAML line
where one is known, the field path and what is allowed; it is raised as :class:`ScenarioError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sim.scenario.ensemble_file import check_matches, read_ensemble
from sim.scenario.errors import ScenarioError
from sim.scenario.locations import MERGED_BY_ID, format_validation, line_of, locate
from sim.scenario.reading import read_yaml
from sim.scenario.schema import Scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent.parent / "scenarios"


def bundled_scenarios() -> list[Path]:
    """The scenario files shipped with axis-sim, baseline first."""
    files = sorted(SCENARIO_DIR.glob("*.yaml"))
    return sorted(files, key=lambda p: (p.stem != "baseline", p.stem))


MAX_CHAIN = 8  # files in one ``extends:`` chain (the bundled ones use 2)
MAX_REF_CHARS = 4096  # a scenario reference (the usual PATH_MAX)
MAX_NAME_CHARS = 255  # one path component (the usual NAME_MAX)


def resolve_path(ref: str | Path, relative_to: Path | None = None) -> Path:
    """A scenario reference (path, or bundled name like ``baseline``) as an existing file.

    With ``relative_to`` (an ``extends:`` value) the current folder is not searched."""
    ref = _checked_ref(ref)
    candidates = [relative_to / ref] if relative_to is not None else [ref]
    candidates += [SCENARIO_DIR / ref, SCENARIO_DIR / ref.with_suffix(".yaml")]
    for candidate in candidates:
        if _is_file(candidate):
            return candidate.resolve()
    names = ", ".join(p.stem for p in bundled_scenarios())
    raise ScenarioError(f"{ref}: no such scenario file (bundled scenarios: {names})")


def _checked_ref(ref: str | Path) -> Path:
    text = str(ref)
    if not text.strip() or "\x00" in text:
        raise ScenarioError(f"{text!r}: give a scenario name or a YAML file")
    if len(text) > MAX_REF_CHARS or any(len(part) > MAX_NAME_CHARS for part in text.split("/")):
        raise ScenarioError(
            f"{text[:60]}...: the name is longer than the file system allows "
            f"({MAX_NAME_CHARS} characters a name, {MAX_REF_CHARS} a path)"
        )
    path = Path(text)
    if path.name in ("", ".", ".."):
        raise ScenarioError(f"{text!r}: give a scenario name or a YAML file, not a folder")
    return path


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def load_scenario(ref: str | Path, *, extends_roots: Sequence[Path | str] = ()) -> Scenario:
    """Load, merge (``extends:``) and validate a scenario; raise :class:`ScenarioError`.

    ``extends:`` may name files in the scenario's own folder tree or the bundled scenarios;
    ``extends_roots`` adds folders (an explicit widening)."""
    path = resolve_path(ref)
    roots = (path.parent, SCENARIO_DIR, *(Path(r).resolve() for r in extends_roots))
    chain = _load_chain(path, (), roots)
    merged: dict[str, Any] = {}
    for file, raw, node in reversed(chain):
        check_drop(file, raw, node, merged)
        merged = _merge(merged, raw)
    merged.pop("extends", None)
    merged.pop("drop", None)
    resolve_ensemble(merged, chain)
    digest = hashlib.sha256()
    for file, _, _ in reversed(chain):
        digest.update(file.read_bytes())
    if isinstance(merged.get("ensemble"), str) and _is_file(Path(merged["ensemble"])):
        digest.update(Path(merged["ensemble"]).read_bytes())
    try:
        scenario = Scenario.model_validate(
            {**merged, "source_path": path, "sha256": digest.hexdigest()}
        )
    except ValidationError as exc:
        raise ScenarioError(format_validation(exc, merged, chain)) from None
    from sim.scenario.checks import check_references  # needs the registry (mesa): load it late

    problems = check_references(scenario)
    if problems:
        lines = [locate(loc, merged, chain) + msg for loc, msg in problems]
        raise ScenarioError("\n".join(lines))
    if scenario.ensemble is not None:
        try:
            ensemble = read_ensemble(scenario.ensemble)
        except ScenarioError as exc:
            raise ScenarioError(f"{path}: field 'ensemble': {exc}") from None
        check_matches(
            ensemble,
            scenario.inferred_keys,
            sorted(scenario.parameters),
            str(path),
            scenario.name,
        )
    return scenario


def resolve_ensemble(merged: dict[str, Any], chain: list[tuple[Path, dict, Any]]) -> None:
    """``ensemble:`` as an absolute path, relative to the file of the chain that names it."""
    for file, raw, _ in chain:  # child first: the nearest file that names it
        if "ensemble" in raw:
            if isinstance(raw["ensemble"], str) and raw["ensemble"].strip():
                merged["ensemble"] = str((file.parent / raw["ensemble"]).resolve())
            return


def _load_chain(
    path: Path, seen: tuple[Path, ...], roots: tuple[Path, ...]
) -> list[tuple[Path, dict, yaml.Node | None]]:
    """The file and every file it extends, child first: (path, raw mapping, YAML node tree)."""
    if path in seen:
        loop = " -> ".join(str(p.name) for p in (*seen, path))
        raise ScenarioError(f"{seen[-1]}: field 'extends': inheritance loop ({loop})")
    if len(seen) >= MAX_CHAIN:
        raise ScenarioError(
            f"{seen[-1]}: field 'extends': a chain of more than {MAX_CHAIN} files is not allowed"
        )
    raw, node = read_yaml(path)
    if not isinstance(raw, dict):
        raise ScenarioError(f"{path}: a scenario must be a YAML mapping of fields")
    chain = [(path, raw, node)]
    if "extends" in raw:
        chain += _load_chain(_parent_of(path, raw, node, roots), (*seen, path), roots)
    return chain


def _parent_of(path: Path, raw: dict, node: yaml.Node | None, roots: tuple[Path, ...]) -> Path:
    """The file ``extends:`` names, inside one of ``roots``; never echoes its content."""
    where = f"{path}{line_of(node, ('extends',))}: field 'extends'"
    parent = raw["extends"]
    if not isinstance(parent, str):
        raise ScenarioError(f"{where}: give a file name")
    try:
        parent_path = resolve_path(parent, relative_to=path.parent)
    except ScenarioError as exc:
        raise ScenarioError(f"{where}: {exc}") from None
    if not any(parent_path.is_relative_to(root) for root in roots):
        raise ScenarioError(
            f"{where}: {parent!r} lies outside the scenario's folder ({path.parent}) and the "
            "bundled scenarios; copy it next to the scenario"
        )
    return parent_path


def check_drop(path: Path, raw: dict, node: yaml.Node | None, inherited: dict) -> None:
    """``drop:`` is a list of ids, each of an entry the file inherits."""
    if "drop" not in raw:
        return
    where = f"{path}{line_of(node, ('drop',))}: field 'drop'"
    drop = raw["drop"]
    if not isinstance(drop, list) or not all(isinstance(d, str) and d for d in drop):
        raise ScenarioError(f"{where}: give a list of inherited entry ids, e.g. [event_id]")
    known = {
        e["id"]
        for key in MERGED_BY_ID
        if isinstance(inherited.get(key), list)
        for e in inherited[key]
        if isinstance(e, dict) and isinstance(e.get("id"), str)
    }
    unknown = [d for d in drop if d not in known]
    if unknown:
        raise ScenarioError(
            f"{where}: no inherited event, decision or observable has the id "
            f"{', '.join(repr(d[:80]) for d in unknown[:5])}"
        )


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """The child's content over the parent's. A parameter the child fixes is no longer uncertain
    (unless the child also gives it a distribution, which the checks then reject)."""
    merged = dict(parent)
    drop = {d for d in child.get("drop") or [] if isinstance(d, str)}
    for key, value in child.items():
        if key in ("parameters", "uncertainty") and isinstance(value, dict):
            inherited = parent.get(key) or {}
            merged[key] = {**inherited, **value} if isinstance(inherited, dict) else inherited
        elif key in MERGED_BY_ID and isinstance(value, list):
            inherited = parent.get(key) or []
            merged[key] = (
                _merge_entries(inherited, value) if isinstance(inherited, list) else inherited
            )
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
    return isinstance(entry, dict) and _id_of(entry) in ids


def _id_of(entry: Any) -> str | None:
    """An entry's id when it is a string (anything else is left to the schema to refuse)."""
    key = entry.get("id") if isinstance(entry, dict) else None
    return key if isinstance(key, str) else None


def _merge_entries(parent: list[Any], child: list[Any]) -> list[Any]:
    out = [dict(e) if isinstance(e, dict) else e for e in parent]
    index = {_id_of(e): i for i, e in enumerate(out) if _id_of(e) is not None}
    for entry in child:
        key = _id_of(entry)
        if key is not None and key in index:
            out[index[key]] = {**out[index[key]], **entry}
        else:
            out.append(entry)
    return out
