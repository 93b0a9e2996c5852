"""Synthetic batch folders for the analysis tests, written by hand to docs/data-contract.md.

Imported by the ``test_analysis_*`` modules (not a pytest conftest: it defines no fixtures, only
builders, so importing it never registers anything globally).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

START = pd.Timestamp("2024-11-27")
CITY_COLUMNS = ("aleppo", "hama", "homs", "damascus", "deir_ez_zor")
FACTIONS = ("kataib_hezbollah", "harakat_al_nujaba", "badr")
# The 11 bundled scenarios' names, for figures and pages drawn with that many scenarios.
SCENARIO_NAMES = [
    "baseline",
    "factions_refuse_iran",
    "hts_stalls_at_hama",
    "iran_all_in",
    "iran_let_go_early",
    "iraq_sends_army",
    "no_israeli_deterrence",
    "pmf_chairman_deploys",
    "pro_iran_prime_minister",
    "sadr_sistani_silent",
    "turkey_restrains_hts",
]

DECISION_POINTS: list[dict[str, Any]] = [
    {
        "id": "iraq_keeps_army_home",
        "actor": "iraqi_government",
        "decision": "send_army",
        "options": ["send", "border_only"],
        "status_quo": "border_only",
        "historical": "border_only",
        "window": ["2024-11-30", "2024-12-07"],
        "match": "all",
        "force": None,
        "source": "TL 30 Nov",
    },
    {
        "id": "factions_withdraw",
        "actor": "resistance_faction",
        "decision": "syria_deployment",
        "options": ["reinforce", "hold", "withdraw"],
        "status_quo": "hold",
        "historical": "withdraw",
        "window": ["2024-12-05", "2024-12-08"],
        "match": "any",
        "force": None,
        "source": "Art. Hawkish declarations ¶3",
    },
]

OBSERVABLES: list[dict[str, Any]] = [
    {"id": "collapse", "outcome": "regime_collapse_day", "value": None, "range": [10, 12]},
    {"id": "aleppo", "outcome": "fall_day_aleppo", "value": 3, "range": None},
    {"id": "hama", "outcome": "fall_day_hama", "value": None, "range": [8, 9]},
    {"id": "homs", "outcome": "fall_day_homs", "value": 11, "range": None},
    {"id": "damascus", "outcome": "fall_day_damascus", "value": 11, "range": None},
    {"id": "no_army", "outcome": "iraqi_army_deployed", "value": False, "range": None},
]


def resolved_scenario(name: str, decisions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A resolved scenario as the manifest stores it."""
    return {
        "name": name,
        "title": f"Scenario {name}",
        "question": f"What if {name}?",
        "period": {"start": "2024-11-27", "end": "2024-12-31"},
        "runs": 0,
        "seed": 7,
        "parameters": {},
        "uncertainty": {"iran.commitment_to_assad": {"dist": "uniform", "low": 0.2, "high": 0.8}},
        "events": [],
        "decisions": DECISION_POINTS if decisions is None else decisions,
        "observables": OBSERVABLES,
    }


def scenario_outcomes(name: str, runs: int, shift: float, rng: np.random.Generator) -> pd.DataFrame:
    """Plausible outcomes for one scenario; ``shift`` delays the collapse and raises fighters."""
    collapse = np.round(rng.normal(11 + 4 * shift, 1.5, runs))
    collapse[rng.random(runs) < 0.1 + 0.4 * shift] = np.nan
    table = pd.DataFrame(
        {
            "scenario": name,
            "run": np.arange(runs, dtype="int64"),
            "seed": np.arange(runs, dtype="int64") + 1000,
            "regime_collapse_day": collapse,
            "regime_collapsed": ~np.isnan(collapse),
            "iraqi_army_deployed": rng.random(runs) < 0.05 + 0.5 * shift,
            "factions_withdrew_before_collapse": rng.random(runs) < 0.8 - 0.5 * shift,
            "shrines_attacked": rng.random(runs) < 0.1,
            "pmf_brigades_defected": rng.poisson(0.3 + shift, runs).astype("int64"),
            "iran_letgo_day": np.where(rng.random(runs) < 0.7 - 0.5 * shift, 9.0, np.nan),
            "faction_fighters_peak": rng.normal(1500 + 2000 * shift, 200, runs),
            "syrian_soldiers_admitted": rng.poisson(2000, runs).astype(float),
            "sudani_standing_final": rng.uniform(0.4, 0.7, runs) - 0.2 * shift,
            "turkey_iraq_relations_final": rng.uniform(-0.2, 0.4, runs),
            "axis_cohesion_final": rng.uniform(0.1, 0.3, runs) + 0.3 * shift,
        }
    )
    for offset, city in zip((3, 8, 11, 11, 12), CITY_COLUMNS, strict=True):
        days = np.round(rng.normal(offset + 3 * shift, 1, runs))
        days[rng.random(runs) < 0.2 * shift] = np.nan
        table[f"fall_day_{city}"] = days
    table["iran.commitment_to_assad"] = rng.uniform(0.2, 0.8, runs)
    return table


def decision_rows(name: str, runs: int, shift: float, rng: np.random.Generator) -> pd.DataFrame:
    """Daily decisions of the government and the factions over the first two weeks."""
    rows = []
    for run in range(runs):
        for day in range(14):
            date = (START + pd.Timedelta(days=day)).date().isoformat()
            p_send = 0.05 + 0.3 * shift
            choice = "send" if rng.random() < p_send else "border_only"
            rows.append(
                (
                    name,
                    run,
                    day,
                    date,
                    "iraqi_government",
                    "iraqi_government",
                    "send_army",
                    choice,
                    False,
                    json.dumps({"send": p_send, "border_only": 1 - p_send}),
                )
            )
            for faction in FACTIONS:
                p = {"reinforce": 0.2 + 0.3 * shift, "hold": 0.5, "withdraw": 0.3 - 0.3 * shift}
                choice = str(rng.choice(list(p), p=list(p.values())))
                rows.append(
                    (
                        name,
                        run,
                        day,
                        date,
                        faction,
                        "resistance_faction",
                        "syria_deployment",
                        choice,
                        False,
                        json.dumps(p),
                    )
                )
    columns = ["scenario", "run", "day", "date", "actor", "kind", "decision", "choice", "forced"]
    table = pd.DataFrame(rows, columns=[*columns, "probabilities"])
    return table.astype({"run": "int64", "day": "int64"})


def timeseries_rows(name: str, runs: int, shift: float, rng: np.random.Generator) -> pd.DataFrame:
    """One row per run per day (day 0 included) for 35 days."""
    days = np.arange(35)
    frames = []
    for run in range(runs):
        cohesion = np.clip(1 - days / (12 + 6 * shift) + rng.normal(0, 0.05, len(days)), 0, 1)
        frames.append(
            pd.DataFrame(
                {
                    "scenario": name,
                    "run": run,
                    "day": days,
                    "date": [(START + pd.Timedelta(days=int(d))).date().isoformat() for d in days],
                    "regime_cohesion": cohesion,
                    "offensive_momentum": 1 - cohesion,
                    "faction_fighters_in_syria": np.maximum(0, 1500 + 500 * shift - 60 * days),
                    "iraqi_threat_perception": np.clip(0.3 + days / 40, 0, 1),
                    "iran_pressure": np.clip(0.6 + 0.2 * shift - days / 60, 0, 1),
                    "faction_loyalty_iran": 0.7,
                    "brigade_loyalty_state": 0.8,
                    "sudani_standing": 0.5,
                    "turkey_iraq_relations": 0.1,
                    "axis_cohesion": 0.3,
                }
            )
        )
    return pd.concat(frames, ignore_index=True).astype({"run": "int64", "day": "int64"})


def write_batch(
    folder: Path,
    scenarios: dict[str, float] | None = None,
    runs: int = 24,
    timeseries: bool = True,
    seed: int = 1,
) -> Path:
    """Write a batch folder: scenario name → shift (0 = baseline-like). Returns the folder."""
    scenarios = scenarios if scenarios is not None else {"baseline": 0.0, "iran_all_in": 1.0}
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    outcomes, decisions, series = [], [], []
    for name, shift in scenarios.items():
        outcomes.append(scenario_outcomes(name, runs, shift, rng))
        decisions.append(decision_rows(name, runs, shift, rng))
        series.append(timeseries_rows(name, runs, shift, rng))
    pd.concat(outcomes, ignore_index=True).to_parquet(folder / "outcomes.parquet")
    pd.concat(decisions, ignore_index=True).to_parquet(folder / "decisions.parquet")
    if timeseries:
        pd.concat(series, ignore_index=True).to_parquet(folder / "timeseries.parquet")
    manifest = {
        "version": "0.1.0",
        "git_revision": "abc1234",
        "seeds": [seed],
        "command": "axis-sim batch (synthetic test batch)",
        "runs_done": runs * len(scenarios),
        "failures": [],
        "scenarios": {
            name: {
                "file": f"scenarios/{name}.yaml",
                "sha256": "0" * 64,
                "resolved": resolved_scenario(name),
            }
            for name in scenarios
        },
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder
