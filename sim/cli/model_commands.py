"""The model's commands: ``run``, ``validate``, ``params``, ``scenarios`` and ``viz``."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from sim.cli.console import error, fail
from sim.scenario import ScenarioError

out = Console(soft_wrap=True)
MAX_SEED = 2**63 - 1  # seeds and run indices: what numpy's SeedSequence takes comfortably


def parse_settings(settings: list[str]) -> dict[str, float]:
    """``actor.param=value`` strings, validated against the one parameter definition."""
    from sim.registry import range_problem

    values: dict[str, float] = {}
    for setting in settings:
        key, sep, raw = setting.partition("=")
        try:
            value = float(raw)
        except ValueError:
            value = None
        if sep and value is not None and not math.isfinite(value):
            raise fail(f"--set {setting!r}: {key.strip()} must be a finite number, not {raw}")
        if not sep or value is None:
            raise fail(
                f"--set {setting!r}: expected actor.param=number, e.g. iran.commitment_to_assad=0.9"
            )
        problem = range_problem(key.strip(), value)
        if problem:
            raise fail(f"--set {setting!r}: {problem}")
        values[key.strip()] = value
    return values


def run(
    scenario: Annotated[
        str, typer.Argument(help="Bundled scenario name or YAML file.")
    ] = "baseline",
    seed: Annotated[
        int | None, typer.Option(min=0, max=MAX_SEED, help="Batch seed (default: the scenario's).")
    ] = None,
    run_index: Annotated[
        int, typer.Option("--run", min=0, max=MAX_SEED, help="Which run of that batch to replay.")
    ] = 0,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="actor.param=value (repeatable).")
    ] = None,
    trace: Annotated[
        bool, typer.Option(help="Show every decision with all its utility terms.")
    ] = False,
) -> None:
    """One run: a dated narrative of events, decisions (with their top reasons) and city falls."""
    from sim.run.narrative import print_run
    from sim.run.runner import build_model
    from sim.scenario import load_scenario

    spec = load_scenario(scenario)
    overrides = parse_settings(set_ or [])
    root = spec.seed if seed is None else seed
    model, drawn = build_model(spec, run_index, root, overrides)
    model.run()
    print_run(out, model, drawn, overrides, root_seed=root, run=run_index, trace=trace)


def validate(
    scenarios: Annotated[list[str], typer.Argument(help="Scenario names or YAML files.")],
) -> None:
    """Check scenario files; exit 2 if any is invalid."""
    from sim.scenario import load_scenario

    bad = 0
    for ref in scenarios:
        try:
            spec = load_scenario(ref)
        except ScenarioError as exc:
            bad += 1
            error(str(exc), label="invalid")
            continue
        out.print(
            f"[green]ok[/] {spec.source_path}: {spec.name} — {len(spec.events)} events, "
            f"{len(spec.decisions)} decision points, {len(spec.observables)} observables"
        )
    if bad:
        raise typer.Exit(2)


def params(
    actor: Annotated[
        str | None, typer.Argument(help="An actor, kind, 'front' or 'context'.")
    ] = None,
) -> None:
    """Every parameter with its default, range, meaning and source."""
    from sim.registry import INSTANCE_KIND, KINDS_BY_NAME, parameters

    table = parameters()
    if actor is None:
        rows = list(table.values())
    else:
        instances = set(KINDS_BY_NAME[actor].INSTANCES) if actor in KINDS_BY_NAME else set()
        kind = INSTANCE_KIND.get(actor)
        rows = [p for p in table.values() if p.actor in {actor, kind, *instances}]
        if not rows:
            names = sorted({p.actor for p in table.values()} | set(KINDS_BY_NAME))
            raise fail(f"unknown actor {actor!r} (allowed: {', '.join(names)})")
    grid = Table(title="axis-sim parameters", show_lines=True)
    grid.add_column("parameter", no_wrap=True)
    for column in ("default", "range", "meaning", "source"):
        grid.add_column(column, overflow="fold")
    for p in rows:
        grid.add_row(p.key, f"{p.default:g}", f"{p.low:g} – {p.high:g}", p.meaning, p.source)
    out.print(grid)


def scenarios() -> None:
    """The bundled scenarios and the question each asks."""
    from sim.scenario import bundled_scenarios, load_scenario

    grid = Table(title="Bundled scenarios", show_lines=True)
    grid.add_column("name", no_wrap=True)
    for column in ("title", "question"):
        grid.add_column(column, overflow="fold")
    for path in bundled_scenarios():
        try:
            spec = load_scenario(path)
        except ScenarioError as exc:
            grid.add_row(path.stem, "[red]invalid[/]", str(exc))
            continue
        grid.add_row(spec.name, spec.title, spec.question)
    out.print(grid)


def viz(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario new sessions open with (name or YAML file).")
    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """The browser visualisation (Mesa SolaraViz): watch a scenario unfold day by day."""
    from sim.viz.server import serve

    serve(scenario, host, port)
