"""Every command of ``axis-sim`` (the console script ``sim.cli:main``, ``python -m sim``)."""

from sim.cli.app import app, main

__all__ = ["app", "main"]
