"""Names the reader sees: outcome labels, units, phrases for sentences, cities and variables.

Column names follow ``docs/data-contract.md`` and ``docs/outcomes.md``; anything not listed here
falls back to its column name, so a new outcome shows up without touching this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

HISTORICAL_COLLAPSE_DATE = pd.Timestamp("2024-12-08")
"""Assad leaves Damascus; the regime collapses (8 December 2024)."""

DEFAULT_PERIOD_START = pd.Timestamp("2024-11-27")
"""Day 0 of the baseline, used only when a resolved scenario has no ``period.start``."""


@dataclass(frozen=True, slots=True)
class Measure:
    """A headline number: the label the reader sees and its one definition (README, report, viz)."""

    key: str
    label: str
    definition: str


HEADLINES: tuple[Measure, ...] = (
    Measure(
        "p_collapse",
        "P(regime collapses by 31 Dec)",
        "Share of runs in which Damascus falls or the regime dissolves by the last day (31 Dec).",
    ),
    Measure(
        "collapse_date",
        "Regime collapses",
        "Median date of the collapse over the runs in which it happens; in brackets the dates "
        "between which 90 % of those runs collapse (5th to 95th percentile), and how many runs "
        "that is when fewer than 30.",
    ),
    Measure(
        "p_army",
        "P(Baghdad sends the army)",
        "Share of runs in which Baghdad sends the regular army into Syria.",
    ),
    Measure(
        "p_iran_lets_go",
        "P(Iran lets go)",
        "Share of runs in which Iran's posture on the last day (31 Dec) is to let Assad go.",
    ),
    Measure(
        "p_home_before_fall",
        "P(factions home before the fall)",
        "Share of runs in which the factions' fighters in Syria fall below half their peak "
        "strictly before the collapse day (no collapse counts as no).",
    ),
    Measure(
        "p_brigade_defects",
        "P(a PMF brigade defects)",
        "Share of runs in which at least one PMF brigade goes to Syria against orders.",
    ),
    Measure(
        "median_peak_fighters",
        "Peak faction fighters in Syria",
        "Median over runs of the peak number of Iraqi faction fighters in Syria; in brackets the "
        "5th to 95th percentile of runs.",
    ),
    Measure(
        "mean_standing",
        "Sudani's standing at the end",
        "Mean over runs of Sudani's political standing on the last day (0 to 1).",
    ),
)
HEADLINE: dict[str, Measure] = {m.key: m for m in HEADLINES}
"""Every headline measure by key."""

LEVEL = 0.90
"""Intervals in the headline table are 90 %: Wilson over runs for shares, 5–95 % of runs for
dates and counts."""


@dataclass(frozen=True, slots=True)
class BinaryOutcome:
    """A yes/no outcome: its name, the column it comes from and how to read it in a sentence."""

    name: str
    column: str
    label: str
    phrase: str  # completes "In <scenario> ... in 62 % of runs"
    rule: str = "true"  # "true": column is truthy; "positive": column > 0; "happened": not NaN


BINARY_OUTCOMES: tuple[BinaryOutcome, ...] = (
    BinaryOutcome(
        "regime_collapsed",
        "regime_collapsed",
        HEADLINE["p_collapse"].label,
        "the regime collapses",
    ),
    BinaryOutcome(
        "iraqi_army_deployed",
        "iraqi_army_deployed",
        HEADLINE["p_army"].label,
        "the Iraqi army deploys",
    ),
    BinaryOutcome(
        "factions_withdrew_before_collapse",
        "factions_withdrew_before_collapse",
        HEADLINE["p_home_before_fall"].label,
        "the factions withdraw from Syria before the collapse",
    ),
    BinaryOutcome(
        "shrines_attacked", "shrines_attacked", "P(shrines attacked)", "shrines are attacked"
    ),
    BinaryOutcome(
        "pmf_brigade_defected",
        "pmf_brigades_defected",
        HEADLINE["p_brigade_defects"].label,
        "at least one PMF brigade defies the government",
        rule="positive",
    ),
    BinaryOutcome(
        "iran_lets_go",
        "iran_posture_final",
        HEADLINE["p_iran_lets_go"].label,
        "Iran's posture on the last day is to let Assad go",
        rule="let_go",
    ),
    BinaryOutcome(
        "iran_let_go_at_any_point",
        "iran_letgo_day",
        "P(Iran lets go at any point)",
        "Iran chooses to let Assad go at some point",
        rule="happened",
    ),
)
"""Rules: "true" (column truthy), "positive" (> 0), "happened" (not NaN), "let_go" (equals it)."""


PAIRED_NUMERIC_OUTCOMES: tuple[str, ...] = (
    "regime_days_standing",
    "faction_fighters_peak",
    "syrian_soldiers_admitted",
    "sudani_standing_final",
    "turkey_iraq_relations_final",
    "axis_cohesion_final",
)

FAN_VARIABLES: tuple[str, ...] = (
    "regime_cohesion",
    "faction_fighters_in_syria",
    "iraqi_threat_perception",
    "iran_pressure",
)

CITIES: dict[str, str] = {
    "aleppo": "Aleppo",
    "hama": "Hama",
    "homs": "Homs",
    "damascus": "Damascus",
    "deir_ez_zor": "Deir ez-Zor",
}
CITY_PREFIX = "fall_day_"

LABELS: dict[str, str] = {
    "regime_collapse_day": "Regime collapse day",
    "regime_days_standing": "Days the regime stands (to 31 Dec)",
    "faction_fighters_peak": "Peak faction fighters in Syria",
    "syrian_soldiers_admitted": "Syrian soldiers admitted to Iraq",
    "sudani_standing_final": "Sudani's standing (final)",
    "turkey_iraq_relations_final": "Turkey–Iraq relations (final)",
    "axis_cohesion_final": "Axis cohesion (final)",
    "pmf_brigades_defected": "PMF brigades defected",
    "faction_reinforcements": "Faction fighters sent into Syria",
    "iran_letgo_day": "Day Iran lets Assad go",
    "iran_stops_pressing_day": "Day Iran stops pressing",
    "regime_cohesion": "Regime cohesion",
    "faction_fighters_in_syria": "Faction fighters in Syria",
    "iraqi_threat_perception": "Iraqi threat perception",
    "iran_pressure": "Iranian pressure on Iraq",
} | {f"{CITY_PREFIX}{key}": f"Fall of {name} (day)" for key, name in CITIES.items()}

UNITS: dict[str, str] = {
    "regime_collapse_day": "days",
    "regime_days_standing": "days",
    "faction_fighters_peak": "fighters",
    "syrian_soldiers_admitted": "soldiers",
    "sudani_standing_final": "index",
    "turkey_iraq_relations_final": "index",
    "axis_cohesion_final": "index",
    "pmf_brigades_defected": "brigades",
    "faction_reinforcements": "fighters",
    "iran_letgo_day": "days",
    "iran_stops_pressing_day": "days",
    "regime_cohesion": "index",
    "faction_fighters_in_syria": "fighters",
    "iraqi_threat_perception": "index",
    "iran_pressure": "index",
} | {f"{CITY_PREFIX}{key}": "days" for key in CITIES}

DAY_EVENTS: dict[str, str] = {
    "regime_collapse_day": "the regime collapses",
    "iran_letgo_day": "Iran lets Assad go",
    "iran_stops_pressing_day": "Iran stops pressing",
    "iraqi_army_deploy_day": "the Iraqi army deploys",
    "faction_withdrawal_day": "the factions start withdrawing",
    "iran_hts_channel_day": "Iran opens a channel to HTS",
} | {f"{CITY_PREFIX}{key}": f"{name} falls" for key, name in CITIES.items()}
"""Outcomes counted in days from the start, with the event they date (for sentences)."""


def label(column: str) -> str:
    """The reader's name for a column (the column name itself when none is declared)."""
    return LABELS.get(column, column.replace("_", " ").capitalize())


def unit(column: str) -> str:
    """The unit of a numeric column, or an empty string."""
    return UNITS.get(column, "days" if column.endswith("_day") else "")


MINUS = "−"


def number(x: float, signed: bool = False) -> str:
    """A number rounded for reading (thousands separated), with a true minus sign."""
    if pd.isna(x):
        return "n/a"
    size = abs(x)
    digits = 0 if size >= 100 else 1 if size >= 1 else 2
    text = f"{x:+,.{digits}f}" if signed else f"{x:,.{digits}f}"
    return text.replace("-", MINUS)


def percent(share: float, signed: bool = False) -> str:
    """A share as whole percent (``62 %``, or ``+29 %`` when signed)."""
    if pd.isna(share):
        return "n/a"
    text = f"{share * 100:+.0f} %" if signed else f"{share * 100:.0f} %"
    return text.replace("-", MINUS)


def points(diff: float) -> str:
    """A difference of shares in signed whole percentage points (``−35``)."""
    return "n/a" if pd.isna(diff) else f"{diff * 100:+.0f}".replace("-", MINUS)
