"""Write the generated reference pages under docs/ (parameters, outcomes, decisions)."""

from pathlib import Path

from sim.registry.reference import PAGES

DOCS = Path(__file__).resolve().parent.parent / "docs"

if __name__ == "__main__":
    for name, render in PAGES.items():
        (DOCS / name).write_text(render(), encoding="utf-8")
        print(f"wrote docs/{name}")
