"""The report section and the terminal table of ``axis-sim compare --given-history``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd

from analysis.given_history import GivenHistory
from analysis.labels import label, number, percent, points
from analysis.report import Block, Heading, Paragraph, Table
from analysis.survival import STANDING

SECTION_TITLE = "Effects given history before the branch date"
HEADLINE_OUTCOMES = ("regime_collapsed", STANDING, "regime_collapse_day")
SHARES = frozenset({"regime_collapsed", "iraqi_army_deployed"})

METHOD = (
    "A counterfactual that differs from the baseline only from date D (a forced decision or an "
    "event on D) is, run for run, the baseline until D: same seed, same draws, same decisions. "
    "So the pair (baseline run i, counterfactual run i) shares one path before D. A pair is kept "
    "when that path matched history: every decision point of the baseline whose window ends "
    "before D, scored in time (a change of course first taken inside its window, a status quo "
    "held through it), and every observable settled before D (a dated event whose historical "
    "range ends before D, such as Aleppo's fall). The effect is the mean difference "
    "counterfactual − baseline over the kept pairs, with a 90 % percentile bootstrap interval "
    "over pairs: the effect of the lever from the historical state at D. The share kept says "
    "how much of the ensemble the answer rests on; a counterfactual that changes parameters "
    "branches at the start, conditions on nothing and keeps every pair."
)


def difference(row: Mapping[str, Any]) -> str:
    """``−83 pts (−100 to −67)`` for a share, ``+16.7 (+12.2 to +20.6)`` for a number."""
    if row["n_compared"] == 0:
        return "no pair with both values"
    if row["outcome"] in SHARES:
        return (
            f"{points(row['mean_diff'])} pts ({points(row['ci_low'])} to {points(row['ci_high'])})"
        )
    low, high = number(row["ci_low"], True), number(row["ci_high"], True)
    return f"{number(row['mean_diff'], True)} ({low} to {high})"


def level_text(row: Mapping[str, Any]) -> str:
    """Baseline → counterfactual over the kept pairs."""
    if row["outcome"] in SHARES:
        return f"{percent(row['mean_baseline'])} → {percent(row['mean_scenario'])}"
    return f"{number(row['mean_baseline'])} → {number(row['mean_scenario'])}"


def kept_text(row: Mapping[str, Any]) -> str:
    """``12 of 200 (6 %)``."""
    return f"{int(row['n_kept'])} of {int(row['n_pairs'])} ({percent(row['share_kept'])})"


def _by_counterfactual(
    result: GivenHistory,
) -> Iterator[tuple[str, pd.Series, dict[str, dict[str, Any]]]]:
    """Per counterfactual: its name, its first effect row (D, pairs) and its rows by outcome."""
    for scenario, group in result.effects.groupby("scenario", sort=False):
        by_outcome = {row["outcome"]: row for row in group.to_dict("records")}
        yield str(scenario), group.iloc[0], by_outcome


def overview(result: GivenHistory) -> pd.DataFrame:
    """One row per counterfactual: D, the pairs kept, and the headline effects."""
    rows = []
    for scenario, first, by_outcome in _by_counterfactual(result):
        row = {
            "Counterfactual": scenario,
            "D": str(first["branch_date"]),
            "Pairs kept": kept_text(first),
        }
        for outcome in HEADLINE_OUTCOMES:
            if outcome in by_outcome:
                row[f"{label(outcome)}: Δ (90 %)"] = difference(by_outcome[outcome])
        rows.append(row)
    return pd.DataFrame(rows)


def terminal(result: GivenHistory) -> pd.DataFrame:
    """:func:`overview` narrowed to 80 columns: collapse and days standing only."""
    rows = []
    for scenario, first, by_outcome in _by_counterfactual(result):
        row = {
            "Counterfactual": scenario,
            "D": pd.Timestamp(first["branch_date"]).strftime("%d %b"),
            "Kept": f"{int(first['n_kept'])}/{int(first['n_pairs'])} "
            f"{percent(first['share_kept'])}",
        }
        for outcome, name in (("regime_collapsed", "Collapse Δ"), (STANDING, "Days Δ")):
            if outcome in by_outcome:
                row[name] = difference(by_outcome[outcome])
        rows.append(row)
    return pd.DataFrame(rows)


def details(result: GivenHistory) -> pd.DataFrame:
    """Every outcome of every counterfactual: levels and difference over the kept pairs."""
    return pd.DataFrame(
        [
            {
                "Counterfactual": row["scenario"],
                "Outcome": label(row["outcome"]),
                "Baseline → counterfactual": level_text(row),
                "Difference (90 %)": difference(row),
                "Pairs": int(row["n_compared"]),
            }
            for row in result.effects.to_dict("records")
        ]
    )


def conditioning_table(result: GivenHistory) -> pd.DataFrame:
    """What each counterfactual's pairs had to match, with each item's share of pairs."""
    return pd.DataFrame(
        [
            {
                "Counterfactual": row["scenario"],
                "History before D": row["item"],
                "Pairs matching": percent(row["share_match"]),
            }
            for row in result.items.to_dict("records")
        ]
    )


def section(result: GivenHistory) -> list[Block]:
    """The report section (only when ``--given-history`` is given)."""
    blocks: list[Block] = [
        Heading(SECTION_TITLE),
        Paragraph(METHOD),
        Table(overview(result)),
        Heading("Every outcome over the kept pairs", 3),
        Table(details(result)),
    ]
    if not result.items.empty:
        blocks += [
            Heading("What the kept pairs matched", 3),
            Paragraph(
                "Each item of history before D, with the share of pairs whose path matched it "
                "(a pair is kept when it matched all of its counterfactual's items)."
            ),
            Table(conditioning_table(result)),
        ]
    return blocks
