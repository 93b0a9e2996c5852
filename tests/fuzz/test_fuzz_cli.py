"""Fuzz: argument vectors for ``axis-sim``, in this process through typer's ``CliRunner`` (the
app's own group class catches what a command lets escape, as the console script does), plus a
handful of real subprocess calls.

Asserts for every vector: exit 0, or exit 2 with a message on stderr; never an exception out of
the app (``catch_exceptions=False``), never a traceback in the output, never past the time
bound. Commands that would start real work (``batch``, ``sensitivity``, ``infer``, ``demo``,
``viz``) always get one argument that must be refused before any run (a "poison"), so that
every vector finishes in well under a second or two.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest_analysis import write_batch
from fuzzing import Hang, Tally, time_bound
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sim.cli.app import app

pytestmark = pytest.mark.slow

VECTORS = 170
runner = CliRunner()

ODD = [
    "",
    " ",
    "-1",
    "0",
    "1",
    "2",
    "70000",
    "65536",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "1099511627776",
    "x" * 300,
    "/",
    ".",
    "..",
    "/dev/null",
    "--",
    "-",
    "ünïcode",
    "a=b",
    "baseline",
    "iran_all_in",
    "@NONE",
    "@FILE",
    "@DIR",
    "@FOREIGN",
    "@BATCH",
    "@CORRUPT",
]
BAD_REFS = ["", " ", "/", ".", "..", "x" * 300, "@NONE", "@FILE", "@DIR", "no_such_scenario"]
SETS = [
    "iran.commitment_to_assad=nan",
    "iran.commitment_to_assad=inf",
    "iran.zeal=0.5",
    "iran.commitment_to_assad=0.7",
    "=",
    "x",
    "iran.commitment_to_assad=-1e400",
]

LIGHT = {  # command: options it takes (each may be given an odd value)
    "run": ["--seed", "--run", "--set"],
    "validate": [],
    "params": [],
    "scenarios": [],
    "export": ["--out", "--format"],
    "compare": ["--baseline", "--out"],
    "fidelity": [],
}
POISON = {  # command: arguments refused before any work
    "batch": [["--runs", "0"], ["--runs", "1000000000"], ["--seed", "-1"], ["--workers", "0"]],
    "sensitivity": [["--n", "0"], ["--n", "1099511627776"], ["--seed", "-1"], ["-w", "0"]],
    "infer": [["--n", "1"], ["--n", "1099511627776"], ["--seed", "-1"], ["-w", "0"]],
    "demo": [["--runs", "0"], ["--workers", "0"], ["--out", "@FILE"]],
    "viz": [["--port", "70000"], ["--port", "0"], ["--port", "-1"], ["--host", ""]],
}
HEAVY_OPTIONS = {
    "batch": ["--out", "--seed", "--runs", "--scheduler", "--executor"],
    "sensitivity": ["--out", "--method", "--params", "--outcome", "--set"],
    "infer": ["--out", "--accept", "--params", "--drop"],
    "demo": ["--out"],
    "viz": ["--host", "--port"],
}


@st.composite
def argv(draw: st.DrawFn) -> list[str]:
    """An argument vector: a command, odd positionals and options, and a poison if heavy."""
    command = draw(st.sampled_from(sorted(LIGHT) + sorted(POISON) + ["nope", "--help"]))
    words = [command]
    # compare on a good batch draws every figure (seconds): covered by tests/cli instead
    value = st.sampled_from([w for w in ODD if command != "compare" or w != "@BATCH"])
    if command in LIGHT:
        words += draw(st.lists(value, max_size=2))
        for option in draw(st.lists(st.sampled_from(LIGHT[command] or ["--x"]), max_size=3)):
            words += [option, draw(st.sampled_from(SETS) if option == "--set" else value)]
        if command == "run" and words[1:2] and words[1] in ("baseline", "iran_all_in", "1", "a=b"):
            words.append(draw(st.sampled_from(["--seed", "--run"])))  # keep runs to one each
            words.append(draw(st.sampled_from(["-1", "nan", "1e309", "x"])))
    elif command in POISON:
        early = draw(st.booleans()) and command in ("batch", "sensitivity", "infer")
        words.append(draw(st.sampled_from(BAD_REFS)) if early else "baseline")
        for option in draw(st.lists(st.sampled_from(HEAVY_OPTIONS[command]), max_size=2)):
            words += [option, draw(value)]
        if not early:
            words += draw(st.sampled_from(POISON[command]))
    else:
        words += draw(st.lists(value, max_size=2))
    return words


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    """The folders and files the ``@NAME`` placeholders stand for."""
    root = tmp_path_factory.mktemp("argv")
    (root / "file.txt").write_text("not a folder")
    (root / "dir").mkdir()
    (root / "foreign").mkdir()
    (root / "foreign" / "thesis.tex").write_text("someone else's work")
    batch = write_batch(root / "batch", {"baseline": 0.0}, runs=4)
    corrupt = write_batch(root / "corrupt", {"baseline": 0.0}, runs=4)
    data = (corrupt / "outcomes.parquet").read_bytes()
    (corrupt / "outcomes.parquet").write_bytes(data[: len(data) // 2])
    (corrupt / "manifest.json").write_text(json.dumps({"runs_done": "many", "seeds": None}))
    return {
        "@NONE": str(root / "absent"),
        "@FILE": str(root / "file.txt"),
        "@DIR": str(root / "dir"),
        "@FOREIGN": str(root / "foreign"),
        "@BATCH": str(batch),
        "@CORRUPT": str(corrupt),
        "@ROOT": str(root),
    }


def invoke(words: list[str], places: dict[str, str], tally: Tally) -> None:
    args = [places.get(w, w) for w in words]
    label = " ".join(words)[:200]
    try:
        with time_bound(20):
            result = runner.invoke(app, args, catch_exceptions=False)
    except Hang:
        tally.add("hang", label)
        return
    except BaseException as exc:
        tally.add("crash", f"{label}: {type(exc).__name__}: {exc}")
        return
    text = result.output + result.stderr
    if "Traceback" in text:
        tally.add("crash", f"{label}: traceback in the output")
    elif result.exit_code == 0:
        tally.add("exit 0")
    elif result.exit_code == 2 and result.stderr.strip():
        tally.add("exit 2")
    elif result.exit_code == 2:
        tally.add("refused without a message", label)
    else:
        tally.add("crash", f"{label}: exit {result.exit_code}: {text[-300:]}")


ARGV_TALLY = Tally("argument vectors (CliRunner)")


@settings(
    max_examples=VECTORS,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(words=argv())
def test_argument_vectors(words, places, monkeypatch):
    monkeypatch.chdir(places["@ROOT"])  # any default output folder lands in the temp folder
    invoke(words, places, ARGV_TALLY)
    bad = {k: ARGV_TALLY.counts[k] for k in ("crash", "hang", "refused without a message")}
    assert not any(bad.values()), (ARGV_TALLY.summary(), ARGV_TALLY.failures())


def test_argument_vector_count_reached():
    """Runs after the generated test (file order): every vector was counted."""
    print(ARGV_TALLY.summary())
    assert ARGV_TALLY.total >= VECTORS or ARGV_TALLY.total == 0


SUBPROCESS_CASES = [
    ["run", "baseline", "--seed", "-1"],
    ["run", "baseline", "--set", "iran.commitment_to_assad=nan"],
    ["validate", "", "@BADDATE"],
    ["viz", "--port", "70000"],
]


def test_real_processes_exit_2_with_a_message(tmp_path):
    """The console script itself, four vectors started together: exit 2, a message, no
    traceback."""
    bad_date = tmp_path / "bad_date.yaml"
    bad_date.write_text(
        "name: x\ntitle: t\nquestion: q\nperiod: {start: 2024-11-27, end: 2031-02-30}\n"
    )
    command = str(Path(sys.executable).parent / "axis-sim")
    started = [
        subprocess.Popen(
            [command, *(str(bad_date) if w == "@BADDATE" else w for w in words)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        for words in SUBPROCESS_CASES
    ]
    for words, process in zip(SUBPROCESS_CASES, started, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 2, (words, err)
        assert err.strip() and "Traceback" not in out + err, (words, err)
        if "@BADDATE" in words:
            assert "bad_date.yaml, line 4: field 'period.end'" in err, err
