"""The ``axis-sim`` command line: the typer app, every command in the order ``--help`` lists
them, and :func:`main`. Command modules stay light; heavy modules load when a command runs."""

from __future__ import annotations

import sys

import typer

from sim.cli import analysis_commands, batch_commands, experiment_commands, model_commands
from sim.cli.calibrate_command import calibrate_command
from sim.cli.console import error
from sim.cli.demo import demo
from sim.cli.ensemble_command import ensemble_command
from sim.cli.guard import GuardedGroup, describe

app = typer.Typer(
    name="axis-sim",
    help="Agent-based simulation of the Iraqi side of the fall of Assad (27 Nov - 31 Dec 2024).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=GuardedGroup,
)
app.command()(model_commands.run)
app.command()(model_commands.show)
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
app.command("calibrate")(calibrate_command)
app.command("ensemble")(ensemble_command)


def main() -> None:
    """Console-script entry point. Errors escaping a command are handled by
    :class:`~sim.cli.guard.GuardedGroup` (one message, exit 2); this is the last resort for
    anything raised outside a command."""
    try:
        app()
    except KeyboardInterrupt:
        error("stopped by Ctrl-C", label="interrupted:")
        sys.exit(130)
    except Exception as exc:
        error(describe(exc, "axis-sim"))
        sys.exit(2)
