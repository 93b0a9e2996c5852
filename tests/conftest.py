"""Shared fixtures: seeded runs of the bundled scenarios, computed once per session."""

from __future__ import annotations

import os

import pandas as pd
import pytest

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
os.environ.setdefault("MPLBACKEND", "Agg")

STYLISED_RUNS = 500
STYLISED_SEED = 424242


def run_table(name: str, runs: int, seed: int) -> pd.DataFrame:
    from sim.run.runner import run_once
    from sim.scenario import load_scenario

    spec = load_scenario(name)
    return pd.DataFrame([run_once(spec, i, seed).outcome for i in range(runs)])


@pytest.fixture(scope="session")
def baseline_runs() -> pd.DataFrame:
    """500 seeded baseline runs: the stylised facts are asserted over these."""
    return run_table("baseline", STYLISED_RUNS, STYLISED_SEED)


@pytest.fixture(scope="session")
def paired_runs() -> dict[str, pd.DataFrame]:
    """200 runs of each bundled scenario with the same batch seed (paired by run)."""
    return {
        name: run_table(name, 200, 99) for name in ("baseline", "iraq_sends_army", "iran_all_in")
    }
