"""The analysis of an ABC's runs (:mod:`sim.experiments.inference`): accept, summarise, weigh
the two readings, check robustness and write the files (``docs/inference.md``)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis import inference as inf

if TYPE_CHECKING:
    from sim.experiments.inference import InferenceConfig, Target

BOOTSTRAP_STREAM = 0x0B00
ROBUSTNESS_SHARES = (0.02, 0.05, 0.1, 0.2)


@dataclass
class InferenceResult:
    out: Path
    samples: pd.DataFrame  # every run: parameters, outcomes, distance, accepted, regions
    summary: pd.DataFrame
    bayes: dict[str, Any]
    robustness: pd.DataFrame
    related: str | None
    epsilon: float
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)
    target_roles: dict[str, int] = field(default_factory=dict)  # targets used, by role


def analyse(
    table: pd.DataFrame,
    targets: Sequence[Target],
    bounds: dict[str, tuple[float, float]],
    config: InferenceConfig,
    seed: int,
) -> InferenceResult:
    """Distances, acceptance, posterior, Bayes factor (bootstrapped) and robustness."""
    dist = inf.distance_matrix(table, targets, config.graded)
    distance = dist.to_numpy().mean(axis=1)
    accepted, epsilon = inf.accept_closest(distance, config.accept)
    regions = {name: fn(table) for name, (fn, _) in inf.REGIONS.items()}
    a, b = regions["pressure_resisted"], regions["already_let_go"]
    bayes = inf.bayes_factor(a, b, accepted)
    boot = (
        inf.bootstrap_bayes_factor(
            distance,
            a,
            b,
            config.accept,
            np.random.default_rng([seed, BOOTSTRAP_STREAM]),
            config.bootstrap,
        )
        if config.bootstrap
        else np.array([])
    )
    low, high = inf.interval(boot)
    bayes |= {
        "bootstrap_resamples": len(boot),
        "bf_q05": low,
        "bf_q95": high,
        "epsilon": epsilon,
        "accept": config.accept,
        "distance": _distance_name(config),
    }
    samples = table.assign(distance=distance, accepted=accepted, **regions)
    samples = pd.concat([samples, dist.add_prefix("d:")], axis=1)
    summary = inf.posterior_summary(table, accepted, bounds)
    related = inf.most_related(table, accepted, list(bounds))
    rob = robustness(table, targets, bounds, config, seed)
    return InferenceResult(Path(config.options.out), samples, summary, bayes, rob, related, epsilon)


def _distance_name(config: InferenceConfig) -> str:
    return "graded" if config.graded else "share"


def robustness(
    table: pd.DataFrame,
    targets: Sequence[Target],
    bounds: dict[str, tuple[float, float]],
    config: InferenceConfig,
    seed: int,
) -> pd.DataFrame:
    """The answer under other choices: target sets, distances, acceptance shares and priors."""
    sets = {"all targets": list(targets)}
    sets["observables only"] = [t for t in targets if t.kind == "observable"]
    sets["without Iran's own choices"] = [t for t in targets if t.actor != "iran"]
    priors = {"registry": np.ones(len(table), dtype=bool)}
    support = _scenario_support(config)
    if support is not None:
        c = table[inf.COMMITMENT].to_numpy(dtype=float)
        priors[f"commitment in [{support[0]:g}, {support[1]:g}]"] = (c >= support[0]) & (
            c <= support[1]
        )
    rows = []
    for set_name, chosen in sets.items():
        if not chosen:
            continue
        for graded in (True, False):
            d_all = inf.distance_matrix(table, chosen, graded).to_numpy().mean(axis=1)
            for prior_name, keep in priors.items():
                for share in ROBUSTNESS_SHARES:
                    rows.append(
                        _robustness_row(table[keep], d_all[keep], share)
                        | {
                            "targets": set_name,
                            "n_targets": len(chosen),
                            "distance": "graded" if graded else "share",
                            "prior": prior_name,
                        }
                    )
    first = ["targets", "n_targets", "distance", "prior", "accept"]
    frame = pd.DataFrame(rows)
    return frame[first + [c for c in frame.columns if c not in first]]


def _robustness_row(table: pd.DataFrame, distance: np.ndarray, share: float) -> dict:
    if not len(table):
        return {"accept": share, "runs": 0}
    accepted, eps = inf.accept_closest(distance, share)
    a, b = inf.pressure_resisted(table), inf.already_let_go(table)
    bf = inf.bayes_factor(a, b, accepted)
    post = table.loc[accepted, inf.COMMITMENT].to_numpy(dtype=float)
    q05, q95 = np.percentile(post, [5, 95])
    return {
        "accept": share,
        "runs": len(table),
        "accepted": int(accepted.sum()),
        "epsilon": eps,
        "commitment_mean": float(post.mean()),
        "commitment_q05": float(q05),
        "commitment_q95": float(q95),
        "p_resisted": bf["posterior_a"] / bf["posterior_runs"],
        "p_let_go": bf["posterior_b"] / bf["posterior_runs"],
        "bayes_factor": bf["bayes_factor"],
        "posterior_a": bf["posterior_a"],
        "posterior_b": bf["posterior_b"],
    }


def _scenario_support(config: InferenceConfig) -> tuple[float, float] | None:
    dist = getattr(config.scenario, "uncertainty", {}).get(inf.COMMITMENT)
    return None if dist is None else dist.support()


def write_outputs(
    result: InferenceResult,
    scenario: str,
    targets: Sequence[Target],
    bounds: dict[str, tuple[float, float]],
    config: InferenceConfig,
    seed: int,
) -> list[Path]:
    """samples.parquet, posterior.{parquet,csv}, robustness.csv, bayes_factor.json, figures."""
    from analysis.inference_plots import plot_acceptance, plot_marginals, plot_pairs

    out = result.out
    (out / "figures").mkdir(parents=True, exist_ok=True)
    files = [out / n for n in ("samples.parquet", "posterior.parquet", "posterior.csv")]
    result.samples.to_parquet(files[0], index=False)
    result.summary.to_parquet(files[1], index=False)
    result.summary.to_csv(files[2], index=False)
    files.append(out / "robustness.csv")
    result.robustness.to_csv(files[-1], index=False)
    figures = {
        "marginals": plot_marginals(result.samples, bounds, scenario),
        "pairs": plot_pairs(result.samples, result.related, bounds, scenario),
        "acceptance_by_commitment": plot_acceptance(result.samples, bounds, scenario),
    }
    for name, figure in figures.items():
        files.append(out / "figures" / f"{name}.png")
        figure.savefig(files[-1], dpi=150)
    meta = {
        "scenario": scenario,
        "method": config.method,
        "runs": len(result.samples),
        "seed": seed,
        "priors": {k: {"dist": "uniform", "low": lo, "high": hi} for k, (lo, hi) in bounds.items()},
        "targets": [{"id": t.id, "kind": t.kind, "column": t.column} for t in targets],
        "regions": {name: text for name, (_, text) in inf.REGIONS.items()},
        "bayes_factor": {k: _json_number(v) for k, v in result.bayes.items()},
        "most_related": result.related,
        "seconds": round(result.seconds, 1),
    }
    files.append(out / "inference.json")
    files[-1].write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return files


def _json_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value
