"""The scenario schema: strict pydantic models of a merged scenario and its parts."""

from __future__ import annotations

import datetime as dt
import json
import math
import pathlib
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_START, DEFAULT_END = dt.date(2024, 11, 27), dt.date(2024, 12, 31)
MAX_PERIOD_DAYS = 366  # a scenario covers at most a year
FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside these years are typing errors
MAX_ENTRIES = 1000  # events, decisions, observables, a choice's values

Id = Annotated[str, Field(min_length=1, max_length=100)]
Text = Annotated[str, Field(max_length=4000)]
Label = Annotated[str, Field(min_length=1, max_length=200)]


class _Strict(BaseModel):
    # NaN and infinity are refused for every number (a NaN passes every < and > check).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _Prior(_Strict):
    # False: no history-matched ensemble holds this parameter; every run draws it from this
    # prior (a parameter the baseline's history cannot inform, e.g. one that acts only through a
    # lever the baseline never pulls).
    infer: bool = True


class Uniform(_Prior):
    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError("needs low < high")
        return self

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Triangular(_Prior):
    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError("needs low <= mode <= high and low < high")
        return self

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class TruncNormal(_Prior):
    dist: Literal["truncnormal"]
    mean: float
    sd: float = Field(gt=0)
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> TruncNormal:
        if not self.low < self.high:
            raise ValueError("needs low < high")
        return self

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Choice(_Strict):
    dist: Literal["choice"]
    values: list[float] = Field(min_length=1, max_length=MAX_ENTRIES)
    weights: list[float] | None = Field(default=None, max_length=MAX_ENTRIES)

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None and (
            len(self.weights) != len(self.values)
            or min(self.weights) < 0
            or not 0 < sum(self.weights) < math.inf
        ):
            raise ValueError("weights must be non-negative, one per value, with a positive sum")
        return self

    def support(self) -> tuple[float, float]:
        return min(self.values), max(self.values)


Distribution = Annotated[Uniform | Triangular | TruncNormal | Choice, Field(discriminator="dist")]


class Period(_Strict):
    start: dt.date = DEFAULT_START
    end: dt.date = DEFAULT_END

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        for day in (self.start, self.end):
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValueError(f"{day} is not between {FIRST_YEAR} and {LAST_YEAR}")
        if self.end < self.start:
            raise ValueError("end is before start")
        if self.days > MAX_PERIOD_DAYS:
            raise ValueError(f"{self.days} days long; a period covers at most {MAX_PERIOD_DAYS}")
        return self

    @property
    def days(self) -> int:
        """Number of simulated days, start and end included."""
        return (self.end - self.start).days + 1


class Event(_Strict):
    id: Id
    date: dt.date
    kind: Label
    description: Text
    source: Text
    actor: Label | None = None
    target: Label | None = None
    intensity: float | None = Field(default=None, ge=0.0, le=1.0)
    value: float | None = Field(default=None, ge=0.0, le=1.0)


class DecisionPoint(_Strict):
    id: Id
    actor: Label
    decision: Label
    historical: Label
    source: Text
    options: list[Label] | None = Field(default=None, max_length=MAX_ENTRIES)
    date: dt.date | None = None
    window: tuple[dt.date, dt.date] | None = None
    match: Literal["any", "all"] = "any"
    force: Label | None = None
    note: Text | None = None
    role: Literal["calibration", "validation"] = "validation"

    @model_validator(mode="after")
    def _one_time(self) -> DecisionPoint:
        if (self.date is None) == (self.window is None):
            raise ValueError("give exactly one of `date` or `window: [start, end]`")
        if self.window is not None and self.window[1] < self.window[0]:
            raise ValueError("window ends before it starts")
        return self

    @property
    def first_day(self) -> dt.date:
        return self.date if self.date is not None else self.window[0]  # type: ignore[index]

    @property
    def last_day(self) -> dt.date:
        return self.date if self.date is not None else self.window[1]  # type: ignore[index]


class Observable(_Strict):
    id: Id
    outcome: Label
    source: Text
    value: bool | float | Label | None = None
    range: tuple[float, float] | None = None
    role: Literal["calibration", "validation"] = "validation"

    @model_validator(mode="after")
    def _one_target(self) -> Observable:
        if (self.value is None) == (self.range is None):
            raise ValueError("give exactly one of `value` or `range: [low, high]`")
        if self.range is not None and self.range[1] < self.range[0]:
            raise ValueError("range needs low <= high")
        return self

    def matches(self, outcome: Any) -> bool:
        """Does a run's outcome value agree with what history recorded?"""
        if self.range is not None:
            low, high = self.range
            return outcome == outcome and low <= float(outcome) <= high  # NaN never matches
        return outcome == self.value


class Scenario(_Strict):
    """A validated, fully merged scenario."""

    name: str = Field(max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
    title: Label
    question: Text
    period: Period = Period()
    runs: int = Field(default=500, ge=1, le=1_000_000)
    seed: int = Field(default=20241127, ge=0, le=2**63 - 1)
    parameters: dict[str, float] = Field(default={}, max_length=MAX_ENTRIES)
    uncertainty: dict[str, Distribution] = Field(default={}, max_length=MAX_ENTRIES)
    # An ensemble file (resolved by the loader): runs draw the continuous uncertain parameters
    # from its weighted members instead of ``uncertainty`` (sim/scenario/ensemble_file.py).
    ensemble: str | None = Field(default=None, min_length=1, max_length=4096)
    events: list[Event] = Field(default=[], max_length=MAX_ENTRIES)
    decisions: list[DecisionPoint] = Field(default=[], max_length=MAX_ENTRIES)
    observables: list[Observable] = Field(default=[], max_length=MAX_ENTRIES)
    source_path: pathlib.Path | None = Field(default=None, exclude=True)
    sha256: str = Field(default="", exclude=True)

    @property
    def inferred_keys(self) -> list[str]:
        """The uncertain parameters an ensemble holds, sorted: all but the ``choice`` ones and
        those marked ``infer: false``."""
        return sorted(
            k for k, d in self.uncertainty.items() if not isinstance(d, Choice) and d.infer
        )

    def day_of(self, date: dt.date) -> int:
        return (date - self.period.start).days

    def date_of(self, day: int) -> dt.date:
        return self.period.start + dt.timedelta(days=day)

    @cached_property
    def status_quo(self) -> dict[str, str]:
        out = {}
        for point in self.decisions:
            from sim.registry import INSTANCE_KIND, KINDS_BY_NAME  # heavy (mesa): when asked

            kind = KINDS_BY_NAME[INSTANCE_KIND.get(point.actor, point.actor)]
            out[point.id] = kind.DECISIONS[point.decision].status_quo
        return out

    def resolved(self) -> dict[str, Any]:
        """The merged content as JSON-able data (for manifests), with each point's status quo."""
        data = json.loads(self.model_dump_json())
        for point in data["decisions"]:
            point["options"] = point["options"] or _decision_options(
                point["actor"], point["decision"]
            )
            point["status_quo"] = self.status_quo[point["id"]]
            if point["window"] is None:
                point["window"] = [point["date"], point["date"]]
        return data


def _decision_options(actor: str, decision: str) -> list[str]:
    from sim.registry import INSTANCE_KIND, KINDS_BY_NAME  # heavy (mesa): when asked

    return list(KINDS_BY_NAME[INSTANCE_KIND.get(actor, actor)].DECISIONS[decision].options)
