"""The ``axis-sim`` command line: the typer app, every command in the order ``--help`` lists
them, and :func:`main`. Command modules stay light; heavy modules load when a command runs."""

from __future__ import annotations

import sys

import typer

from sim.cli import analysis_commands, batch_commands, experiment_commands, model_commands
from sim.cli.console import error
from sim.cli.demo import demo
from sim.scenario import ScenarioError

app = typer.Typer(
    name="axis-sim",
    help="Agent-based simulation of the Iraqi side of the fall of Assad (27 Nov - 31 Dec 2024).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(model_commands.run)
app.command()(model_commands.validate)
app.command()(model_commands.params)
app.command()(model_commands.scenarios)
app.command()(demo)
app.command()(model_commands.viz)
batch_commands.register(app)
app.command("compare")(analysis_commands.compare_command)
app.command("discover")(analysis_commands.discover_command)
app.command("fidelity")(analysis_commands.fidelity_command)
app.command("sensitivity")(experiment_commands.sensitivity_command)
app.command("infer")(experiment_commands.infer_command)


def main() -> None:
    """Console-script entry point: scenario errors become a message and exit status 2."""
    try:
        app()
    except ScenarioError as exc:
        error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        error("stopped by Ctrl-C", label="interrupted:")
        sys.exit(130)
