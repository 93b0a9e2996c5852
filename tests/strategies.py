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
