"""Write the generated reference pages under docs/ (parameters, outcomes, decisions) and the
generated basis index inside docs/assumptions.md."""

from pathlib import Path

from sim.registry.reference import PAGES, with_basis_index

DOCS = Path(__file__).resolve().parent.parent / "docs"

if __name__ == "__main__":
    for name, render in PAGES.items():
        (DOCS / name).write_text(render(), encoding="utf-8")
        print(f"wrote docs/{name}")
    assumptions = DOCS / "assumptions.md"
    assumptions.write_text(with_basis_index(assumptions.read_text("utf-8")), encoding="utf-8")
    print("updated the basis index in docs/assumptions.md")
