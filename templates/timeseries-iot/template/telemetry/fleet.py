"""The made-up site whose sensors the seed and the simulator use, and how their values move.

A value is a random walk around the middle of its kind's range: charts look like weather,
not noise, and every value stays inside the range ReadingIn accepts.
"""

from __future__ import annotations

import random

from .schemas import KINDS

# sensor id, kind, location
FLEET = [
    ("greenhouse-temp", "temperature", "Greenhouse"),
    ("greenhouse-humidity", "humidity", "Greenhouse"),
    ("office-temp", "temperature", "Office, 2nd floor"),
    ("office-co2", "co2", "Office, 2nd floor"),
    ("cellar-temp", "temperature", "Cellar"),
    ("cellar-humidity", "humidity", "Cellar"),
    ("roof-pressure", "pressure", "Roof"),
    ("roof-temp", "temperature", "Roof"),
]
TYPICAL = {
    "temperature": (19.0, 0.4),
    "humidity": (55.0, 1.5),
    "co2": (650.0, 25.0),
    "pressure": (1013.0, 0.6),
}


class Walk:
    """The next value of each sensor: a step from its last one, kept inside its kind's range."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: dict[str, float] = {}

    def next(self, sensor_id: str, kind: str) -> float:
        middle, step = TYPICAL[kind]
        _, low, high = KINDS[kind]
        value = self.last.get(sensor_id, middle + self.rng.uniform(-5, 5) * step)
        value = min(high, max(low, value + self.rng.gauss(0, step)))
        value = round(value, 2)
        self.last[sensor_id] = value
        return value
