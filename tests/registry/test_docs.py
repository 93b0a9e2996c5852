"""The documentation matches the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.registry.reference import PAGES

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_pages_are_up_to_date(name):
    written = (DOCS / name).read_text(encoding="utf-8")
    assert written == PAGES[name](), f"docs/{name} is stale: run python scripts/gen_docs.py"


def test_every_assumption_cited_by_a_parameter_is_written_down():
    import re

    from sim.registry import parameters

    assumptions = (DOCS / "assumptions.md").read_text(encoding="utf-8")
    cited = {m for p in parameters().values() for m in re.findall(r"\bA\d+\b", p.source)}
    assert cited, "parameters cite assumptions by number"
    for label in sorted(cited):
        assert f"## {label} " in assumptions or f"## {label}:" in assumptions, label


def test_odd_description_names_every_actor_kind_and_the_day_order():
    from sim.registry import ACTOR_KINDS

    model_md = (DOCS / "model.md").read_text(encoding="utf-8")
    for kind in ACTOR_KINDS:
        assert f"`{kind.KIND}`" in model_md
    for heading in ("## Overview", "## Design concepts", "## Details"):
        assert heading in model_md
