"""Charts drawn on the server as SVG: a few path strings, no chart library, no JavaScript.

`hourly_chart` draws a day of rollups: the min-max band and the mean line, one point per hour
(x: the hour of the day, y: scaled to the day's own range). `sparkline` is the mean line alone,
over the 24 hours from `start` (the dashboard's window spans two days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WIDTH, HEIGHT, PAD = 600.0, 160.0, 8.0


@dataclass
class Chart:
    width: float
    height: float
    band: str  # the min-max area, as an SVG path ("" without rollups)
    line: str  # the mean line
    points: list[tuple[float, float]]  # the mean's points (for dots)
    low: float  # the y axis' range
    high: float


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if high == low:  # a flat day: give it a little room
        low, high = low - 1, high + 1
    return low, high


def hourly_chart(
    rollups: list, width: float = WIDTH, height: float = HEIGHT, start: datetime | None = None
) -> Chart:
    """`rollups`: objects with .hour (a datetime), .min, .max and .mean, oldest first; x runs over
    the 24 hours from `start` (default: the day's midnight)."""
    if not rollups:
        return Chart(width, height, "", "", [], 0.0, 0.0)
    low, high = _scale([r.min for r in rollups] + [r.max for r in rollups])

    def x(rollup) -> float:
        if start is None:
            hours = rollup.hour.hour + rollup.hour.minute / 60
        else:  # both in UTC; the driver's datetimes come without tzinfo
            hours = (rollup.hour.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds() / 3600
        return round(PAD + (width - 2 * PAD) * hours / 23, 1)

    def y(value: float) -> float:
        return round(height - PAD - (height - 2 * PAD) * (value - low) / (high - low), 1)

    top = [(x(r), y(r.max)) for r in rollups]
    bottom = [(x(r), y(r.min)) for r in reversed(rollups)]
    points = [(x(r), y(r.mean)) for r in rollups]
    band = "M" + " L".join(f"{a},{b}" for a, b in top + bottom) + " Z"
    line = "M" + " L".join(f"{a},{b}" for a, b in points)
    return Chart(width, height, band, line, points, low, high)


def sparkline(rollups: list, start: datetime, width: float = 220.0, height: float = 48.0) -> Chart:
    return hourly_chart(rollups, width, height, start)
