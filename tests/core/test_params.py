"""The parameter type: keyword-only declarations, range checks against a given table, values."""

from __future__ import annotations

import pytest

from sim.core.params import Basis, Param, ParamValues, params_for, range_problem

B = {"basis": Basis.ASSUMPTION, "range_reason": "wide because unknown"}

p = params_for("demo")
TABLE = {
    param.key: param
    for param in (
        p("speed", default=1.0, low=0.5, high=2.0, meaning="m", source="s", **B),
        Param(
            actor="demo_x",
            name="speed",
            default=1.5,
            low=0.5,
            high=2.0,
            meaning="m",
            source="s",
            **B,
        ),
    )
}


def test_declarations_are_keyword_only_and_keep_their_actor():
    with pytest.raises(TypeError):
        Param("demo", "speed", 1.0, 0.5, 2.0, "m", "s")  # type: ignore[misc]
    assert TABLE["demo.speed"].actor == "demo" and not TABLE["demo.speed"].slider
    with pytest.raises(ValueError, match=r"demo\.bad: default 3"):
        p("bad", default=3.0, low=0.0, high=1.0, meaning="m", source="s", **B)


def test_range_problem_reads_the_table_it_is_given():
    assert range_problem(TABLE, "demo.speed", 1.2) is None
    assert "outside the allowed range [0.5, 2]" in range_problem(TABLE, "demo.speed", 2.5)
    assert "support [0.4, 1]" in range_problem(TABLE, "demo.speed", 0.4, 1.0)
    assert "unknown parameter 'demo.slow'" in range_problem(TABLE, "demo.slow", 1.0)


def test_values_resolve_instance_over_kind_and_refuse_unknown_keys():
    values = ParamValues(TABLE, {"demo_x.speed": 2})
    assert values["demo_x.speed"] == 2.0 and isinstance(values["demo_x.speed"], float)
    assert values.for_actor("demo_x", "demo") == {"speed": 2.0}
    assert values.for_actor("other", "demo") == {"speed": 1.0}
    with pytest.raises(KeyError, match="unknown parameter"):
        ParamValues(TABLE, {"demo.slow": 1.0})


def test_every_parameter_states_its_basis_and_why_its_range_is_what_it_is():
    with pytest.raises(TypeError, match="basis"):
        p("nobasis", default=0.5, low=0.0, high=1.0, meaning="m", source="s")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match=r"demo\.odd: basis 'guess' is not one of article"):
        p(
            "odd",
            default=0.5,
            low=0.0,
            high=1.0,
            meaning="m",
            source="s",
            basis="guess",
            range_reason="r",
        )  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="range_reason is empty"):
        p(
            "bare",
            default=0.5,
            low=0.0,
            high=1.0,
            meaning="m",
            source="s",
            basis=Basis.CALIBRATED,
            range_reason=" ",
        )
    assert (
        p("ok", default=0.5, low=0.0, high=1.0, meaning="m", source="s", **B).basis == "assumption"
    )
