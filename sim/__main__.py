"""``python -m sim`` runs the axis-sim command line."""

from sim.cli import main

if __name__ == "__main__":  # worker processes of a spawn/forkserver pool import this module
    main()
