"""``python -m sim`` runs the axis-sim command line."""

from sim.cli import main

main()
