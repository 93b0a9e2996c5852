"""Run every bundled scenario in one seeded batch and write the results table into README.md.

    python scripts/update_readme_results.py [--workers 2] [--batch results/demo/batch]

By default it runs the same batch as `make demo` (DEMO_RUNS runs of every bundled scenario with
DEMO_SEED, from sim/cli/demo.py), so the README's numbers are those of the demo's report;
`--batch` reads an existing demo batch folder instead of running one. The block between the
`results:start` and `results:end` markers is replaced; nothing in it is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pandas as pd

from analysis.summary import definitions, markdown_table, over_members, scenario_summary
from sim.batch import BatchConfig, run_batch
from sim.batch.engine import BatchInputError
from sim.cli.demo import DEMO_RUNS, DEMO_SEED
from sim.scenario import bundled_scenarios, load_scenario

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"<!-- results:start -->.*?<!-- results:end -->", re.DOTALL)


def parse_args() -> argparse.Namespace:
    """The command line (defaults: the demo's runs and seed)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=DEMO_RUNS)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "readme")
    parser.add_argument("--batch", type=Path, default=None, help="read this batch folder instead")
    parser.add_argument(
        "--force", action="store_true", help="replace --out when it holds an outdated batch"
    )
    return parser.parse_args()


def results_block(table: str, runs: int, seed: int, intervals: str) -> str:
    """The README block: what the numbers are, how they were made, the table, the definitions."""
    command = "python scripts/update_readme_results.py"
    if (runs, seed) != (DEMO_RUNS, DEMO_SEED):
        command += f" --runs {runs} --seed {seed}"
    same = (
        "the same runs and seed as `make demo`, whose report shows these numbers"
        if (runs, seed) == (DEMO_RUNS, DEMO_SEED)
        else "not the demo's runs and seed"
    )
    meanings = "\n".join(f"- {line}" for line in definitions())
    return (
        "<!-- results:start -->\n"
        f"{runs} seeded runs of each bundled scenario (batch seed {seed}; {same}), produced by "
        f"`{command}`. Each counterfactual changes one thing from the baseline "
        "(`axis-sim scenarios` gives each one's question); runs are paired across scenarios by "
        "common random numbers. In brackets: for probabilities the "
        f"{intervals}; for dates and counts the range of 90 % of the runs.\n\n"
        f"{table}\n{meanings}\n<!-- results:end -->"
    )


def main() -> int:
    args = parse_args()
    names = [p.stem for p in bundled_scenarios()]
    folder = args.batch
    if folder is None:
        folder = args.out
        config = BatchConfig(
            scenarios=names, runs=args.runs, seed=args.seed, out=folder, workers=args.workers,
            resume=not args.force, force=args.force,
        )  # fmt: skip
        try:
            result = run_batch(config)
        except BatchInputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if result.exit_code != 0:
            print(f"batch ended with status {result.status}; README not changed", file=sys.stderr)
            return result.exit_code
    outcomes = pd.read_parquet(folder / "outcomes.parquet")
    runs = int(outcomes.groupby("scenario").size().min())
    seed = int(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["seed"])
    start = load_scenario("baseline").period.start
    intervals = over_members(outcomes)
    table = markdown_table(scenario_summary(outcomes, start, names, intervals))
    readme = ROOT / "README.md"
    block = results_block(table, runs, seed, intervals.description)
    readme.write_text(
        BLOCK.sub(lambda _: block, readme.read_text(encoding="utf-8")), encoding="utf-8"
    )
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
