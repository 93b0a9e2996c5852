"""Any scenario that extends the baseline with in-range parameters and distributions loads, and
its Monte Carlo draws stay inside each parameter's range."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from strategies import scenario_variants

from sim.registry import parameters
from sim.run.sampling import draw_parameters
from sim.scenario import SCENARIO_DIR, load_scenario


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(content=scenario_variants())
def test_in_range_variants_load_and_draw_in_range(tmp_path, content):
    path = tmp_path / "variant.yaml"
    data = {"extends": (SCENARIO_DIR / "baseline.yaml").as_posix(), **content}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    scenario = load_scenario(path)
    for key, value in content["parameters"].items():
        assert scenario.parameters[key] == value
        assert key not in scenario.uncertainty
    for key in content["uncertainty"]:
        assert key in scenario.uncertainty
    table = parameters()
    for key, value in draw_parameters(scenario, 20241127, 3).items():
        assert table[key].low <= value <= table[key].high, key
