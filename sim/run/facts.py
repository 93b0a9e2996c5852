"""The baseline's stylised facts: what the historical month looks like in the outcome table.

Used by the statistical tests and by ``scripts/baseline_facts.py``, which records the measured
shares in docs/validation.md. Thresholds say 'history dominates', not 'history is certain'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    text: str
    holds: Callable[[pd.DataFrame], pd.Series]
    threshold: float


STYLISED_FACTS: tuple[Fact, ...] = (
    Fact(
        "no_iraqi_army",
        "Baghdad does not send the army",
        lambda d: ~d["iraqi_army_deployed"].astype(bool),
        0.95,
    ),
    Fact(
        "pmf_stays_home",
        "The PMF as an institution stays home (no brigade defects)",
        lambda d: d["pmf_brigades_defected"] == 0,
        0.75,
    ),
    Fact(
        "a_few_hundred_go_in",
        "A few hundred faction fighters go in (100-1,000 sent)",
        lambda d: d["faction_reinforcements"].between(100, 1000),
        0.6,
    ),
    Fact(
        "home_before_collapse",
        "The factions come home before Damascus falls",
        lambda d: d["factions_withdrew_before_collapse"].astype(bool),
        0.75,
    ),
    Fact(
        "aleppo_first_days",
        "Aleppo falls within the first days (29 Nov - 1 Dec)",
        lambda d: d["fall_day_aleppo"].between(2, 4),
        0.8,
    ),
    Fact(
        "damascus_around_8_dec",
        "Damascus falls around 8 Dec (7-9 Dec)",
        lambda d: d["fall_day_damascus"].between(10, 12),
        0.5,
    ),
    Fact(
        "regime_collapses",
        "The regime collapses within the month",
        lambda d: d["regime_collapsed"].astype(bool),
        0.8,
    ),
    Fact(
        "soldiers_admitted",
        "Iraq admits fleeing soldiers (1,000-2,500)",
        lambda d: d["syrian_soldiers_admitted"].between(1000, 2500),
        0.7,
    ),
    Fact(
        "iran_lets_go",
        "Iran ends up letting Assad go",
        lambda d: d["iran_posture_final"] == "let_go",
        0.75,
    ),
    Fact(
        "iran_opens_channel",
        "Iran opens a channel to HTS",
        lambda d: d["iran_hts_channel_day"].notna(),
        0.75,
    ),
    Fact(
        "shrines_unharmed",
        "The shrines are unharmed",
        lambda d: ~d["shrines_attacked"].astype(bool),
        0.9,
    ),
)


def fact_shares(outcomes: pd.DataFrame) -> dict[str, float]:
    """Share of runs in which each stylised fact holds."""
    return {fact.name: float(fact.holds(outcomes).mean()) for fact in STYLISED_FACTS}
