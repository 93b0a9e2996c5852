"""Small statistics used by the comparison: Wilson intervals, ECDF steps, paired bootstrap."""

from __future__ import annotations

import math
import zlib

import numpy as np

Z95 = 1.959963984540054
"""The 97.5 % standard normal quantile (two-sided 95 % intervals)."""

BOOTSTRAP_RESAMPLES = 2_000
BOOTSTRAP_SEED = 20_241_208
_CHUNK = 250  # resamples drawn at a time, so memory stays small for large batches


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion (Wilson 1927); (NaN, NaN) when n is 0."""
    if n <= 0:
        return math.nan, math.nan
    share = successes / n
    denominator = 1.0 + z**2 / n
    centre = (share + z**2 / (2 * n)) / denominator
    half_width = z / denominator * math.sqrt(share * (1 - share) / n + z**2 / (4 * n**2))
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def share_reached_by(event_days: np.ndarray, days: np.ndarray, n_runs: int) -> np.ndarray:
    """ECDF over all runs: share of the ``n_runs`` whose event happened on or before each day.

    Runs where the event never happened (NaN) count in the denominator, so the curve stops below
    1 by their share.
    """
    happened = np.sort(event_days[~np.isnan(event_days)])
    if n_runs == 0:
        return np.full(len(days), np.nan)
    return np.searchsorted(happened, days, side="right") / n_runs


def bootstrap_mean_interval(
    values: np.ndarray,
    rng: np.random.Generator,
    resamples: int = BOOTSTRAP_RESAMPLES,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` (NaN-free)."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan
    means = np.empty(resamples)
    for start in range(0, resamples, _CHUNK):
        size = min(_CHUNK, resamples - start)
        picks = rng.integers(0, n, size=(size, n))
        means[start : start + size] = values[picks].mean(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return float(low), float(high)


def cell_rng(seed: int, *names: str) -> np.random.Generator:
    """A generator for one (scenario, outcome) cell: same seed and names, same draws, any order."""
    return np.random.default_rng([seed, zlib.crc32("|".join(names).encode("utf-8"))])
