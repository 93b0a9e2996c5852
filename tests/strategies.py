"""Hypothesis strategies for the model's inputs, drawn from the one parameter definition."""

from __future__ import annotations

from hypothesis import strategies as st

from sim.core.params import Param
from sim.registry import parameters


def param_value(param: Param) -> st.SearchStrategy[float]:
    """Any value within the parameter's plausible range, ends included."""
    return st.floats(min_value=param.low, max_value=param.high, allow_nan=False)


def parameter_sets(keys: list[str] | None = None) -> st.SearchStrategy[dict[str, float]]:
    """A value for every parameter (or for ``keys``), each anywhere in its range."""
    table = parameters()
    chosen = list(table) if keys is None else keys
    return st.fixed_dictionaries({key: param_value(table[key]) for key in chosen})


@st.composite
def uniform_within(draw: st.DrawFn, param: Param) -> dict[str, object]:
    """A uniform distribution whose support lies inside the parameter's range."""
    low = draw(st.floats(min_value=param.low, max_value=param.high, allow_nan=False))
    high = draw(st.floats(min_value=low, max_value=param.high, allow_nan=False))
    return {"dist": "uniform", "low": low, "high": high}


@st.composite
def scenario_variants(draw: st.DrawFn) -> dict[str, object]:
    """The content of a scenario file extending the baseline: some parameters fixed in range,
    others uncertain (uniform within range), never both."""
    table = parameters()
    keys = sorted(table)
    fixed = draw(st.lists(st.sampled_from(keys), max_size=6, unique=True))
    free = [k for k in keys if k not in fixed]
    uncertain = draw(st.lists(st.sampled_from(free), max_size=4, unique=True))
    uniforms = {}
    for key in uncertain:
        dist = draw(uniform_within(table[key]))
        if dist["low"] < dist["high"]:
            uniforms[key] = dist
    return {
        "name": "variant",
        "title": "A drawn variant",
        "parameters": {key: draw(param_value(table[key])) for key in fixed},
        "uncertainty": uniforms,
    }
