"""The scenario schema: strict pydantic models of a merged scenario and its parts."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_START, DEFAULT_END = dt.date(2024, 11, 27), dt.date(2024, 12, 31)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Uniform(_Strict):
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


class Triangular(_Strict):
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


class TruncNormal(_Strict):
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
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None and (
            len(self.weights) != len(self.values) or min(self.weights) < 0 or sum(self.weights) <= 0
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
        if self.end < self.start:
            raise ValueError("end is before start")
        return self

    @property
    def days(self) -> int:
        """Number of simulated days, start and end included."""
        return (self.end - self.start).days + 1


class Event(_Strict):
    id: str
    date: dt.date
    kind: str
    description: str
    source: str
    actor: str | None = None
    target: str | None = None
    intensity: float | None = Field(default=None, ge=0.0, le=1.0)
    value: float | None = Field(default=None, ge=0.0, le=1.0)


class DecisionPoint(_Strict):
    id: str
    actor: str
    decision: str
    historical: str
    source: str
    options: list[str] | None = None
    date: dt.date | None = None
    window: tuple[dt.date, dt.date] | None = None
    match: Literal["any", "all"] = "any"
    force: str | None = None
    note: str | None = None
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
    id: str
    outcome: str
    source: str
    value: bool | float | str | None = None
    range: tuple[float, float] | None = None
    role: Literal["calibration", "validation"] = "validation"

    @model_validator(mode="after")
    def _one_target(self) -> Observable:
        if (self.value is None) == (self.range is None):
            raise ValueError("give exactly one of `value` or `range: [low, high]`")
        return self

    def matches(self, outcome: Any) -> bool:
        """Does a run's outcome value agree with what history recorded?"""
        if self.range is not None:
            low, high = self.range
            return outcome == outcome and low <= float(outcome) <= high  # NaN never matches
        return outcome == self.value


class Scenario(_Strict):
    """A validated, fully merged scenario."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    question: str
    period: Period = Period()
    runs: int = Field(default=500, ge=1, le=1_000_000)
    seed: int = Field(default=20241127, ge=0)
    parameters: dict[str, float] = {}
    uncertainty: dict[str, Distribution] = {}
    events: list[Event] = []
    decisions: list[DecisionPoint] = []
    observables: list[Observable] = []
    source_path: pathlib.Path | None = Field(default=None, exclude=True)
    sha256: str = Field(default="", exclude=True)

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
