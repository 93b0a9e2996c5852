"""``axis-sim compare --given-history`` on a small real batch: the pairs kept really matched
history before the branch date, the effect is over them only, and bad inputs exit 2."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner, Result

from analysis.compare import horizons
from analysis.folder import load_batch
from analysis.given_history import given_history
from analysis.survival import with_days_standing
from sim.batch.engine import BatchConfig, run_batch
from sim.cli.analysis_commands import compare_command, fidelity_command
from sim.experiments.matching import matches, timed_points
from sim.run.runner import run_once
from sim.scenario import load_scenario

RUNS, SEED = 40, 11
SCENARIOS = ("baseline", "iraq_sends_army", "pmf_chairman_deploys", "iran_all_in")
BRANCH = {"iraq_sends_army": dt.date(2024, 12, 4), "pmf_chairman_deploys": dt.date(2024, 12, 2)}

app = typer.Typer()
app.command("compare")(compare_command)
app.command("fidelity")(fidelity_command)  # two commands: "compare" is a sub-command
runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("given") / "batch"
    config = BatchConfig(
        list(SCENARIOS),
        out=out,
        runs=RUNS,
        seed=SEED,
        executor="sequential",
        progress=False,
        timeseries=True,
    )
    assert run_batch(config).status == "complete"
    return out


@pytest.fixture(scope="module")
def result(folder):
    batch = load_batch(folder)
    return given_history(batch, "baseline", with_days_standing(batch.outcomes, horizons(batch)))


def test_the_batch_tables_agree_before_the_branch_date(folder):
    """The byte-identity of tests/experiments/test_branching.py, read back from the batch files."""
    batch = load_batch(folder)
    for name, branch in BRANCH.items():
        for table in (batch.decisions, batch.timeseries):
            dates = pd.to_datetime(table["date"])
            before = table[dates < pd.Timestamp(branch)]

            def rows(scenario: str, before: pd.DataFrame = before) -> pd.DataFrame:
                own = before[before["scenario"] == scenario]
                return own.drop(columns="scenario").reset_index(drop=True)

            ours, theirs = rows("baseline"), rows(name)
            assert len(ours) > 0
            pd.testing.assert_frame_equal(ours, theirs)


def test_a_share_of_pairs_is_kept_and_parameter_changes_keep_all(result):
    summary = result.summary().set_index("scenario")
    for name in BRANCH:
        assert 0 < summary.loc[name, "share_kept"] <= 1
        assert summary.loc[name, "n_pairs"] == RUNS
        assert summary.loc[name, "branch_date"] == BRANCH[name].isoformat()
    assert summary.loc["iran_all_in", "share_kept"] == 1.0
    # Army on 4 Dec conditions on more history than the PMF order on 2 Dec: fewer pairs kept
    assert summary.loc["iraq_sends_army", "n_kept"] <= summary.loc["pmf_chairman_deploys", "n_kept"]


@pytest.mark.parametrize("name", sorted(BRANCH))
def test_the_kept_pairs_match_history_before_d_recomputed_from_fresh_runs(result, name):
    """Re-run each baseline run and score it with the scenario's own rules, independently."""
    baseline = load_scenario("baseline")
    day = baseline.day_of(BRANCH[name])
    points = [p for p in timed_points(baseline.resolved()) if p.last_day < day]
    settled = [  # dated observables (a day index) whose historical range ends before D
        o
        for o in baseline.observables
        if (o.outcome.startswith("fall_day_") or o.outcome.endswith("_day"))
        and o.range is not None
        and o.range[1] < day
    ]
    assert points and [o.id for o in settled] == ["aleppo_falls"]
    kept = result.kept[result.kept["scenario"] == name].set_index("run")["kept"]
    assert 0 < kept.sum() < RUNS  # both kinds of pair are checked
    for run in range(RUNS):
        fresh = run_once(baseline, run, SEED)
        followed = all(matches(fresh.decisions, p) for p in points) and all(
            o.matches(fresh.outcome[o.outcome]) for o in settled
        )
        assert bool(kept[run]) == followed, f"run {run}"


def test_the_effect_is_over_the_kept_pairs_only(folder, result):
    outcomes = pd.read_parquet(folder / "outcomes.parquet")
    kept = result.kept[(result.kept["scenario"] == "iraq_sends_army") & result.kept["kept"]]
    runs = kept["run"].tolist()

    def collapsed(scenario: str) -> np.ndarray:
        rows = outcomes[outcomes["scenario"] == scenario].set_index("run")
        return rows.loc[runs, "regime_collapsed"].to_numpy(dtype=float)

    row = result.effects.set_index(["scenario", "outcome"]).loc[
        ("iraq_sends_army", "regime_collapsed")
    ]
    expected = (collapsed("iraq_sends_army") - collapsed("baseline")).mean()
    assert row["n_kept"] == len(runs) and row["n_compared"] == len(runs)
    assert row["mean_diff"] == pytest.approx(expected)
    assert row["ci_low"] <= row["mean_diff"] <= row["ci_high"]


def test_the_command_prints_the_table_and_the_report_has_the_section(folder, tmp_path):
    out = tmp_path / "r"
    args = ["compare", str(folder), "--given-history", "--no-discover", "--out", str(out)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "Given history before D" in done.output and "iraq_sends_army" in done.output
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Effects given history before the branch date" in report
    assert (out / "given_history.csv").exists() and (out / "given_history_pairs.csv").exists()


def copy_of(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


def copy_with_manifest(folder: Path, tmp_path: Path, change: Callable[[dict], None]) -> Path:
    """A copy of the batch whose manifest ``change`` has edited in place."""
    broken = copy_of(folder, tmp_path)
    path = broken / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))
    return broken


def compare_given_history(folder: Path) -> Result:
    return runner.invoke(app, ["compare", str(folder), "--given-history", "--no-discover"])


def test_a_counterfactual_without_a_baseline_run_exits_2_naming_it(folder, tmp_path):
    broken = copy_of(folder, tmp_path)
    outcomes = pd.read_parquet(broken / "outcomes.parquet")
    army = outcomes["scenario"] == "iraq_sends_army"
    outcomes.loc[army, "run"] += 1000  # no baseline run shares these indices
    outcomes.to_parquet(broken / "outcomes.parquet")
    done = compare_given_history(broken)
    assert done.exit_code == 2
    assert "'iraq_sends_army' has no baseline run to pair with" in done.output


def test_no_pair_kept_exits_2_naming_the_scenario(folder, tmp_path):
    def aleppo_on_day_0(manifest: dict) -> None:
        for observable in manifest["scenarios"]["baseline"]["resolved"]["observables"]:
            if observable["id"] == "aleppo_falls":
                observable["range"] = [0, 0]  # Aleppo never falls on day 0: no run matches

    done = compare_given_history(copy_with_manifest(folder, tmp_path, aleppo_on_day_0))
    assert done.exit_code == 2
    assert "no pair of 'iraq_sends_army' and 'baseline' matched history" in done.output


def test_a_batch_without_counterfactuals_exits_2(tmp_path):
    out = tmp_path / "alone"
    run_batch(
        BatchConfig(["baseline"], out=out, runs=3, seed=1, executor="sequential", progress=False)
    )
    done = compare_given_history(out)
    assert done.exit_code == 2
    assert "holds no counterfactual" in done.output


def test_a_manifest_without_resolved_scenarios_exits_2(folder, tmp_path):
    def drop_resolved(manifest: dict) -> None:
        del manifest["scenarios"]["pmf_chairman_deploys"]["resolved"]

    done = compare_given_history(copy_with_manifest(folder, tmp_path, drop_resolved))
    assert done.exit_code == 2
    assert "no resolved scenario for 'pmf_chairman_deploys'" in done.output
