"""The command-line examples of issue 14, through the real app (its group class catches what a
command lets escape): each gives exit 2 with one message naming the file or option, never a
traceback; folders that are not a command's own are refused unless --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest_analysis import write_batch
from typer.testing import CliRunner

from sim.cli.app import app
from sim.viz import server

runner = CliRunner()


def refused(args: list[str], *expected: str) -> str:
    result = runner.invoke(app, args, catch_exceptions=False)
    text = result.stdout + result.stderr
    assert result.exit_code == 2, text
    assert "Traceback" not in text
    for part in expected:
        assert part in text, text
    return text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "baseline", "--seed", "-1"], "--seed"),
        (["run", "baseline", "--run", "-1"], "--run"),
        (["run", ""], "give a scenario name"),
        (["validate", ""], "give a scenario name"),
        (["run", "x" * 300], "longer than the file system allows"),
        (["run", "baseline", "--set", "iran.commitment_to_assad=nan"], "iran.commitment_to_assad"),
        (["run", "baseline", "--set", "iran.commitment_to_assad=inf"], "finite number"),
        (["viz", "--port", "70000"], "--port"),
        (["viz", "--port", "-1"], "--port"),
        (["viz", "--port", "0"], "--port"),
        (["batch", "baseline", "--runs", "1000000000"], "--runs"),
        (["sensitivity", "baseline", "--method", "sobol", "--n", "1099511627776"], "--n"),
        (["sensitivity", "baseline", "--n", "0"], "--n"),
        (["infer", "baseline", "--n", "1099511627776"], "--n"),
    ],
)
def test_bad_values_exit_2_naming_the_option(args, expected):
    refused(args, expected)


def test_validate_an_impossible_date_names_file_line_and_field(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("name: x\ntitle: t\nquestion: q\nevents: []\nperiod: {end: 2031-02-30}\n")
    refused(["validate", str(path)], f"{path}, line 5: field 'period.end'")


def test_viz_refuses_an_empty_host_and_warns_off_loopback(capsys):
    with pytest.raises(SystemExit) as stop:
        server.check_address("", 8765)
    assert stop.value.code == 2 and "--host ''" in capsys.readouterr().err
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        server.check_address(host, 8765)
        assert capsys.readouterr().err == ""
    for host in ("0.0.0.0", "::", "192.168.1.5", "example.org"):
        server.check_address(host, 8765)
        assert "reachable from the network" in capsys.readouterr().err


def test_viz_command_refuses_an_empty_host():
    result = runner.invoke(app, ["viz", "--host", ""], catch_exceptions=False)
    assert result.exit_code == 2  # SystemExit(2) from the launcher, before anything listens


def test_batch_out_longer_than_the_file_system_allows(tmp_path):
    refused(["batch", "baseline", "--runs", "1", "--out", str(tmp_path / ("x" * 300))], "--out")


def test_batch_scheduler_that_is_not_an_address(tmp_path):
    refused(["batch", "baseline", "--scheduler", "notanaddress", "--out", str(tmp_path / "b")],
            "--scheduler")  # fmt: skip


def test_an_unexpected_error_in_a_command_is_one_message(monkeypatch):
    import sim.run.runner

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sim.run.runner, "build_model", broken)
    text = refused(["run", "baseline"], "axis-sim run baseline: RuntimeError: boom")
    assert text.count("boom") == 1


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hard")
    (root / "file.txt").write_text("not a folder")
    foreign = root / "foreign"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("someone else's work")
    corrupt = write_batch(root / "corrupt", {"baseline": 0.0}, runs=4)
    data = (corrupt / "outcomes.parquet").read_bytes()
    (corrupt / "outcomes.parquet").write_bytes(data[: len(data) // 2])
    bad_manifest = write_batch(root / "bad_manifest", {"baseline": 0.0}, runs=4)
    (bad_manifest / "manifest.json").write_text(json.dumps([]))
    good = write_batch(root / "good", {"baseline": 0.0}, runs=4)
    return {"root": root, "file": root / "file.txt", "foreign": foreign, "corrupt": corrupt,
            "bad_manifest": bad_manifest, "good": good}  # fmt: skip


@pytest.mark.parametrize("command", ["compare", "fidelity", "export"])
@pytest.mark.parametrize("folder", ["corrupt", "bad_manifest", "file"])
def test_analysis_of_a_corrupt_folder_exits_2(command, folder, places):
    refused([command, str(places[folder])])


def test_compare_out_refuses_a_file_and_a_foreign_folder_unless_forced(places, tmp_path):
    refused(["compare", str(places["good"]), "--out", str(places["file"])], "is a file")
    refused(["compare", str(places["good"]), "--out", str(places["file"] / "sub")], "--out")
    refused(["compare", str(places["good"]), "--out", str(places["foreign"])], "not empty")
    assert sorted(p.name for p in places["foreign"].iterdir()) == [".axis-sim.lock", "thesis.tex"]


def test_compare_out_with_force_writes_beside_the_foreign_file(places, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    result = runner.invoke(app, ["compare", str(places["good"]), "--out", str(foreign), "--force"])
    assert result.exit_code == 0, result.output + result.stderr
    assert (foreign / "report.md").exists() and (foreign / "notes.txt").read_text() == "keep me"
    again = runner.invoke(app, ["compare", str(places["good"]), "--out", str(foreign)])
    assert again.exit_code == 0  # its own report folder now


@pytest.mark.parametrize(
    "args",
    [
        ["sensitivity", "baseline", "--n", "2", "--out"],
        ["infer", "baseline", "--n", "10", "--out"],
        ["demo", "--runs", "1", "--out"],
    ],
)
def test_writers_refuse_a_foreign_folder_and_a_file(args, places):
    refused([*args, str(places["foreign"])], "not empty", "--force")
    refused([*args, str(places["file"])], "is a file")
    assert (places["foreign"] / "thesis.tex").read_text() == "someone else's work"
    assert not (places["foreign"] / "runs").exists()


def test_export_of_a_folder_missing_decisions_names_it(tmp_path):
    from sim.batch.engine import BatchConfig, run_batch

    out = tmp_path / "b"
    run_batch(BatchConfig(["baseline"], out=out, runs=2, executor="sequential", progress=False))
    (out / "decisions.parquet").unlink()
    refused(["export", str(out)], "decisions.parquet: missing")
