"""Every parameter says what its value rests on, and the docs list the calibrated and assumed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli.app import app
from sim.core.params import Basis
from sim.registry import parameters
from sim.registry.reference import basis_counts, with_basis_index

DOCS = Path(__file__).resolve().parents[2] / "docs"
DATED = re.compile(r"\b(TL|\d{1,2} (Nov|Dec))\b")

# Set from historical dates or choices (issue 11): they must never be shown as sourced.
SET_FROM_HISTORY = (
    "front.advance_km_per_day",
    "front.garrison_aleppo",
    "front.garrison_hama",
    "front.garrison_homs",
    "front.garrison_damascus",
    "front.garrison_deir_ez_zor",
    "front.fall_cohesion_shock",
    "front.homs_extra_shock",
    "front.daily_cohesion_decay",
    "front.momentum_gain",
    "front.sdf_strength",
    "front.collapse_threshold",
    "front.desertion_rate",
    "front.help_morale",
    "front.eastern_garrison_troops",
    "turkey.backing_effect",
    "turkey.restraint_effect",
    "hts.consolidation_pace",
    "iran.hedging_value",
)


def test_parameters_set_from_history_are_labelled_calibrated():
    table = parameters()
    wrong = [key for key in SET_FROM_HISTORY if table[key].basis != Basis.CALIBRATED]
    assert not wrong, wrong


@pytest.mark.parametrize("param", list(parameters().values()), ids=lambda p: p.key)
def test_the_source_says_what_the_basis_says(param):
    source = param.source
    if param.basis == Basis.CALIBRATED:
        assert source.startswith("Calibrated") and DATED.search(source), "names no dated fact"
    elif param.basis == Basis.ASSUMPTION:
        assert source.startswith("Assumption"), "an assumption must say so first"
    elif param.basis in (Basis.ARTICLE, Basis.TIMELINE):
        cite = "Art. " if param.basis == Basis.ARTICLE else "TL "
        assert cite in source and "Assumption" not in source.split(".")[0]
    assert len(param.range_reason) > 10


def test_the_basis_index_in_assumptions_md_is_up_to_date():
    page = (DOCS / "assumptions.md").read_text(encoding="utf-8")
    assert page == with_basis_index(page), "run python scripts/gen_docs.py"
    for p in parameters().values():
        if p.basis in (Basis.CALIBRATED, Basis.ASSUMPTION):
            listed = f"`{p.key}`" if p.basis == Basis.CALIBRATED else f"`{p.name}`"
            assert listed in page, p.key


def test_counts_per_basis_add_up_and_are_shown():
    table = parameters().values()
    counts = basis_counts(table)
    assert list(counts) == list(Basis) and sum(counts.values()) == len(table)
    page = (DOCS / "parameters.md").read_text(encoding="utf-8")
    assert f"calibrated {counts['calibrated']}" in page
    output = CliRunner().invoke(app, ["params", "front"]).output
    front = [p for p in table if p.actor == "front"]
    assert f"calibrated {basis_counts(front)['calibrated']}" in output
    assert "assumption" in output and "basis" in output
