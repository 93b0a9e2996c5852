"""Seeds for reproducible, paired runs.

Every run of a batch takes its random streams from one numpy ``SeedSequence`` tree rooted at the
batch seed. Run *i* gets the same streams in every scenario (common random numbers), so the
difference between a counterfactual and the baseline is paired run by run. A parameter's draw
has its own stream, keyed by the parameter's name, so adding an uncertain parameter to a scenario
does not shift the draws of the others.
"""

from __future__ import annotations

import zlib

import numpy as np


def _name_key(name: str) -> int:
    """A stable 32-bit key for a name (``hash()`` is salted per process, crc32 is not)."""
    return zlib.crc32(name.encode("utf-8"))


def model_seed(root_seed: int, run: int) -> int:
    """The integer seed of run ``run``'s model (a plain ``int``, as Mesa 3.5 requires)."""
    state = np.random.SeedSequence([int(root_seed), int(run), 0]).generate_state(2, dtype=np.uint32)
    return int(state[0]) << 32 | int(state[1]) >> 1


def parameter_rng(root_seed: int, run: int, key: str) -> np.random.Generator:
    """The generator that draws parameter ``key`` for run ``run``."""
    return np.random.default_rng(
        np.random.SeedSequence([int(root_seed), int(run), 1, _name_key(key)])
    )
