"""``axis-sim show``: a scenario as the model runs it (after ``extends:``), each inherited entry
marked with the file it comes from; and the warnings ``validate`` and ``run`` give.

The scenario is loaded (and so validated) by :func:`sim.scenario.load_scenario` first; this module
then reads the files of its ``extends:`` chain only to tell where each entry comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.markup import escape

from sim.cli.format import exact, hanging, number
from sim.core.text import calendar_date
from sim.scenario import Scenario, resolve_path

SECTIONS = ("events", "decisions", "observables")


@dataclass(frozen=True)
class Origins:
    """Where each part of a merged scenario comes from: the chain of files, child first."""

    chain: tuple[tuple[Path, dict[str, Any]], ...]

    @classmethod
    def of(cls, path: Path) -> Origins:
        chain: list[tuple[Path, dict[str, Any]]] = []
        while path is not None and path not in [p for p, _ in chain]:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            chain.append((path, raw))
            parent = raw.get("extends")
            path = resolve_path(parent, relative_to=path.parent) if parent else None
        return cls(tuple(chain))

    @property
    def extends(self) -> bool:
        return len(self.chain) > 1

    def entry_mark(self, section: str, entry_id: str) -> str:
        """``""`` (this file), ``"(from baseline.yaml)"`` or ``"(from baseline.yaml, changed
        here)"``."""
        files = [path.name for path, raw in self.chain if entry_id in _ids(raw, section)]
        if not files or files == [self.chain[0][0].name]:
            return ""
        origin = files[-1]
        changed = files[0] == self.chain[0][0].name
        return f"(from {origin}, changed here)" if changed else f"(from {origin})"

    def key_mark(self, section: str, key: str) -> str:
        """Where a parameter or distribution is set: ``""`` here, else ``"(from x.yaml)"``."""
        for path, raw in self.chain:
            if key in (raw.get(section) or {}):
                return "" if path == self.chain[0][0] else f"(from {path.name})"
        return ""

    def dropped(self) -> list[str]:
        """Inherited ids this file (or one between) removes with ``drop:``."""
        return sorted({i for _, raw in self.chain[:-1] for i in raw.get("drop") or []})


def _ids(raw: dict[str, Any], section: str) -> set[str]:
    return {e.get("id") for e in raw.get(section) or [] if isinstance(e, dict)}


def scenario_warnings(scenario: Scenario) -> list[str]:
    """Things that are valid but probably not meant (printed by ``validate`` and ``run``)."""
    if scenario.source_path is None:
        return []
    origins = Origins.of(scenario.source_path)
    if not origins.extends and not scenario.events:
        return [
            f"{scenario.source_path}: no `extends:` and no events: the month runs with no "
            "outside events at all (no strikes, no Russian air-support cut). A counterfactual "
            "usually starts with `extends: baseline.yaml`."
        ]
    return []


def print_scenario(console: Console, scenario: Scenario) -> None:
    """The resolved scenario, section by section, inherited entries marked."""
    origins = Origins.of(scenario.source_path) if scenario.source_path else Origins(())
    width = console.width

    def say(text: str, indent: int = 4, first: str = "") -> None:
        console.print(escape(hanging(text, width, indent=indent, first=first)))

    console.rule(f"[bold]{escape(scenario.name)}[/]")
    say(scenario.title, first="title: ")
    say(scenario.question, first="question: ")
    chain = " <- ".join(p.name for p, _ in origins.chain)
    say(chain or "(not from a file)", first="files: ")
    period = scenario.period
    say(
        f"{calendar_date(period.start)} to {calendar_date(period.end)} ({period.days} days); "
        f"{number(scenario.runs)} runs by default, seed {scenario.seed}",
        first="period: ",
    )
    _print_parameters(console, scenario, origins, say)
    for section in SECTIONS:
        entries = getattr(scenario, section)
        console.rule(f"{section} ({len(entries)})", align="left")
        for entry in entries:
            mark = origins.entry_mark(section, entry.id)
            say(f"{_describe(section, entry)} {mark}".rstrip(), indent=6, first="  ")
    dropped = origins.dropped()
    if dropped:
        say(", ".join(dropped), first="dropped from the parent: ")


def _print_parameters(console: Console, scenario: Scenario, origins: Origins, say) -> None:
    console.rule(f"parameters fixed ({len(scenario.parameters)})", align="left")
    for key, value in sorted(scenario.parameters.items()):
        say(f"{key} = {exact(value)} {origins.key_mark('parameters', key)}".rstrip(), first="  ")
    console.rule(f"uncertain parameters, drawn per run ({len(scenario.uncertainty)})", align="left")
    for key, dist in sorted(scenario.uncertainty.items()):
        shape = ", ".join(
            f"{k} {exact(v) if isinstance(v, float) else v}"
            for k, v in dist.model_dump().items()
            if k != "dist" and v is not None
        )
        mark = origins.key_mark("uncertainty", key)
        say(f"{key} ~ {dist.dist} ({shape}) {mark}".rstrip(), indent=6, first="  ")
    if scenario.ensemble is not None:
        keys = ", ".join(k for k in scenario.inferred_keys)
        say(f"{keys} drawn instead from the members of {scenario.ensemble}", first="  ensemble: ")


def _describe(section: str, entry: Any) -> str:
    if section == "events":
        extra = [f"{k} {getattr(entry, k)}" for k in ("actor", "target", "intensity", "value")]
        fields = ", ".join(e for e in extra if not e.endswith(" None"))
        return f"{calendar_date(entry.date)}  {entry.id}: {entry.kind} ({fields})"
    if section == "decisions":
        when = (
            calendar_date(entry.date)
            if entry.date is not None
            else f"{calendar_date(entry.window[0])} to {calendar_date(entry.window[1])}"
        )
        force = f", forced to {entry.force}" if entry.force else ""
        return (
            f"{when}  {entry.id}: {entry.actor}.{entry.decision}, history {entry.historical}{force}"
        )
    target = entry.value if entry.value is not None else f"{entry.range[0]}-{entry.range[1]}"
    return f"{entry.id}: {entry.outcome} = {target}"
