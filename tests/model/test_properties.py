"""Properties of any run: whatever in-range parameters a scenario sets, the model runs and its
outcomes stay within their meaning."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import parameter_sets

from sim.model import CrisisModel
from sim.outcomes import OUTCOME_NAMES
from sim.scenario import load_scenario

BASELINE = load_scenario("baseline")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=parameter_sets(), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_in_range_parameter_set_runs_to_sensible_outcomes(values, seed):
    model = CrisisModel(BASELINE, rng=seed, params=values, record_narrative=False)
    outcome = model.run()
    assert list(outcome) == list(OUTCOME_NAMES)
    n_days = BASELINE.period.days
    collapse = outcome["regime_collapse_day"]
    assert outcome["regime_collapsed"] == (not math.isnan(collapse))
    assert math.isnan(collapse) or 0 <= collapse < n_days
    for name in OUTCOME_NAMES:
        if name.startswith("fall_day_") or name.endswith("_day"):
            day = outcome[name]
            assert math.isnan(day) or 0 <= day < n_days, name
    assert outcome["faction_fighters_peak"] >= 0
    assert outcome["faction_reinforcements"] >= 0
    assert 0 <= outcome["pmf_brigades_defected"] <= len(model.brigades)
    assert 0.0 <= outcome["axis_cohesion_final"] <= 1.0
    assert len(model.history) == n_days
    assert all(0.0 <= row["regime_cohesion"] <= 1.0 for row in model.history)
