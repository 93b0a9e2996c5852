"""The headline table of a batch: one row per scenario, in words an analyst reads first."""

from __future__ import annotations

import datetime as dt

import pandas as pd

COLUMNS = {
    "p_collapse": "P(regime collapses by 31 Dec)",
    "median_collapse": "median collapse date",
    "p_army": "P(Baghdad sends the army)",
    "median_peak_fighters": "median peak of faction fighters in Syria",
    "p_home_before_fall": "P(factions home before the fall)",
    "p_iran_lets_go": "P(Iran lets go)",
    "p_brigade_defects": "P(a PMF brigade defects)",
    "mean_standing": "Sudani's standing at the end (mean, 0-1)",
}


def scenario_summary(outcomes: pd.DataFrame, start: dt.date, order: list[str]) -> pd.DataFrame:
    """Per scenario (in ``order``): the headline probabilities and medians of its runs."""
    rows = []
    for name in order:
        runs = outcomes[outcomes["scenario"] == name]
        collapse = runs["regime_collapse_day"].dropna()
        median_day = collapse.median() if len(collapse) else None
        rows.append(
            {
                "scenario": name,
                "runs": len(runs),
                "p_collapse": runs["regime_collapsed"].astype(bool).mean(),
                "median_collapse": None
                if median_day is None
                else start + dt.timedelta(days=float(median_day)),
                "p_army": runs["iraqi_army_deployed"].astype(bool).mean(),
                "median_peak_fighters": runs["faction_fighters_peak"].median(),
                "p_home_before_fall": runs["factions_withdrew_before_collapse"].astype(bool).mean(),
                "p_iran_lets_go": (runs["iran_posture_final"] == "let_go").mean(),
                "p_brigade_defects": (runs["pmf_brigades_defected"] > 0).mean(),
                "mean_standing": runs["sudani_standing_final"].mean(),
            }
        )
    return pd.DataFrame(rows)


def _fmt(key: str, value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if key.startswith("p_"):
        return f"{100 * float(value):.0f} %"
    if isinstance(value, dt.date):
        return f"{value:%d %b}".lstrip("0")
    if key == "median_peak_fighters":
        return f"{float(value):,.0f}"
    return f"{float(value):.2f}"


def markdown_table(summary: pd.DataFrame) -> str:
    """The summary as a Markdown table (scenario names in code font)."""
    header = ["scenario", "runs", *COLUMNS.values()]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in summary.to_dict("records"):
        cells = [f"`{row['scenario']}`", str(row["runs"])]
        cells += [_fmt(key, row[key]) for key in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
