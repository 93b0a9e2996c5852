"""Decision shares, matching rules, observables and Brier scores on hand-made decision rows."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.fidelity import (
    NO_DECISION,
    DecisionPoint,
    brier_sentences,
    brier_summary,
    decision_fidelity,
    decision_points,
    decision_shares,
    observable_matches,
)

SEND_ARMY = {
    "id": "army_home",
    "actor": "iraqi_government",
    "decision": "send_army",
    "options": ["send", "border_only"],
    "status_quo": "border_only",
    "historical": "border_only",
    "window": ["2024-12-01", "2024-12-03"],
    "match": "all",
    "force": None,
}
WITHDRAW = {
    "id": "factions_withdraw",
    "actor": "resistance_faction",  # a kind: every faction counts
    "decision": "syria_deployment",
    "options": ["reinforce", "hold", "withdraw"],
    "status_quo": "hold",
    "historical": "withdraw",
    "window": ["2024-12-05", "2024-12-08"],
    "match": "any",
    "force": None,
}
GOV = ("iraqi_government", "iraqi_government", "send_army")


def row(run: int, date: str, who: tuple[str, str, str], choice: str, probabilities: dict):
    """One decision row of scenario ``baseline``."""
    actor, kind, decision = who
    return ("baseline", run, date, actor, kind, decision, choice, json.dumps(probabilities))


def faction(name: str, decision: str = "syria_deployment") -> tuple[str, str, str]:
    return (name, "resistance_faction", decision)


@pytest.fixture
def decisions() -> pd.DataFrame:
    """Three runs. Government: run 0 all border_only (p 0.8, 0.6); run 1 mixed (p 0.5, 0.3);
    run 2 only outside the window. Factions: run 0 one withdraws (p 0.6, 0.2); run 1 holds
    (p 0.1); run 2 reinforces (p 0)."""
    p = {"send": 0.2, "border_only": 0.8}
    rows = [
        row(0, "2024-12-01", GOV, "border_only", p),
        row(0, "2024-12-02", GOV, "border_only", {"send": 0.4, "border_only": 0.6}),
        row(1, "2024-12-01", GOV, "border_only", {"send": 0.5, "border_only": 0.5}),
        row(1, "2024-12-03", GOV, "send", {"send": 0.7, "border_only": 0.3}),
        row(2, "2024-12-05", GOV, "border_only", p),  # outside the window
        row(0, "2024-12-06", faction("kataib_hezbollah"), "withdraw", {"withdraw": 0.6}),
        row(0, "2024-12-06", faction("badr"), "hold", {"hold": 0.8, "withdraw": 0.2}),
        row(1, "2024-12-07", faction("kataib_hezbollah"), "hold", {"hold": 0.9, "withdraw": 0.1}),
        row(1, "2024-12-07", faction("badr", "press_baghdad"), "withdraw", {"withdraw": 1.0}),
        row(2, "2024-12-08", faction("badr"), "reinforce", {"reinforce": 1.0, "withdraw": 0.0}),
    ]
    columns = ["scenario", "run", "date", "actor", "kind", "decision", "choice", "probabilities"]
    table = pd.DataFrame(rows, columns=columns)
    table["date"] = pd.to_datetime(table["date"])
    return table


@pytest.fixture
def runs() -> pd.DataFrame:
    return pd.DataFrame({"scenario": "baseline", "run": np.arange(3, dtype="int64")})


def points() -> list[DecisionPoint]:
    return decision_points({"decisions": [WITHDRAW, SEND_ARMY]})


def test_decision_points_are_ordered_by_window():
    assert [p.id for p in points()] == ["army_home", "factions_withdraw"]
    assert points()[0].window_end == pd.Timestamp("2024-12-03")


def test_decision_shares_follow_the_matching_rule(decisions, runs):
    shares = decision_shares(decisions, runs, points()).set_index(["decision_id", "option"])
    share = shares["share"]
    # match: all — only run 0 chose border_only every time; nobody chose send every time.
    assert share["army_home", "border_only"] == pytest.approx(1 / 3)
    assert share["army_home", "send"] == 0
    assert share["army_home", NO_DECISION] == pytest.approx(1 / 3)
    # match: any — any faction instance counts; the press_baghdad row does not.
    assert share["factions_withdraw", "withdraw"] == pytest.approx(1 / 3)
    assert share["factions_withdraw", "hold"] == pytest.approx(2 / 3)
    assert share["factions_withdraw", "reinforce"] == pytest.approx(1 / 3)
    assert share["factions_withdraw", NO_DECISION] == 0
    assert shares.loc[("army_home", "border_only"), ["historical", "status_quo"]].tolist() == [
        True,
        True,
    ]
    assert shares["n_runs"].eq(3).all()


def test_decision_fidelity_brier_scores(decisions, runs):
    table = decision_fidelity(decisions, runs, points()).set_index("id")
    army = table.loc["army_home"]
    assert (army["n_match"], army["n_without_decision"]) == (1, 1)
    # match: all — forecasts 0.8 × 0.6 = 0.48, 0.5 × 0.3 = 0.15 and 0 (no row in the window).
    assert army["brier_model"] == pytest.approx((0.52**2 + 0.85**2 + 1) / 3)
    # Uniform: (1/2)² for the two runs with two rows, 1/2 for the run with none (one assumed).
    assert army["brier_uniform"] == pytest.approx((0.75**2 + 0.75**2 + 0.5**2) / 3)
    assert army["brier_status_quo"] == 0.0
    withdraw = table.loc["factions_withdraw"]
    assert withdraw["share_match"] == pytest.approx(1 / 3)
    # match: any — forecasts 1 − 0.4 × 0.8 = 0.68, 0.1 and 0.
    assert withdraw["brier_model"] == pytest.approx((0.32**2 + 0.9**2 + 1) / 3)
    # Uniform over three options: 1 − (2/3)² for two rows, 1/3 for one row.
    assert withdraw["brier_uniform"] == pytest.approx(((4 / 9) ** 2 + 2 * (2 / 3) ** 2) / 3)
    assert withdraw["brier_status_quo"] == 1.0


def test_brier_summary_and_sentences_say_when_the_model_loses(decisions, runs):
    summary = brier_summary(decision_fidelity(decisions, runs, points())).iloc[0]
    model = ((0.52**2 + 0.85**2 + 1) / 3 + (0.32**2 + 0.9**2 + 1) / 3) / 2
    uniform = ((0.75**2 * 2 + 0.5**2) / 3 + ((4 / 9) ** 2 + 2 * (2 / 3) ** 2) / 3) / 2
    assert summary["brier_model"] == pytest.approx(model)
    assert summary["brier_uniform"] == pytest.approx(uniform)
    assert summary["brier_status_quo"] == 0.5
    assert summary["skill_vs_uniform"] == pytest.approx(1 - model / uniform)
    sentences = brier_sentences(summary.to_dict())
    assert "does not beat" in sentences[1]  # worse than a uniform choice
    assert "does not beat" in sentences[2]  # and worse than the status quo (0.603 > 0.5)


def test_brier_sentence_when_the_model_wins():
    row = {"n_points": 3, "brier_model": 0.1, "brier_uniform": 0.3, "brier_status_quo": 0.5}
    row |= {"skill_vs_uniform": 2 / 3, "skill_vs_status_quo": 0.8}
    text = " ".join(brier_sentences(row))
    assert "beats it by 0.200 (skill +67 %)" in text and "beats it by 0.400" in text


@pytest.mark.parametrize(
    ("observable", "expected"),
    [
        ({"value": None, "range": [10, 12]}, [False, True, True, False, False]),
        ({"value": 11, "range": None}, [False, True, False, False, False]),
        ({"value": None, "range": None}, [False, False, False, False, True]),  # did not happen
    ],
)
def test_observable_matches(observable, expected):
    values = pd.Series([9.0, 11.0, 12.0, 13.0, np.nan])
    assert observable_matches(values, observable).tolist() == expected


def test_observable_matches_booleans():
    values = pd.Series([True, False, False])
    assert observable_matches(values, {"value": False, "range": None}).tolist() == [
        False,
        True,
        True,
    ]


def test_observable_matches_text_outcomes():
    values = pd.Series(["press", "let_go", None], dtype=object)
    assert observable_matches(values, {"value": "let_go"}).tolist() == [False, True, False]
