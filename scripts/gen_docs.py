"""Write the generated reference pages under docs/ (parameters, outcomes, decisions) and the
event-kinds table inside docs/scenarios.md."""

from pathlib import Path

from sim.registry.reference import PAGES, splice_event_kinds

DOCS = Path(__file__).resolve().parent.parent / "docs"

if __name__ == "__main__":
    for name, render in PAGES.items():
        (DOCS / name).write_text(render(), encoding="utf-8")
        print(f"wrote docs/{name}")
    scenarios_md = DOCS / "scenarios.md"
    scenarios_md.write_text(splice_event_kinds(scenarios_md.read_text(encoding="utf-8")))
    print("wrote the event kinds in docs/scenarios.md")
