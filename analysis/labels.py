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
class BinaryOutcome:
    """A yes/no outcome: its name, the column it comes from and how to read it in a sentence."""

    name: str
    column: str
    label: str
    phrase: str  # completes "In <scenario> ... in 62 % of runs"
    rule: str = "true"  # "true": column is truthy; "positive": column > 0; "happened": not NaN


BINARY_OUTCOMES: tuple[BinaryOutcome, ...] = (
    BinaryOutcome(
        "regime_collapsed", "regime_collapsed", "Regime collapsed", "the regime collapses"
    ),
    BinaryOutcome(
        "iraqi_army_deployed",
        "iraqi_army_deployed",
        "Iraqi army deployed",
        "the Iraqi army deploys",
    ),
    BinaryOutcome(
        "factions_withdrew_before_collapse",
        "factions_withdrew_before_collapse",
        "Factions withdrew before the collapse",
        "the factions withdraw from Syria before the collapse",
    ),
    BinaryOutcome(
        "shrines_attacked", "shrines_attacked", "Shrines attacked", "shrines are attacked"
    ),
    BinaryOutcome(
        "pmf_brigade_defected",
        "pmf_brigades_defected",
        "At least one PMF brigade defected",
        "at least one PMF brigade defies the government",
        rule="positive",
    ),
    BinaryOutcome(
        "iran_let_go", "iran_letgo_day", "Iran let Assad go", "Iran lets Assad go", rule="happened"
    ),
)

PAIRED_NUMERIC_OUTCOMES: tuple[str, ...] = (
    "regime_collapse_day",
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
    "faction_fighters_peak": "Peak faction fighters in Syria",
    "syrian_soldiers_admitted": "Syrian soldiers admitted to Iraq",
    "sudani_standing_final": "Sudani's standing (final)",
    "turkey_iraq_relations_final": "Turkey–Iraq relations (final)",
    "axis_cohesion_final": "Axis cohesion (final)",
    "pmf_brigades_defected": "PMF brigades defected",
    "faction_reinforcements": "Faction fighters sent into Syria",
    "iran_letgo_day": "Day Iran lets Assad go",
    "regime_cohesion": "Regime cohesion",
    "faction_fighters_in_syria": "Faction fighters in Syria",
    "iraqi_threat_perception": "Iraqi threat perception",
    "iran_pressure": "Iranian pressure on Iraq",
} | {f"{CITY_PREFIX}{key}": f"Fall of {name} (day)" for key, name in CITIES.items()}

UNITS: dict[str, str] = {
    "regime_collapse_day": "days",
    "faction_fighters_peak": "fighters",
    "syrian_soldiers_admitted": "soldiers",
    "sudani_standing_final": "index",
    "turkey_iraq_relations_final": "index",
    "axis_cohesion_final": "index",
    "pmf_brigades_defected": "brigades",
    "faction_reinforcements": "fighters",
    "iran_letgo_day": "days",
    "regime_cohesion": "index",
    "faction_fighters_in_syria": "fighters",
    "iraqi_threat_perception": "index",
    "iran_pressure": "index",
} | {f"{CITY_PREFIX}{key}": "days" for key in CITIES}

DAY_EVENTS: dict[str, str] = {
    "regime_collapse_day": "the regime collapses",
    "iran_letgo_day": "Iran lets Assad go",
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
