"""Every citation of the source article names a section and paragraph the article has."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from sim.registry.citations import (
    STRUCTURE_FILE,
    citation_problems,
    find_article,
    load_structure,
    structure_record,
)

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = load_structure()


def _strings(node) -> list[str]:
    """Every string in a parsed YAML document."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def _code_strings(path: Path) -> list[str]:
    """Every string constant (docstrings, provenance strings) of a Python module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _problems(where: str, texts: list[str]) -> list[str]:
    return [
        f"{where}: {problem}" for text in texts for problem in citation_problems(text, SECTIONS)
    ]


def test_the_recorded_structure_is_the_article_s():
    article = find_article(ROOT)
    if article is None:
        pytest.skip("shared/source/ is not beside the repository: cannot regenerate the record")
    recorded = json.loads(STRUCTURE_FILE.read_text(encoding="utf-8"))
    assert recorded == structure_record(article.read_text(encoding="utf-8")), (
        "docs/sources/article-structure.json is stale: run python scripts/gen_article_structure.py"
    )


def test_the_structure_has_the_article_s_six_sections():
    assert [s.cite_as for s in SECTIONS][:2] == ["Intro", "Hot and cold relations"]
    assert len(SECTIONS) == 6 and all(s.paragraphs >= 1 for s in SECTIONS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Art. Hawkish declarations ¶4: balked", "has 3 paragraph(s)"),
        ("Art. Grass-roots mobilisation ¶1-3", "has 2 paragraph(s)"),
        ("Intro ¶2", "has 1 paragraph(s)"),
        ("Art. Hawkish decorations ¶1", "no section 'Hawkish decorations'"),
        ("Art. Changes in Baghdad ¶1 (x) and ¶4 (y)", "'Changes in Baghdad ¶4'"),
        ("as the article says, ¶2", "names no section"),
    ],
)
def test_a_citation_of_a_missing_section_or_paragraph_is_caught(text, expected):
    problems = citation_problems(text, SECTIONS)
    assert len(problems) == 1 and expected in problems[0], problems


def test_good_citations_pass():
    text = (
        "Art. Hot and cold ¶4; Grass-roots ¶2, Muhandis; Intro ¶1; Art. A defunct alliance ¶3; "
        "Art. Changes in Baghdad ¶1 (a) and ¶3 (b); Art. Hawkish declarations ¶2-3"
    )
    assert citation_problems(text, SECTIONS) == []


def test_every_parameter_source_cites_what_the_article_has():
    from sim.registry import parameters

    problems = [
        f"{p.key}: {problem}"
        for p in parameters().values()
        for problem in citation_problems(p.source, SECTIONS)
    ]
    assert not problems, "\n".join(problems)


def test_every_string_in_the_code_cites_what_the_article_has():
    problems = [
        problem
        for path in sorted((ROOT / "sim").rglob("*.py"))
        for problem in _problems(str(path.relative_to(ROOT)), _code_strings(path))
    ]
    assert not problems, "\n".join(problems)


def test_every_scenario_cites_what_the_article_has():
    problems = [
        problem
        for path in sorted((ROOT / "scenarios").glob("*.yaml"))
        for problem in _problems(path.name, _strings(yaml.safe_load(path.read_text("utf-8"))))
    ]
    assert not problems, "\n".join(problems)


def test_the_provenance_docs_cite_what_the_article_has():
    pages = [ROOT / "README.md", *(ROOT / "docs" / n for n in ("assumptions.md", "inference.md"))]
    problems = [
        problem
        for path in pages
        for block in path.read_text(encoding="utf-8").split("\n\n")
        for problem in _problems(path.name, [block])
    ]
    assert not problems, "\n".join(problems)
