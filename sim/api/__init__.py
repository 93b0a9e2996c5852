"""The Python API: axis-sim from a notebook or a script (``docs/api.md``).

    from sim import api
    base = api.load("baseline")
    hawk = api.with_parameters(base, {"iran.commitment_to_assad": 0.9}, name="hawkish_iran")
    one = api.run(hawk, seed=2024, run=0)        # outcome dict, decisions and timeseries frames
    batch = api.run_batch([base, hawk], "results/hawk", runs=50)
    api.draw(batch, "collapse_survival", ax=ax)     # any report figure on your matplotlib axis

Everything heavy (the model, pandas, the batch engine, the analysis) loads on first use.
"""

from sim.api.batches import BatchTables, load_batch, run_batch
from sim.api.figures import FIGURE_NAMES, draw, panels
from sim.api.scenarios import RunOutput, load, run, with_parameters

__all__ = [
    "FIGURE_NAMES",
    "BatchTables",
    "RunOutput",
    "draw",
    "load",
    "load_batch",
    "panels",
    "run",
    "run_batch",
    "with_parameters",
]
