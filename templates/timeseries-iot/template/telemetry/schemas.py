"""What the API, the forms and the seed feeds accept, and what the API returns."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The kinds of sensor this site has, with their unit and the range a reading must fall in.
KINDS: dict[str, tuple[str, float, float]] = {
    "temperature": ("°C", -60.0, 80.0),
    "humidity": ("%", 0.0, 100.0),
    "co2": ("ppm", 300.0, 5_000.0),
    "pressure": ("hPa", 870.0, 1_090.0),
}
SENSOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
FIRST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)


def now() -> datetime:
    return datetime.now(UTC)


def utc(moment: datetime) -> datetime:
    """A naive datetime is UTC (as the driver returns them); an aware one is converted."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_millis(moment: datetime) -> datetime:
    """CQL timestamps keep milliseconds: cut the rest, so what is written is what reads back."""
    moment = utc(moment)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def check_sensor_id(value: str) -> str:
    value = value.strip().lower()
    if not SENSOR_ID.match(value):
        raise ValueError("a sensor id is 1-40 lower-case letters, digits and '-', such as greenhouse-1")
    return value


class ReadingIn(BaseModel):
    """One reading: an API body, a feed row, or what the simulator sends.

    `kind` and `location` describe the sensor: the first reading of a new sensor registers it."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    sensor_id: str
    kind: str
    location: Annotated[str, Field(max_length=80)] = ""
    ts: datetime = Field(default_factory=now)
    value: float

    @field_validator("sensor_id")
    @classmethod
    def _sensor_id(cls, value: str) -> str:
        return check_sensor_id(value)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        value = value.lower()
        if value not in KINDS:
            raise ValueError(f"the kind is one of {', '.join(KINDS)}")
        return value

    @field_validator("ts")
    @classmethod
    def _ts(cls, value: datetime) -> datetime:
        value = to_millis(value)
        if not FIRST_MOMENT <= value <= now() + timedelta(days=1):
            raise ValueError("the time must be between 2000-01-01 and tomorrow (UTC)")
        return value

    @field_validator("value")
    @classmethod
    def _value(cls, value: float, info) -> float:
        if not math.isfinite(value):
            raise ValueError("the value must be a finite number")
        kind = info.data.get("kind")
        if kind in KINDS:
            _, low, high = KINDS[kind]
            if not low <= value <= high:
                raise ValueError(f"a {kind} reading lies between {low:g} and {high:g}")
        return value

    @property
    def unit(self) -> str:
        return KINDS[self.kind][0]


class SimulatorIn(BaseModel):
    """A bounded simulation: the button cannot start one that never ends."""

    model_config = ConfigDict(extra="forbid")

    rate: Annotated[int, Field(ge=1, le=500, description="readings per second")] = 20
    seconds: Annotated[int, Field(ge=1, le=60)] = 10


class ReadingOut(BaseModel):
    sensor_id: str
    ts: datetime
    value: float


class SensorOut(BaseModel):
    sensor_id: str
    kind: str
    unit: str
    location: str
    latest: ReadingOut | None = Field(None, description="None: nothing in the last two days")


class ReadingsPage(BaseModel):
    readings: list[ReadingOut]
    cursor: str | None = Field(description="the next (older) page; None after the oldest")
    days_read: int = Field(description="day partitions this page read")


class RollupOut(BaseModel):
    hour: datetime
    min: float
    max: float
    mean: float
    count: int


class SimulatorStatus(BaseModel):
    running: bool
    rate: int
    seconds: int
    elapsed: float
    sent: int = Field(description="readings sent to the database")
    stored: int = Field(description="readings the database acknowledged")
    failed: int
