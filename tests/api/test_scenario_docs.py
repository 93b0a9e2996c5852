"""docs/scenarios.md: its event-kind table matches the code, and its worked examples work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim import api
from sim.registry import EVENT_KINDS
from sim.registry.reference import splice_event_kinds

PAGE = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def examples() -> dict[str, str]:
    """The YAML blocks that begin with ``# file: NAME.yaml``, by file name."""
    blocks = re.findall(r"```yaml\n# file: (\S+)\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    return dict(blocks)


def test_event_kind_table_is_in_step_with_the_code():
    page = PAGE.read_text(encoding="utf-8")
    assert page == splice_event_kinds(page), "stale: run python scripts/gen_docs.py"
    for name in EVENT_KINDS:
        assert f"| `{name}` |" in page


@pytest.fixture
def example(tmp_path):
    def write(name: str) -> Path:
        path = tmp_path / name
        path.write_text(examples()[name], encoding="utf-8")
        return path

    return write


def test_russia_keeps_full_air_support(example):
    spec = api.load(example("russia_keeps_air_support.yaml"))
    assert spec.parameters["context.russian_air_support"] == 1.0
    assert "context.russian_air_support" not in spec.uncertainty
    assert not [e for e in spec.events if e.kind == "air_support_cut"]


def test_sistani_calls_to_defend_the_shrines_shifts_the_month(example):
    spec = api.load(example("sistani_defend_shrines.yaml"))
    assert [e.kind for e in spec.events].count("shrine_defence_call") == 1
    called = [api.run(spec, seed=4, run=i) for i in range(6)]
    silent = api.with_parameters("baseline", {"context.sistani_disapproval": 0.0})
    plain = [api.run(silent, seed=4, run=i) for i in range(6)]
    assert any("Sistani calls" in line for line in called[0].narrative)
    sent = sum(r.outcome["faction_reinforcements"] for r in called)
    assert sent > sum(r.outcome["faction_reinforcements"] for r in plain)
