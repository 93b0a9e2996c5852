"""Write the generated reference pages under docs/ (parameters, outcomes, decisions), the
generated basis index inside docs/assumptions.md and the event-kinds table inside
docs/scenarios.md."""

from pathlib import Path

from sim.registry.reference import PAGES, splice_event_kinds, with_basis_index

DOCS = Path(__file__).resolve().parent.parent / "docs"

if __name__ == "__main__":
    for name, render in PAGES.items():
        (DOCS / name).write_text(render(), encoding="utf-8")
        print(f"wrote docs/{name}")
    assumptions = DOCS / "assumptions.md"
    assumptions.write_text(with_basis_index(assumptions.read_text("utf-8")), encoding="utf-8")
    print("updated the basis index in docs/assumptions.md")
    scenarios_md = DOCS / "scenarios.md"
    scenarios_md.write_text(splice_event_kinds(scenarios_md.read_text(encoding="utf-8")))
    print("wrote the event kinds in docs/scenarios.md")
