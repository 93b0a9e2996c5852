"""Write docs/sources/article-structure.json from the source article in shared/source/.

The article sits outside the repository (../shared/source beside the clone); this copy of its
section headings and paragraph counts lets the citation test run without it.
"""

import json
import sys
from pathlib import Path

from sim.registry.citations import STRUCTURE_FILE, find_article, structure_record

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    article = find_article(ROOT)
    if article is None:
        sys.exit("gen_article_structure: shared/source/ not found beside the repository")
    record = structure_record(article.read_text(encoding="utf-8"))
    STRUCTURE_FILE.parent.mkdir(parents=True, exist_ok=True)
    STRUCTURE_FILE.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {STRUCTURE_FILE.relative_to(ROOT)} from {article}")
