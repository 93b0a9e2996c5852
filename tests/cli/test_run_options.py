"""One set of run options: a batch takes them, the experiments hold them, every command offers
the same executors."""

from __future__ import annotations

import inspect
import typing
from dataclasses import fields

import pytest

from sim.batch.engine import BatchConfig
from sim.batch.options import ExecutorName, RunOptions
from sim.cli import batch_commands, experiment_commands
from sim.experiments.inference import InferenceConfig
from sim.experiments.sensitivity import SensitivityConfig


def test_a_batch_takes_every_run_option_by_keyword_only():
    options = RunOptions(workers=3, executor=ExecutorName.sequential, seed=7, force=True)
    config = BatchConfig(["baseline"], timeseries=True, **options.as_kwargs())
    assert isinstance(config, RunOptions)
    assert (config.workers, config.seed, config.force) == (3, 7, True)
    assert config.executor == "sequential" and config.timeseries
    parameters = inspect.signature(BatchConfig).parameters
    for field in fields(RunOptions):
        assert parameters[field.name].kind is inspect.Parameter.KEYWORD_ONLY, field.name


def test_the_experiments_hold_their_own_options():
    first, second = SensitivityConfig("baseline"), InferenceConfig()
    first.options.workers = 2
    assert second.options.workers is None and SensitivityConfig("baseline").options.workers is None


def executor_type(command) -> type:
    hint = typing.get_type_hints(command, include_extras=True)["executor"]
    (base, *_) = typing.get_args(hint)  # Annotated[type, typer.Option]
    return next(t for t in (*typing.get_args(base), base) if inspect.isclass(t))


@pytest.mark.parametrize(
    "command",
    [
        batch_commands.batch,
        experiment_commands.sensitivity_command,
        experiment_commands.infer_command,
    ],
)
def test_every_command_offers_the_same_executors(command):
    assert executor_type(command) is ExecutorName
    assert [e.value for e in ExecutorName] == ["process", "sequential", "dask"]
