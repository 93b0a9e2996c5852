"""The one place where every error escaping a command becomes a message and an exit status.

:class:`GuardedGroup` is the typer app's group class: an error a command did not handle is
printed as one line naming the file (or the command and its arguments) and exits with status 2;
Ctrl-C exits with 130. Typer's own usage errors (bad option values, status 2) and a command's
chosen exit status pass through unchanged. Because it is the group itself, typer's
``CliRunner`` sees the same behaviour as the ``axis-sim`` console script.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

from sim.cli.console import error

MAX_MESSAGE_CHARS = 2000  # a message longer than this is cut (it would only flood the terminal)

# Typer's own: a chosen exit status, an abort, a usage error (bad option value, exit 2).
_PASS_THROUGH = (Exit, Abort, TyperException)


def describe(exc: BaseException, where: str) -> str:
    """The message for an error escaping a command; ``where`` names the command line."""
    if _is_input_error(exc):
        text = str(exc)
    elif isinstance(exc, OSError):
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        target = " -> ".join(names) or where
        text = f"{target}: {exc.strerror or exc}"
    elif isinstance(exc, RecursionError):
        text = f"{where}: the input is nested too deeply"
    elif isinstance(exc, MemoryError):
        text = f"{where}: not enough memory for this input"
    else:
        text = f"{where}: {type(exc).__name__}: {exc}"
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[:MAX_MESSAGE_CHARS] + " [...]"
    return text


def _is_input_error(exc: BaseException) -> bool:
    """Errors whose message already names the file, field or option (by their class name)."""
    return any(
        cls.__name__.endswith(("InputError", "ScenarioError", "FolderClaimError", "FolderError"))
        or cls.__name__ == "AnalysisError"
        for cls in type(exc).__mro__
    )


def command_line(ctx: Any) -> str:
    """``axis-sim CMD ARGS`` as given (cut short), for messages that have no file to name."""
    protected = getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", [])
    args = [*protected, *ctx.args]
    text = " ".join(["axis-sim", *args])
    return text if len(text) <= 200 else text[:200] + "..."


class GuardedGroup(TyperGroup):
    """A typer group that turns any error escaping a command into a message and exit 2."""

    def invoke(self, ctx: Any) -> Any:
        where = command_line(ctx)
        try:
            return super().invoke(ctx)
        except _PASS_THROUGH:
            raise
        except KeyboardInterrupt:
            error("stopped by Ctrl-C", label="interrupted:")
            raise Exit(130) from None
        except Exception as exc:
            error(describe(exc, where))
            raise Exit(2) from None
