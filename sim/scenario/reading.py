"""Reading one scenario file safely: bounded size, UTF-8, bounded nesting and string length,
no aliases, and dates that can never raise before the schema sees them.

PyYAML's own timestamp constructor raises ``ValueError`` on an impossible date such as
``2031-02-30``; here such a scalar stays a string, and the schema then refuses it with the file,
line and field. Every refusal is a :class:`ScenarioError` naming the file (and line when known).
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

from sim.scenario.errors import ScenarioError

MAX_FILE_BYTES = 256 * 1024  # the bundled baseline is ~10 kB
MAX_DEPTH = 12  # a scenario nests at most ~5 deep (decisions[i].window[0])
MAX_SCALAR_CHARS = 4000  # the longest text a scenario needs (a description or a source)
MAX_NODES = 20_000  # scalars, mappings and sequences in one file

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ScenarioLoader(_Loader):  # type: ignore[misc, valid-type]
    """A safe loader whose timestamps are dates when valid and strings otherwise."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except Exception:  # any date PyYAML cannot build stays text
        return str(node.value)  # the schema refuses it with the file, line and field


ScenarioLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_text(path: Path) -> str:
    """The file's text: refused if not a regular file, too large or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(
                f"{path}: the file is {size:,} bytes; a scenario file may hold at most "
                f"{MAX_FILE_BYTES:,}"
            )
        data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:  # grew since stat()
            raise ScenarioError(
                f"{path}: a scenario file may hold at most {MAX_FILE_BYTES:,} bytes"
            )
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"{path}, line {line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None


def check_shape(path: Path, text: str) -> None:
    """Refuse deep nesting, aliases, over-long strings and too many nodes before building."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = f", line {event.start_mark.line + 1}" if event.start_mark else ""
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            nodes += 1
            if depth > MAX_DEPTH:
                raise ScenarioError(
                    f"{path}{line}: nested {depth} deep; a scenario nests at most {MAX_DEPTH} deep"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ScenarioError(f"{path}{line}: YAML anchors and aliases (&, *) are not allowed")
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if len(event.value) > MAX_SCALAR_CHARS:
                raise ScenarioError(
                    f"{path}{line}: a value of {len(event.value):,} characters; "
                    f"at most {MAX_SCALAR_CHARS:,} are allowed"
                )
        if nodes > MAX_NODES:
            raise ScenarioError(f"{path}{line}: more than {MAX_NODES:,} values in one file")


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The file's content and its YAML node tree (for line numbers). A file read before with
    the same bytes is not parsed again (the baseline is the parent of every counterfactual)."""
    raw, node = _parse(path, read_text(path))
    return copy.deepcopy(raw), node


@functools.lru_cache(maxsize=32)
def _parse(path: Path, text: str) -> tuple[Any, yaml.Node | None]:
    try:
        check_shape(path, text)
        loader = ScenarioLoader(text)
        try:
            node = loader.get_single_node()
            raw = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ScenarioError(f"{path}{where}: malformed YAML: {problem}") from None
    except (ValueError, TypeError, RecursionError) as exc:  # a constructor's own error
        raise ScenarioError(f"{path}: malformed YAML: {type(exc).__name__}") from None
    return raw, node
