"""``python -m sim.batch batch ...`` / ``python -m sim.batch export ...``."""

from sim.batch.cli_commands import main

if __name__ == "__main__":  # worker processes of a spawn/forkserver pool import this module
    main()
