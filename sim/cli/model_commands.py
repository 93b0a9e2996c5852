"""The model's commands: ``run``, ``show``, ``validate``, ``params``, ``scenarios`` and ``viz``.

Output fits the terminal (80 columns and up, words never broken): see :mod:`sim.cli.format`.
Each command's docstring ends with examples; ``--help`` shows them.
"""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from sim.cli.console import error, fail
from sim.cli.format import console, exact, hanging, two_column_grid
from sim.scenario import ScenarioError

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


def warn(scenario) -> None:
    """Print the scenario's warnings (valid but probably not meant) on stderr."""
    from sim.cli.scenario_view import scenario_warnings

    for message in scenario_warnings(scenario):
        error(message, label="warning:")


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
    """One run: a dated narrative of events, decisions (with their top reasons) and city falls.

    Examples:

      axis-sim run

      axis-sim run iraq_sends_army --seed 2024 --run 7

      axis-sim run --set iran.commitment_to_assad=0.9 --trace
    """
    from sim.cli.run_view import print_run
    from sim.run.runner import build_model
    from sim.scenario import load_scenario

    spec = load_scenario(scenario)
    warn(spec)
    overrides = parse_settings(set_ or [])
    root = spec.seed if seed is None else seed
    model, drawn = build_model(spec, run_index, root, overrides)
    model.run()
    print_run(console(), model, {**drawn, **overrides}, root_seed=root, run=run_index, trace=trace)


def show(
    scenario: Annotated[str, typer.Argument(help="Bundled scenario name or YAML file.")],
) -> None:
    """The scenario as the model runs it: merged with what it extends, inherited entries marked.

    Examples:

      axis-sim show iraq_sends_army

      axis-sim show my_scenarios/russia_stays.yaml
    """
    from sim.cli.scenario_view import print_scenario
    from sim.scenario import load_scenario

    spec = load_scenario(scenario)
    warn(spec)
    print_scenario(console(), spec)


def validate(
    scenarios: Annotated[list[str], typer.Argument(help="Scenario names or YAML files.")],
) -> None:
    """Check scenario files; exit 2 if any is invalid (warnings do not fail).

    Examples:

      axis-sim validate my_scenario.yaml

      axis-sim validate scenarios/*.yaml
    """
    from sim.scenario import load_scenario

    out = console()
    bad = 0
    for ref in scenarios:
        try:
            spec = load_scenario(ref)
        except ScenarioError as exc:
            bad += 1
            error(str(exc), label="invalid")
            continue
        warn(spec)
        summary = (
            f"{spec.source_path}: {spec.name} — {len(spec.events)} events, "
            f"{len(spec.decisions)} decision points, {len(spec.observables)} observables"
        )
        out.print("[green]ok[/] " + escape(hanging(summary, out.width - 3)))
    if bad:
        raise typer.Exit(2)


def params(
    actor: Annotated[
        str | None, typer.Argument(help="An actor, kind, 'front' or 'context'.")
    ] = None,
) -> None:
    """Every parameter with its default, range, basis, meaning and source; a count per basis.

    Examples:

      axis-sim params

      axis-sim params iran

      axis-sim params resistance_faction
    """
    from sim.core.text import did_you_mean
    from sim.registry import INSTANCE_KIND, KINDS_BY_NAME, parameters
    from sim.registry.reference import basis_counts

    table = parameters()
    if actor is None:
        rows = list(table.values())
    else:
        instances = set(KINDS_BY_NAME[actor].INSTANCES) if actor in KINDS_BY_NAME else set()
        kind = INSTANCE_KIND.get(actor)
        rows = [p for p in table.values() if p.actor in {actor, kind, *instances}]
        if not rows:
            names = sorted({p.actor for p in table.values()} | set(KINDS_BY_NAME))
            raise fail(
                f"unknown actor {actor!r}{did_you_mean(actor, names)} (allowed: {', '.join(names)})"
            )
    out = console()
    out.rule(f"[bold]axis-sim parameters[/] ({len(rows)})")
    counts = basis_counts(rows)
    out.print("by basis: " + ", ".join(f"{basis} {n}" for basis, n in counts.items()))
    for p in rows:
        out.print(
            f"[bold]{escape(p.key)}[/]  default {exact(p.default)}, "
            f"range {exact(p.low)} – {exact(p.high)}, basis {p.basis}"
        )
        out.print(
            two_column_grid(
                [("  meaning", p.meaning), ("  source", p.source), ("  range", p.range_reason)]
            )
        )


def scenarios() -> None:
    """The bundled scenarios and the question each asks.

    Examples:

      axis-sim scenarios
    """
    from sim.scenario import bundled_scenarios, load_scenario

    out = console()
    grid = Table(title="Bundled scenarios", show_lines=True)
    grid.add_column("name", no_wrap=True)
    grid.add_column("title and question", overflow="fold")
    for path in bundled_scenarios():
        try:
            spec = load_scenario(path)
        except ScenarioError as exc:
            grid.add_row(path.stem, "[red]invalid[/] " + escape(str(exc)))
            continue
        grid.add_row(spec.name, f"[bold]{escape(spec.title)}[/]\n{escape(spec.question)}")
    out.print(grid)


def viz(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario new sessions open with (name or YAML file).")
    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """The browser visualisation (Mesa SolaraViz): watch a scenario unfold day by day.

    Examples:

      axis-sim viz

      axis-sim viz iran_all_in --port 8800
    """
    from sim.viz.server import serve

    serve(scenario, host, port)
