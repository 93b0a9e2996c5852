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


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Decision rows (``row``) as a decisions table with parsed dates."""
    columns = ["scenario", "run", "date", "actor", "kind", "decision", "choice", "probabilities"]
    table = pd.DataFrame(rows, columns=columns)
    table["date"] = pd.to_datetime(table["date"])
    return table


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
    return frame(rows)


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


RESOLVED = {
    "period": {"start": "2024-11-27", "end": "2024-12-31"},
    "decisions": [{**WITHDRAW, "role": "validation"}, {**SEND_ARMY, "role": "calibration"}],
}


def with_days(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(day=(table["date"] - pd.Timestamp("2024-11-27")).dt.days)


def test_decision_fidelity_scores_in_time(decisions, runs):
    table = decision_fidelity(with_days(decisions), runs, RESOLVED).set_index("id")
    army = table.loc["army_home"]
    # Held: run 0 kept border_only, run 1 sent the army on 3 Dec (a miss), run 2 has no row in
    # the window and so keeps the status quo, which is history's choice here.
    assert (army["n_match"], army["rule"], army["role"]) == (2, "held", "calibration")
    assert army["brier_model"] == pytest.approx((1 - 2 / 3) ** 2)
    assert army["brier_uniform"] == pytest.approx(0.25)  # 1/k with k = 2
    assert army["brier_status_quo"] == 0.0
    withdraw = table.loc["factions_withdraw"]
    # First taken in the window: only run 0 (KH on 6 Dec); the withdraw of run 1 is a
    # press_baghdad row, and run 2 never withdraws.
    assert (withdraw["n_match"], withdraw["rule"]) == (1, "first taken in window")
    assert withdraw["brier_model"] == pytest.approx((2 / 3) ** 2)
    assert withdraw["brier_uniform"] == pytest.approx((2 / 3) ** 2)  # k = 3
    assert withdraw["brier_status_quo"] == 1.0
    # Its date: run 0 on day 9, the others never (day 35); the window's middle is day 9.5.
    assert withdraw["first_day_median"] == 35
    assert withdraw["crps_model"] > withdraw["crps_uniform"] * 0  # a number, not NaN
    assert np.isnan(army["crps_model"])  # a held status quo has no date


def test_an_early_change_of_course_is_a_miss(runs):
    """Withdrawing on 30 Nov, before the 5-8 Dec window, is a miss even if repeated inside."""
    rows = [
        row(0, "2024-11-30", faction("badr"), "withdraw", {}),
        row(0, "2024-12-06", faction("badr"), "withdraw", {}),
        row(1, "2024-12-06", faction("badr"), "withdraw", {}),
    ]
    fidelity = decision_fidelity(with_days(frame(rows)), runs, RESOLVED).set_index("id")
    assert fidelity.loc["factions_withdraw", "n_match"] == 1  # run 1 only


def test_timing_splits_the_misses(runs):
    """Run 0 withdraws first on 30 Nov (early), run 1 on 6 Dec (in the 5-8 Dec window), run 2
    on 10 Dec (late); a fourth run never does. The four shares sum to one; a held point has
    none."""
    rows = [
        row(0, "2024-11-30", faction("badr"), "withdraw", {}),
        row(0, "2024-12-06", faction("badr"), "withdraw", {}),
        row(1, "2024-12-06", faction("nujaba"), "withdraw", {}),
        row(2, "2024-12-10", faction("badr"), "withdraw", {}),
        row(3, "2024-12-06", faction("badr"), "hold", {}),
    ]
    four = pd.DataFrame({"scenario": "baseline", "run": np.arange(4, dtype="int64")})
    fidelity = decision_fidelity(with_days(frame(rows)), four, RESOLVED).set_index("id")
    withdraw = fidelity.loc["factions_withdraw"]
    shares = withdraw[["share_early", "share_match", "share_late", "share_never"]]
    assert shares.tolist() == [0.25, 0.25, 0.25, 0.25]
    held = fidelity.loc["army_home", ["share_early", "share_late", "share_never"]]
    assert held.isna().all()


def test_brier_summary_by_role(decisions, runs):
    table = decision_fidelity(with_days(decisions), runs, RESOLVED)
    every = brier_summary(table).iloc[0]
    model = ((1 / 3) ** 2 + (2 / 3) ** 2) / 2
    uniform = (0.25 + (2 / 3) ** 2) / 2
    assert every["brier_model"] == pytest.approx(model)
    assert every["skill_vs_uniform"] == pytest.approx(1 - model / uniform)
    validation = brier_summary(table, role="validation").iloc[0]
    assert validation["n_points"] == 1
    assert validation["brier_model"] == pytest.approx((2 / 3) ** 2)
    sentences = brier_sentences(every.to_dict())
    assert "beats it" in sentences[1]


def test_skill_interval_brackets_the_skill(decisions, runs):
    from analysis.fidelity import skill_interval

    skill, low, high = skill_interval(with_days(decisions), runs, RESOLVED, n_boot=200)
    assert low <= skill <= high


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
