"""Typer command functions for ``axis-sim sensitivity`` and ``axis-sim infer``.

A light module: SALib, pandas and the model are imported inside the functions (the work itself is
:mod:`sim.cli.pipelines`'). Register with ``app.command("sensitivity")(sensitivity_command)`` and
``app.command("infer")(infer_command)``.
Bad input prints a message on stderr and exits with status 2.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sim.batch.options import ExecutorName, RunOptions
from sim.cli.console import fail

if TYPE_CHECKING:
    from analysis.inference_report import InferenceResult
    from analysis.sensitivity import SensitivityResult


class SAMethod(StrEnum):
    morris = "morris"
    sobol = "sobol"


class ABCMethod(StrEnum):
    rejection = "rejection"


class DistanceName(StrEnum):
    graded = "graded"
    share = "share"


class TargetRole(StrEnum):
    all = "all"
    validation = "validation"
    calibration = "calibration"


Scenario = Annotated[str, typer.Argument(help="Bundled scenario name or YAML file.")]
Seed = Annotated[int | None, typer.Option(min=0, help="Seed (default: the scenario's).")]
Workers = Annotated[
    int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: CPUs).")
]
Executor = Annotated[ExecutorName, typer.Option(help="Where the runs go.")]
Force = Annotated[
    bool, typer.Option("--force", help="Replace earlier runs in --out, or write into any folder.")
]
MAX_N = 1_000_000  # --n: at most as many runs as a batch may hold


def _interrupted() -> typer.Exit:
    Console(stderr=True).print("Interrupted; the finished runs are in --out/runs.")
    return typer.Exit(130)


def sensitivity_command(
    scenario: Scenario,
    method: Annotated[SAMethod, typer.Option(help="Morris screening or Sobol' indices.")] = (
        SAMethod.morris
    ),
    n: Annotated[
        int | None,
        typer.Option(
            "--n",
            "-n",
            min=2,
            max=MAX_N,
            help="Morris trajectories (default 50) or Sobol' base sample, a power "
            "of two (default 256; runs = N·(k+2), k counting the chance factor).",
        ),
    ] = None,
    params: Annotated[
        list[str] | None,
        typer.Option("--params", help="Parameter key (repeatable; default: the uncertain ones)."),
    ] = None,
    outcome: Annotated[
        list[str] | None, typer.Option("--outcome", help="Outcome column (repeatable).")
    ] = None,
    seed: Seed = None,
    workers: Workers = None,
    executor: Executor = ExecutorName.process,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder (default results/sensitivity/NAME-METHOD-SEED)."),
    ] = None,
    chance: Annotated[
        bool, typer.Option(help="Make the random seed a factor of its own (chance).")
    ] = True,
    common_seeds: Annotated[
        bool,
        typer.Option(
            help="Design points share random numbers unless chance moves (else: "
            "every run its own seed)."
        ),
    ] = True,
    force: Force = False,
) -> None:
    """Global sensitivity of the outcomes to the parameters (Morris μ*, σ; Sobol' S1, ST).

    Examples:

      axis-sim sensitivity baseline --method morris --n 20 --out results/morris
    """
    from sim.batch.engine import BatchInputError
    from sim.cli.pipelines import run_sensitivity
    from sim.experiments.sensitivity import SensitivityConfig, SensitivityInputError
    from sim.scenario import ScenarioError

    config = SensitivityConfig(
        scenario=scenario,
        method=method.value,  # type: ignore[arg-type]
        n=n,
        params=params,
        outcomes=outcome,
        chance=chance,
        common_seeds=common_seeds,
        options=RunOptions(seed=seed, executor=executor, workers=workers, out=out, force=force),
    )
    try:
        result = run_sensitivity(config)
    except (SensitivityInputError, ScenarioError, BatchInputError) as exc:
        raise fail(str(exc)) from None
    except RuntimeError as exc:  # runs that failed
        raise fail(str(exc), 1) from None
    except KeyboardInterrupt:
        raise _interrupted() from None
    _print_sensitivity(result, method.value)


def _print_sensitivity(result: SensitivityResult, method: str) -> None:
    console = Console()
    main, conf = ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")
    grid = Table(title=f"Most influential parameter per outcome ({main}, ± 95 %)")
    for column in ("outcome", "parameter", main, "chance (seed)"):
        grid.add_column(column, overflow="fold")
    for outcome, rows in result.indices.groupby("outcome", sort=False):
        real, chance = rows[~rows["chance"]], rows[rows["chance"]]
        if real[main].notna().any():
            top = real.loc[real[main].idxmax()]
            value = f"{top[main]:.3g} ± {top[conf]:.2g}"
            floor = f"{chance[main].iloc[0]:.3g}" if len(chance) else "—"
            grid.add_row(str(outcome), str(top["parameter"]), value, floor)
        else:
            grid.add_row(str(outcome), "—", "undefined (constant outcome)", "—")
    console.print(grid)
    console.print(
        f"{result.runs:,} runs in {result.seconds:.0f} s. Indices: "
        f"{escape(str(result.out / 'indices.csv'))} (and .parquet); figures: "
        f"{escape(str(result.out / 'figures'))}; runs: {escape(str(result.out / 'runs'))}"
    )


def infer_command(
    scenario: Scenario = "baseline",
    method: Annotated[ABCMethod, typer.Option(help="ABC algorithm.")] = ABCMethod.rejection,
    n: Annotated[
        int, typer.Option("--n", "-n", min=10, max=MAX_N, help="Prior draws (one run each).")
    ] = 10_000,
    accept: Annotated[
        float, typer.Option(help="Share of the runs kept: those closest to history.")
    ] = 0.1,
    seed: Seed = None,
    params: Annotated[
        list[str] | None,
        typer.Option("--params", help="Parameter to infer (repeatable; default: four)."),
    ] = None,
    decisions: Annotated[
        bool, typer.Option(help="Also compare the decision points' historical choices.")
    ] = True,
    drop: Annotated[
        list[str] | None,
        typer.Option("--drop", help="Observable or decision point id to leave out (repeatable)."),
    ] = None,
    distance: Annotated[DistanceName, typer.Option(help="How a miss is counted.")] = (
        DistanceName.graded
    ),
    role: Annotated[
        TargetRole,
        typer.Option(
            help="History items compared: all, or only validation items (no parameter was set "
            "from them), or only calibration targets."
        ),
    ] = TargetRole.all,
    workers: Workers = None,
    executor: Executor = ExecutorName.process,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder (default results/inference/NAME-SEED)."),
    ] = None,
    force: Force = False,
    reuse: Annotated[
        bool,
        typer.Option(help="Re-analyse the runs already in --out (other --accept, --drop, ...)."),
    ] = False,
) -> None:
    """Which Iranian commitment makes the month as it happened likely? (ABC, Bayes factor)

    Examples:

      axis-sim infer baseline --n 2000 --out results/abc
    """
    from sim.batch.engine import BatchInputError
    from sim.cli.pipelines import run_inference
    from sim.experiments.inference import ROLES, InferenceConfig
    from sim.experiments.shared import InferenceInputError, SensitivityInputError
    from sim.scenario import ScenarioError

    config = InferenceConfig(
        scenario=scenario,
        method=method.value,
        n=n,
        accept=accept,
        params=params,
        decisions=decisions,
        drop=drop or (),
        roles=ROLES if role is TargetRole.all else (role.value,),
        graded=distance is DistanceName.graded,
        reuse=reuse,
        options=RunOptions(seed=seed, executor=executor, workers=workers, out=out, force=force),
    )
    try:
        result = run_inference(config)
    except (InferenceInputError, SensitivityInputError, ScenarioError, BatchInputError) as exc:
        raise fail(str(exc)) from None
    except RuntimeError as exc:  # runs that failed
        raise fail(str(exc), 1) from None
    except KeyboardInterrupt:
        raise _interrupted() from None
    _print_inference(result)


def _print_inference(result: InferenceResult) -> None:
    console = Console()
    grid = Table(title=f"Posterior ({result.bayes['posterior_runs']:,} of "
                 f"{result.bayes['prior_runs']:,} runs, ε = {result.epsilon:.3f})")  # fmt: skip
    grid.add_column("parameter", no_wrap=True)
    for column in ("prior", "mean", "median", "90 % interval"):
        grid.add_column(column, overflow="fold")
    for row in result.summary.itertuples():
        grid.add_row(
            row.parameter,
            row.prior,
            f"{row.posterior_mean:.3f}",
            f"{row.posterior_median:.3f}",
            f"{row.q05:.3f} – {row.q95:.3f}",
        )
    console.print(grid)
    b = result.bayes
    console.print(
        f"Bayes factor, pressure resisted : already let go = [bold]{_num(b['bayes_factor'])}[/] "
        f"(90 % bootstrap {_num(b['bf_q05'])} – {_num(b['bf_q95'])}); posterior counts "
        f"{b['posterior_a']} : {b['posterior_b']}, prior counts {b['prior_a']} : {b['prior_b']}."
    )
    roles = result.target_roles
    console.print(
        f"Targets: {sum(roles.values())} history items ({roles.get('validation', 0)} validation, "
        f"{roles.get('calibration', 0)} calibration: parameters were set from those; "
        "--role validation leaves them out)."
    )
    console.print(
        f"Files in {escape(str(result.out))}: posterior.csv, bayes_factor in inference.json, "
        f"robustness.csv, samples.parquet, figures/ ({result.seconds:.0f} s)."
    )


def _num(value: float) -> str:
    return "∞" if value == math.inf else f"{value:.2f}"
