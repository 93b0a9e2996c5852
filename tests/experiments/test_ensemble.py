"""The history-matched ensemble: ABC-SMC recovers a known parameter, files, scenarios using it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.batch.options import ExecutorName, RunOptions
from sim.cli.app import app
from sim.experiments.calibration import TargetScorer
from sim.experiments.ensemble import (
    EnsembleConfig,
    Population,
    fit_ensemble,
    prior_of,
    progressing,
)
from sim.run.runner import run_once
from sim.run.sampling import draw_parameters
from sim.scenario import Observable, ScenarioError, Uniform, load_scenario
from sim.scenario.ensemble_file import ess, read_ensemble, write_ensemble

# Hama falls later the slower the offensive advances. (front.cohesion_initial no longer serves:
# with the front on history's days, cohesions from 0.35 to 0.5 all give Damascus on 8 Dec.)
PACE = "front.advance_km_per_day"
LOW, HIGH = 15.0, 45.0


def synthetic_history(scenario, truth: float, runs: int = 6) -> TargetScorer:
    """The day Hama falls at the true pace, ±1 day, as the one calibration target."""
    days = [
        run_once(scenario, r, 99, overrides={PACE: truth}).outcome["fall_day_hama"]
        for r in range(runs)
    ]
    median = float(np.median(days))
    target = Observable(
        id="synthetic", outcome="fall_day_hama", range=(median - 1, median + 1), source="test"
    )
    return TargetScorer(points=(), observables=(target,))


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x)
    cumulative = np.cumsum(w[order]) / w.sum()
    return float(x[order][np.searchsorted(cumulative, q)])


@pytest.mark.parametrize("truth", [20.0, 38.0])
def test_abc_smc_moves_the_posterior_towards_the_truth(tmp_path: Path, truth: float) -> None:
    base = load_scenario("baseline")
    scenario = base.model_copy(
        update={"uncertainty": {PACE: Uniform(dist="uniform", low=LOW, high=HIGH)}}
    )
    scorer = synthetic_history(scenario, truth)
    options = RunOptions(out=tmp_path, seed=5, workers=2, progress=False)
    config = EnsembleConfig(scenario, options, population=16, generations=3, runs=2)
    config.scorer = scorer
    result = fit_ensemble(config)
    last = result.last
    x, w = last.values[:, 0], last.weights
    posterior_mean = float(np.sum(x * w))
    prior_mean = (LOW + HIGH) / 2
    assert abs(posterior_mean - truth) < abs(prior_mean - truth)
    assert weighted_quantile(x, w, 0.05) <= truth <= weighted_quantile(x, w, 0.95)
    epsilons = [p.epsilon for p in result.populations]
    assert epsilons[0] == np.inf and epsilons[1] >= epsilons[2]


def test_ess_and_acceptance_on_a_hand_checked_example() -> None:
    assert ess([1, 1, 2]) == pytest.approx(16 / 6)  # (1+1+2)^2 / (1+1+4)
    assert ess([0.25] * 4) == pytest.approx(4.0)
    population = Population(
        values=np.zeros((2, 1)),
        weights=np.array([0.75, 0.25]),
        distances=np.array([0.1, 0.2]),
        epsilon=0.3,
        proposed=8,
        runs=16,
        seconds=0.0,
    )
    summary = population.summary(1)
    assert summary["acceptance_rate"] == pytest.approx(2 / 8)
    assert summary["ess"] == pytest.approx(1 / (0.75**2 + 0.25**2))  # 1.6


def test_epsilon_falls_below_a_tie_with_the_worst_distance() -> None:
    distances = np.array([0.0, 0.25, 1.0, 1.0, 1.0])
    assert progressing(1.0, distances) == 0.25  # the median is the worst: it would accept all
    assert progressing(0.6, distances) == 0.6  # a quantile below the worst is kept
    assert progressing(1.0, np.ones(3)) == 1.0  # nothing smaller: unchanged


def test_priors_are_the_scenarios_distributions() -> None:
    scenario = load_scenario("baseline")
    prior = prior_of(scenario)
    assert sorted(prior.keys()) == scenario.inferred_keys
    assert "context.russian_air_support" not in prior  # a choice: a nuisance, drawn per run
    assert prior.pdf({k: 0.0 for k in prior}) == 0.0  # outside the supports
    tri = scenario.uncertainty["iran.exasperation_with_assad"]  # triangular 0.3, 0.6, 0.9
    assert prior["iran.exasperation_with_assad"].pdf(tri.mode) == pytest.approx(1 / 0.3)


def write_two_members(path: Path, keys: list[str]) -> None:
    rows = [
        {"weight": 9.0, "distance": 0.1, "values": dict.fromkeys(keys, 0.5)},
        {"weight": 1.0, "distance": 0.2, "values": dict.fromkeys(keys, 0.7)},
    ]
    write_ensemble(path, {"scenario": "baseline", "seed": 1}, keys, rows)


def test_ensemble_file_round_trips(tmp_path: Path) -> None:
    keys = ["a.x", "b.y"]
    write_two_members(tmp_path / "e.json", keys)
    ensemble = read_ensemble(tmp_path / "e.json")
    assert ensemble.keys == tuple(keys)
    assert ensemble.weights == pytest.approx((0.9, 0.1))
    assert ensemble.member(1) == {"a.x": 0.7, "b.y": 0.7}
    assert ensemble.header["seed"] == 1
    assert json.loads((tmp_path / "e.json").read_text())["size"] == 2


def scenario_with_ensemble(tmp_path: Path, keys: list[str], extra: str = "") -> Path:
    write_two_members(tmp_path / "e.json", keys)
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: baseline.yaml\nname: with_ensemble\nensemble: e.json\n{extra}")
    return path


def test_a_scenario_draws_its_runs_from_the_ensemble(tmp_path: Path) -> None:
    keys = load_scenario("baseline").inferred_keys
    scenario = load_scenario(scenario_with_ensemble(tmp_path, keys))
    draws = [draw_parameters(scenario, 7, run) for run in range(200)]
    firsts = [d[keys[0]] for d in draws]
    assert set(firsts) == {0.5, 0.7}
    assert 160 <= firsts.count(0.5) <= 195  # weight 0.9
    assert {d["context.russian_air_support"] for d in draws} == {0.2, 0.3, 0.4}  # still drawn
    assert draws == [draw_parameters(scenario, 7, run) for run in range(200)]  # seeded
    row = run_once(scenario, 3, 7).outcome
    assert row[keys[0]] == [0.5, 0.7][row["ensemble_member"]]


def test_parameters_history_cannot_inform_stay_drawn_from_their_priors(tmp_path: Path) -> None:
    """`infer: false` (levers the baseline never pulls): no ensemble holds them, and every run
    under an ensemble still draws them afresh from their priors."""
    baseline = load_scenario("baseline")
    dormant = sorted(
        k for k, d in baseline.uncertainty.items() if getattr(d, "infer", True) is False
    )
    assert "front.army_value" in dormant and "deployment.army_delay_days" in dormant
    assert not set(dormant) & set(baseline.inferred_keys)
    assert not set(dormant) & set(read_ensemble(baseline.ensemble).keys)
    scenario = load_scenario(scenario_with_ensemble(tmp_path, baseline.inferred_keys))
    draws = [draw_parameters(scenario, 7, run) for run in range(50)]
    for key in dormant:
        prior = baseline.uncertainty[key]
        values = [d[key] for d in draws]
        assert len(set(values)) == 50 and all(prior.low <= v <= prior.high for v in values)


def test_a_counterfactual_keeps_the_value_it_fixes(tmp_path: Path) -> None:
    keys = load_scenario("baseline").inferred_keys
    extra = "parameters: {iran.commitment_to_assad: 0.9}\n"
    scenario = load_scenario(scenario_with_ensemble(tmp_path, keys, extra))
    drawn = draw_parameters(scenario, 7, 0)
    assert "iran.commitment_to_assad" not in drawn  # the scenario's 0.9 is used, not a member's
    assert drawn["iran.exasperation_with_assad"] in (0.5, 0.7)


def test_a_missing_or_mismatched_ensemble_is_named(tmp_path: Path) -> None:
    path = scenario_with_ensemble(tmp_path, ["iran.commitment_to_assad"])
    load_scenario(path)  # fitted to the baseline: the parameters it lacks come from the priors
    rows = [{"weight": 1.0, "distance": 0.1, "values": {"iran.commitment_to_assad": 0.5}}]
    header = {"scenario": "with_ensemble", "seed": 1}  # fitted to this very scenario: stale
    write_ensemble(tmp_path / "e.json", header, ["iran.commitment_to_assad"], rows)
    with pytest.raises(ScenarioError, match=r"s\.yaml: field 'ensemble'.*lacks"):
        load_scenario(path)
    write_two_members(tmp_path / "e.json", ["iran.commitment_to_assad", "iran.pragmatism"])
    with pytest.raises(ScenarioError, match=r"holds iran\.pragmatism, not uncertain"):
        load_scenario(path)
    (tmp_path / "e.json").unlink()
    with pytest.raises(ScenarioError, match=r"field 'ensemble'.*e\.json: no such ensemble file"):
        load_scenario(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2


def test_the_command_writes_an_ensemble_file(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    args = ["ensemble", "baseline", "--out", str(out), "--work", str(tmp_path / "w")]
    args += ["-n", "5", "--generations", "2", "--runs", "1", "--seed", "2"]
    args += ["--executor", ExecutorName.sequential.value]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["size"] == 5 and data["library"]["name"] == "pyabc"
    assert [g["t"] for g in data["generations"]] == [0, 1]
    assert data["epsilon_schedule"][0] is None and data["epsilon_schedule"][1] > 0
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 2 and "exists" in again.output


def test_resume_reads_the_finished_batches_back(tmp_path: Path) -> None:
    work = tmp_path / "w"
    args = ["ensemble", "baseline", "--work", str(work), "-n", "5", "--generations", "2"]
    args += ["--runs", "1", "--seed", "4", "--executor", "sequential"]
    first = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "a.json")])
    assert first.exit_code == 0, first.output
    stamps = {p: p.stat().st_mtime_ns for p in sorted(work.glob("gen-*/outcomes.parquet"))}
    again = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "b.json"), "--resume"])
    assert again.exit_code == 0, again.output
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps  # nothing was run again
    a, b = (json.loads((tmp_path / f).read_text()) for f in ("a.json", "b.json"))
    assert a["members"] == b["members"]
    refused = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "c.json")])
    assert refused.exit_code == 2 and "--resume" in refused.output


def test_show_names_the_ensemble(tmp_path: Path) -> None:
    keys = load_scenario("baseline").inferred_keys
    path = scenario_with_ensemble(tmp_path, keys)
    result = CliRunner().invoke(app, ["show", str(path)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "ensemble:" in text and "e.json" in text and "drawn instead" in text
