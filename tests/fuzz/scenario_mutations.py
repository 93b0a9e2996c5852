"""Seeded mutations of the bundled scenario files, each known to be invalid or merely odd.

A mutation returns a :class:`Case`: the files to write (name -> bytes; the first is loaded) and
whether the result is *invalid*, by this precise definition (each is refused by the loader):

- any number that is NaN or infinite (parameters, uncertainty, events, observables, runs, seed);
- a date that does not exist (``2031-02-30``, ``2024-00-10``) or a period longer than 366 days
  or outside the years 1900-2100;
- a ``drop:`` that is not a list of ids of inherited entries; an entry id that is not a string;
- a ``choice`` whose weights are not one non-negative number per value with a finite positive
  sum; a distribution with its bounds out of order, a zero ``sd`` or a support outside the
  parameter's range;
- an observable whose target does not fit its outcome's type, or a reversed range;
- an event intensity or value outside [0, 1];
- a top level that is not a mapping; nesting deeper than 12; an anchor or alias; a value
  longer than 4,000 characters; a name longer than 64; a file over 256 KiB; a file that is not
  UTF-8; an unknown field;
- an ``extends:`` that is empty, a folder, outside the scenario's folder and the bundled ones,
  part of a loop, or a chain longer than 8 files.

*Odd* mutations (a deleted, duplicated or swapped line, a flipped character, a truncation,
CRLF line ends, a byte-order mark, a tab) may or may not leave a valid file: for them only
"no crash, no hang" is asserted.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from sim.registry import OUTCOMES, parameters
from sim.scenario import bundled_scenarios

BUNDLED = {p.name: p.read_text(encoding="utf-8") for p in bundled_scenarios()}
PARSED = {name: yaml.safe_load(text) for name, text in BUNDLED.items()}
BAD_DATE = "BADDATE"  # replaced, unquoted, by an impossible date after dumping
IMPOSSIBLE_DATES = ("2024-00-10", "2031-02-30", "2024-13-01", "2023-02-29", "0000-01-01")
NONFINITE = (math.nan, math.inf, -math.inf)
PARAMS = sorted(parameters().items())
TOP = "scenario.yaml"


@dataclass
class Case:
    kind: str
    files: dict[str, bytes]
    invalid: bool


def dump(data: Any, bad_date: str | None = None) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)
    if bad_date is not None:
        text = text.replace(f"'{BAD_DATE}'", bad_date).replace(BAD_DATE, bad_date)
    return text.encode("utf-8")


def _leaves(data: Any, test: Callable[[Any], bool], path: tuple = ()) -> list[tuple]:
    if isinstance(data, dict):
        return [q for k, v in data.items() for q in _leaves(v, test, (*path, k))]
    if isinstance(data, list):
        return [q for i, v in enumerate(data) for q in _leaves(v, test, (*path, i))]
    return [path] if test(data) else []


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _param(rng: random.Random) -> tuple[str, Any]:
    return rng.choice(PARAMS)


# Invalid mutations of the parsed content --------------------------------------------------
def nonfinite_number(data: dict, rng: random.Random) -> bytes:
    paths = _leaves(data, _is_number)
    if not paths or rng.random() < 0.3:
        key, _ = _param(rng)
        data.setdefault("parameters", {})
        data["parameters"] = {**(data["parameters"] or {}), key: 0.5}
        data.get("uncertainty", {}).pop(key, None)
        paths = [("parameters", key)]
    _set(data, rng.choice(paths), rng.choice(NONFINITE))
    return dump(data)


def bad_date(data: dict, rng: random.Random) -> bytes:
    paths = _leaves(data, lambda x: isinstance(x, dt.date))
    if not paths:
        data["period"] = {"start": dt.date(2024, 11, 27), "end": dt.date(2024, 12, 31)}
        paths = [("period", "end")]
    _set(data, rng.choice(paths), BAD_DATE)
    return dump(data, rng.choice(IMPOSSIBLE_DATES))


def far_period(data: dict, rng: random.Random) -> bytes:
    start, end = rng.choice(
        [
            (dt.date(2024, 11, 27), dt.date(9999, 12, 31)),
            (dt.date(2024, 11, 27), dt.date(2026, 1, 1)),
            (dt.date(1, 1, 1), dt.date(1, 1, 2)),
            (dt.date(1850, 1, 1), dt.date(1850, 2, 1)),
        ]
    )
    data["period"] = {"start": start, "end": end}
    return dump(data)


def long_string(data: dict, rng: random.Random) -> bytes:
    field, length = rng.choice(
        [("name", 65), ("name", 1000), ("name", 200_000), ("title", 201), ("question", 5000)]
    )
    data[field] = "a" * length
    return dump(data)


def bad_drop(data: dict, rng: random.Random) -> bytes:
    data["drop"] = rng.choice([5, "x", [{}], [5], ["no_such_id"], [[]], {"a": 1}, [""], [None]])
    return dump(data)


def bad_id(data: dict, rng: random.Random) -> bytes:
    section = rng.choice(["events", "decisions", "observables"])
    entries = data.get(section) or [{"id": "x", "outcome": "regime_collapsed", "value": True}]
    data[section] = entries
    entries[rng.randrange(len(entries))]["id"] = rng.choice([{"a": 1}, [1], 5, "", None, 1.5])
    return dump(data)


def bad_choice(data: dict, rng: random.Random) -> bytes:
    key, param = _param(rng)
    values = [param.low, param.high]
    weights = rng.choice([[1], [-1, 2], [0, 0], [1e308, 1e308], [math.nan, 1], [1, 2, 3], []])
    (data.get("parameters") or {}).pop(key, None)
    data["uncertainty"] = {
        **(data.get("uncertainty") or {}),
        key: {"dist": "choice", "values": values, "weights": weights},
    }
    return dump(data)


def bad_distribution(data: dict, rng: random.Random) -> bytes:
    key, p = _param(rng)
    mid = (p.low + p.high) / 2
    dist = rng.choice(
        [
            {"dist": "uniform", "low": p.high, "high": p.low},
            {"dist": "triangular", "low": p.low, "mode": p.high + 1, "high": p.high},
            {"dist": "truncnormal", "mean": mid, "sd": 0, "low": p.low, "high": p.high},
            {"dist": "truncnormal", "mean": mid, "sd": -1, "low": p.low, "high": p.high},
            {"dist": "cauchy", "low": p.low, "high": p.high},
            {"dist": "uniform", "low": p.low - 10, "high": p.high + 10},
            {"dist": "uniform", "low": p.low},
        ]
    )
    (data.get("parameters") or {}).pop(key, None)
    data["uncertainty"] = {**(data.get("uncertainty") or {}), key: dist}
    return dump(data)


def _outcome(dtype: str) -> str:
    return next(o.name for o in OUTCOMES if o.dtype == dtype)


def bad_observable(data: dict, rng: random.Random) -> bytes:
    target = rng.choice(
        [
            {"outcome": _outcome("bool"), "range": [0, 1]},
            {"outcome": _outcome("bool"), "value": "yes please"},
            {"outcome": _outcome("float"), "value": "soon"},
            {"outcome": _outcome("float"), "range": [5, 2]},
            {"outcome": _outcome("float"), "range": [math.nan, 2]},
            {"outcome": _outcome("str"), "value": True},
            {"outcome": "no_such_outcome", "value": 1},
            {"outcome": _outcome("float"), "value": 1, "range": [0, 1]},
            {"outcome": _outcome("float")},
        ]
    )
    entry = {"id": "fuzz_observable", "source": "fuzz", **target}
    data["observables"] = [*(data.get("observables") or []), entry]
    return dump(data)


def bad_event_number(data: dict, rng: random.Random) -> bytes:
    field = rng.choice(["intensity", "value"])
    kind = "strike" if field == "intensity" else "air_support_cut"
    entry = {
        "id": "fuzz_event",
        "date": dt.date(2024, 12, 1),
        "kind": kind,
        "description": "d",
        "source": "s",
        field: rng.choice([1.5, -0.1, math.nan, math.inf, 1e300]),
    }
    data["events"] = [*(data.get("events") or []), entry]
    return dump(data)


def unknown_field(data: dict, rng: random.Random) -> bytes:
    key = rng.choice(["colour", "Name", "runs ", "parameter", 1, None, True])
    data[key] = "red"
    return dump(data)


def bad_runs_or_seed(data: dict, rng: random.Random) -> bytes:
    field = rng.choice(["runs", "seed"])
    data[field] = rng.choice([-1, 10**7, 2**70, "many", 1.5] if field == "runs" else [-1, 2**70])
    if field == "seed" and data["seed"] == 2**70:
        data["seed"] = 2**64  # above the schema's 2**63 - 1
    return dump(data)


def bad_extends(data: dict, rng: random.Random) -> bytes:
    data["extends"] = rng.choice(
        ["", "/", ".", "..", "/etc/hostname", "../../../../etc/passwd", "a" * 300, 5, [], " "]
    )
    return dump(data)


STRUCTURAL: dict[str, Callable[[dict, random.Random], bytes]] = {
    f.__name__: f
    for f in (
        nonfinite_number,
        bad_date,
        far_period,
        long_string,
        bad_drop,
        bad_id,
        bad_choice,
        bad_distribution,
        bad_observable,
        bad_event_number,
        unknown_field,
        bad_runs_or_seed,
        bad_extends,
    )
}


# Invalid mutations of the text ------------------------------------------------------------
def not_utf8(text: str, rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return text.encode("utf-16")
    raw = text.encode("utf-8")
    at = rng.randrange(len(raw))
    return (
        raw[:at] + rng.choice([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\x80", b"\xfe\xfe"]) + raw[at:]
    )


def not_a_mapping(text: str, rng: random.Random) -> bytes:
    return rng.choice(
        ["", "~\n", "- a\n- b\n", "42\n", "just text\n", "[1, 2]\n", "!!binary aGk=\n"]
    ).encode()


def deep_nesting(text: str, rng: random.Random) -> bytes:
    depth = rng.choice([13, 50, 1000, 5000])
    inner = rng.choice([("[" * depth) + ("]" * depth), ("{a: " * depth) + "1" + ("}" * depth)])
    return (text + f"\nparameters: {inner}\n").encode()


def alias(text: str, rng: random.Random) -> bytes:
    return (text + "\nx: &a [1, 2]\ny: *a\n").encode()


def too_large(text: str, rng: random.Random) -> bytes:
    return (text + "\n#" + "x" * (300 * 1024) + "\n").encode()


TEXTUAL = {f.__name__: f for f in (not_utf8, not_a_mapping, deep_nesting, alias, too_large)}


# Odd mutations: validity not known in advance -------------------------------------------
def odd(text: str, rng: random.Random) -> tuple[str, bytes]:
    lines = text.splitlines(keepends=True)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    choice = rng.randrange(8)
    if choice == 0:
        kind, out = "delete_line", text.replace(lines[i], "", 1)
    elif choice == 1:
        kind, out = "duplicate_line", "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    elif choice == 2:
        lines[i], lines[j] = lines[j], lines[i]
        kind, out = "swap_lines", "".join(lines)
    elif choice == 3:
        at = rng.randrange(len(text))
        kind, out = (
            "flip_char",
            text[:at] + rng.choice(":-[]{}#&*!|>'\"%@` \t\n0é\u2028") + text[at + 1 :],
        )
    elif choice == 4:
        kind, out = "truncate", text[: rng.randrange(len(text))]
    elif choice == 5:
        kind, out = "crlf", text.replace("\n", "\r\n")
    elif choice == 6:
        kind, out = "bom", "\ufeff" + text
    else:
        at = rng.randrange(len(text))
        kind, out = "insert_tab", text[:at] + "\t" + text[at:]
    return kind, out.encode("utf-8")


# Chains of extends -------------------------------------------------------------------------
def extends_chain(rng: random.Random) -> dict[str, bytes]:
    length = rng.randint(9, 40)
    files = {}
    for k in range(length):
        parent = f"f{k + 1}.yaml" if k + 1 < length else "baseline.yaml"
        files[TOP if k == 0 else f"f{k}.yaml"] = dump(
            {"extends": parent, "name": f"f{k}", "title": "t", "question": "q"}
        )
    if rng.random() < 0.3:  # a loop instead
        files["f1.yaml"] = dump({"extends": TOP, "name": "f1", "title": "t", "question": "q"})
    return files


def extends_outside(rng: random.Random) -> dict[str, bytes]:
    outside = dump({"extends": "baseline.yaml", "name": "o", "title": "t", "question": "q"})
    top = dump({"extends": "../outside.yaml", "name": "s", "title": "t", "question": "q"})
    return {f"sub/{TOP}": top, "outside.yaml": outside}


def cases(seed: int, per_kind: int, odd_count: int) -> list[Case]:
    """The seeded cases: ``per_kind`` of every invalid kind, ``odd_count`` odd ones."""
    rng = random.Random(seed)
    names = sorted(BUNDLED)
    out: list[Case] = []
    for _ in range(per_kind):
        for kind, mutate in STRUCTURAL.items():
            data = copy.deepcopy(PARSED[rng.choice(names)])
            out.append(Case(kind, {TOP: mutate(data, rng)}, True))
        for kind, mutate in TEXTUAL.items():
            out.append(Case(kind, {TOP: mutate(BUNDLED[rng.choice(names)], rng)}, True))
        out.append(Case("extends_chain", extends_chain(rng), True))
        out.append(Case("extends_outside", extends_outside(rng), True))
    for _ in range(odd_count):
        kind, raw = odd(BUNDLED[rng.choice(names)], rng)
        out.append(Case(kind, {TOP: raw}, False))
    return out
