"""Each bundled counterfactual moves its main outcome the way its question implies, run by run
against the baseline on the same seeds, by more than Monte Carlo noise (two standard errors of
the paired mean difference)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.run.runner import run_once
from sim.scenario import bundled_scenarios, load_scenario

pytestmark = pytest.mark.slow  # 150 paired runs of each of the 11 scenarios

RUNS, SEED = 150, 4242
# scenario: (main outcome, direction of its effect against the baseline), as in the README's
# first-round table; the collapse day counts a regime that survives as day 35 (restricted).
# Iran all in: the regime's survival measured by the restricted collapse day, since with the
# structural uncertainty of the reference cases the regime falls in nearly every run anyway
# (P(collapse) 96 % against 100 %: too close to tell apart in 150 runs) but falls later.
EFFECTS = {
    "factions_refuse_iran": ("faction_fighters_peak", -1),
    "hts_stalls_at_hama": ("collapse_day_restricted", +1),
    "iran_all_in": ("collapse_day_restricted", +1),
    "iran_let_go_early": ("collapse_day_restricted", -1),
    "iraq_sends_army": ("regime_collapsed", -1),
    "no_israeli_deterrence": ("faction_fighters_peak", +1),
    "pmf_chairman_deploys": ("regime_collapsed", -1),
    "pro_iran_prime_minister": ("iraqi_army_deployed", +1),
    "sadr_sistani_silent": ("sudani_standing_final", -1),
    "turkey_restrains_hts": ("collapse_day_restricted", +1),
}


def outcomes(name: str) -> pd.DataFrame:
    scenario = load_scenario(name)
    table = pd.DataFrame([run_once(scenario, i, SEED).outcome for i in range(RUNS)])
    table["collapse_day_restricted"] = table["regime_collapse_day"].fillna(35.0)
    return table


@pytest.fixture(scope="module")
def baseline() -> pd.DataFrame:
    return outcomes("baseline")


def test_every_counterfactual_has_a_stated_effect():
    names = {p.stem for p in bundled_scenarios()} - {"baseline"}
    assert names == set(EFFECTS)


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_counterfactual_keeps_the_direction_of_its_effect(name, baseline):
    column, sign = EFFECTS[name]
    paired = outcomes(name)[column].astype(float) - baseline[column].astype(float)
    mean = float(paired.mean())
    noise = float(paired.std(ddof=1) / np.sqrt(len(paired)))
    assert sign * mean > 2 * noise, f"{name}: {column} moved {mean:+.3f} (2 SE = {2 * noise:.3f})"
