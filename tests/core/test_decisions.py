"""The logit rule and the decision record."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.core.decisions import DecisionRecord, choose, logit_probabilities

utilities = st.lists(st.floats(-5, 5, allow_nan=False), min_size=2, max_size=5)


@given(utilities, st.floats(0.05, 1.0))
def test_logit_probabilities_are_a_distribution_ordered_like_utilities(us, temperature):
    ps = logit_probabilities(us, temperature)
    assert abs(sum(ps) - 1) < 1e-9 and all(p >= 0 for p in ps)
    best = max(range(len(us)), key=us.__getitem__)
    assert ps[best] == max(ps)


def test_choice_frequencies_follow_the_probabilities():
    rng = np.random.default_rng(0)
    options, terms = ("a", "b"), ({"x": 0.1}, {"x": 0.0})
    picks = [choose(rng.random(), options, terms, 0.1)[0] for _ in range(4000)]
    expected = logit_probabilities([0.1, 0.0], 0.1)[0]
    assert abs(picks.count("a") / 4000 - expected) < 0.03


def test_forcing_imposes_the_option_whatever_the_uniform():
    for u in (0.0, 0.5, 0.999):
        choice, probabilities = choose(u, ("x", "y"), ({}, {"u": 5.0}), 0.1, forced="x")
        assert choice == "x" and probabilities[1] > 0.99  # forced against the odds


def test_forcing_one_decision_shifts_no_other_random_stream():
    """The daily block of uniforms is drawn whether or not a decision is forced: a scenario
    that forces Baghdad's army on 4 Dec leaves every earlier decision of the run unchanged."""
    from sim.run.runner import run_once
    from sim.scenario import load_scenario

    base = run_once(load_scenario("baseline"), 3, 77).decisions
    army = run_once(load_scenario("iraq_sends_army"), 3, 77).decisions
    before = [i for i, day in enumerate(base["day"]) if day < 7]
    assert before and all(
        (base["actor"][i], base["decision"][i], base["choice"][i], base["probabilities"][i])
        == (army["actor"][i], army["decision"][i], army["choice"][i], army["probabilities"][i])
        for i in before
    )


def test_top_reasons_name_the_terms_that_beat_the_rival():
    record = DecisionRecord(
        0,
        "iraqi_government",
        "iraqi_government",
        "send_army",
        ("send", "border_only"),
        ({"iran_pressure": 0.3}, {"war_risk": 0.9, "electoral_gain": 0.2}),
        (0.1, 0.9),
        "border_only",
        False,
    )
    assert [name for name, _ in record.top_reasons()] == ["war_risk", "electoral_gain"]


def test_probabilities_json_is_json_with_six_decimals():
    import json

    from sim.run.runner import probabilities_json

    for ps in [(0.1, 0.9), (1e-7, 0.9999999), (1 / 3, 2 / 3), (0.0, 1.0), (0.25, 0.25, 0.5)]:
        options = tuple(["hold", "go", "wait"][: len(ps)])
        text = probabilities_json(options, ps)
        parsed = json.loads(text)
        assert list(parsed) == list(options)
        assert all(isinstance(p, float) for p in parsed.values())
        assert [parsed[o] for o in options] == [round(p, 6) for p in ps]
        numbers = [item.split(": ")[1] for item in text[1:-1].split(", ")]
        assert all(len(number.split(".")[1]) == 6 for number in numbers)
