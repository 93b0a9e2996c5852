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


def _node(root_seed: int, run: int, *path: int) -> np.random.SeedSequence:
    """The node of the seed tree below the batch seed: child ``run``, then ``path``.

    ``spawn_key`` keeps the levels apart (a flat entropy list would not: numpy packs it into
    32-bit words, so [0, 256] and [2**40] collide).
    """
    return np.random.SeedSequence(int(root_seed), spawn_key=(int(run), *path))


def model_seed(root_seed: int, run: int) -> int:
    """The seed of run ``run``'s model: a plain non-negative ``int`` below 2**63 (Mesa 3.5 needs
    an ``int``; the batch tables store it as int64)."""
    state = _node(root_seed, run, 0).generate_state(2, dtype=np.uint32)
    return (int(state[0]) >> 1) << 32 | int(state[1])


def parameter_rng(root_seed: int, run: int, key: str) -> np.random.Generator:
    """The generator that draws parameter ``key`` for run ``run``."""
    return np.random.default_rng(
        np.random.SeedSequence([int(root_seed), int(run), 1, _name_key(key)])
    )
