"""Run every bundled scenario in one seeded batch and write the results table into README.md.

    python scripts/update_readme_results.py [--runs 300] [--seed 2024] [--workers 2]

The block between the `results:start` and `results:end` markers is replaced; nothing in it is
typed by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from analysis.summary import markdown_table, scenario_summary
from sim.batch import BatchConfig, run_batch
from sim.scenario import bundled_scenarios, load_scenario

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"<!-- results:start -->.*?<!-- results:end -->", re.DOTALL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "readme")
    args = parser.parse_args()
    names = [p.stem for p in bundled_scenarios()]
    result = run_batch(
        BatchConfig(
            scenarios=names,
            runs=args.runs,
            seed=args.seed,
            out=args.out,
            workers=args.workers,
            resume=True,
        )
    )
    if result.exit_code != 0:
        print(f"batch ended with status {result.status}; README not changed", file=sys.stderr)
        return result.exit_code
    outcomes = pd.read_parquet(args.out / "outcomes.parquet")
    start = load_scenario("baseline").period.start
    table = markdown_table(scenario_summary(outcomes, start, names))
    command = f"python scripts/update_readme_results.py --runs {args.runs} --seed {args.seed}"
    block = (
        "<!-- results:start -->\n"
        f"{args.runs} seeded runs of each bundled scenario (batch seed {args.seed}), produced by "
        f"`{command}`. Each counterfactual changes one thing from the baseline "
        "(`axis-sim scenarios` gives each one's question); runs are paired across scenarios by "
        "common random numbers.\n\n"
        f"{table}<!-- results:end -->"
    )
    readme = ROOT / "README.md"
    readme.write_text(BLOCK.sub(block, readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
