"""Where an error is: the file of an ``extends:`` chain and the YAML line of a field path."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sim.scenario.schema import DecisionPoint, Event, Observable, Period, Scenario

MERGED_BY_ID = ("events", "decisions", "observables")


def format_validation(exc: ValidationError, merged: dict, chain: list) -> str:
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
        lines.append(locate(loc, merged, chain) + msg)
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


def locate(loc: tuple, merged: dict, chain: list) -> str:
    """'file, line N: field a.b.c: ' for an error at ``loc`` of the merged content."""
    field = ".".join(str(p) for p in loc)
    entry_id = None
    if len(loc) >= 2 and loc[0] in MERGED_BY_ID and isinstance(loc[1], int):
        entries = merged.get(loc[0]) or []
        if loc[1] < len(entries) and isinstance(entries[loc[1]], dict):
            entry_id = entries[loc[1]].get("id")
            entry_id = entry_id if isinstance(entry_id, str) else None  # a mapping id is an error
            if entry_id is not None:
                field = f"{loc[0]}[id={entry_id}]" + "".join(f".{p}" for p in loc[2:])
    for exact in (True, False):
        for path, raw, node in chain:
            file_loc = _file_loc(loc, raw, entry_id, exact)
            if file_loc is not None:
                return f"{path}{line_of(node, file_loc)}: field '{field}': "
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


def line_of(node: yaml.Node | None, loc: tuple) -> str:
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
