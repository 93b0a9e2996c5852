"""Error output shared by every command: on stderr, never reflowed, never read as markup.

Messages quote field paths such as ``decisions[id=x].actor``; printed as rich markup, the
``[id=x]`` would be taken for a tag and vanish, so the text is always escaped.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

err = Console(stderr=True, soft_wrap=True)


def error(message: str, label: str = "error:") -> None:
    """Print ``label message`` on stderr, the label in bold red."""
    err.print(f"[bold red]{label}[/] {escape(message)}", highlight=False)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print the error and return the exit (status 2, bad input, unless told) to raise."""
    error(message)
    return typer.Exit(code)
