"""A batch in a process of its own, for the signal and concurrency tests (not a test module).

    python batch_driver.py OUT --seed S --runs N [--workers W] [--chunk C] [--resume]
                           [--executor process|sequential] [--fake]

Runs the bundled ``baseline`` scenario (the real model, or ``--fake``: quick rows that depend
on the seed and run only), prints the engine's message and exits with its exit code, as the
command line does: 2 for bad input (``BatchInputError``), 1 for chunks that could not run,
130 / 143 when SIGINT / SIGTERM stopped it.
"""

from __future__ import annotations

import argparse
import sys
import time
from types import SimpleNamespace

from sim.batch.engine import BatchConfig, BatchInputError, run_batch
from sim.run.seeding import model_seed


def fake_run(scenario, run, root_seed, timeseries=False):
    time.sleep(0.004)
    outcome = {"seed": model_seed(root_seed, run), "value": run * 0.5}
    decisions = [{"day": d, "choice": f"{root_seed}-{run}-{d}"} for d in range(run % 3)]
    return SimpleNamespace(outcome=outcome, decisions=decisions, timeseries=None)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=None)
    parser.add_argument("--executor", default="process")
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--fake", action="store_true")
    args = parser.parse_args(argv)
    config = BatchConfig(
        ["baseline"],
        out=args.out,
        runs=args.runs,
        seed=args.seed,
        workers=args.workers,
        chunk_size=args.chunk,
        executor=args.executor,
        resume=args.resume,
        progress=False,
        run_fn=fake_run if args.fake else None,
    )
    try:
        result = run_batch(config)
    except BatchInputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:  # stopped before the batch was under way
        print("interrupted before the batch started", file=sys.stderr)
        return 128 + getattr(exc, "signum", 2)
    if result.message:
        print(result.message, file=sys.stderr)
    print(f"status {result.status}")
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
