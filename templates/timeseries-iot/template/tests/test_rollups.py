"""Hourly rollups equal what the raw readings of each hour add up to (read with plain CQL)."""

import asyncio
import math
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from telemetry import charts, queries, simulator
from telemetry.schemas import ReadingIn


def raw_aggregates(cql, sensor_id: str) -> dict:
    """(day, hour) -> (min, max, mean, count), computed here from every raw reading of the sensor."""
    hours = defaultdict(list)
    for day in {row.day for row in cql("SELECT day FROM {ks}.sensor_days WHERE sensor_id = %s", sensor_id)}:
        for row in cql(
            "SELECT ts, value FROM {ks}.readings WHERE sensor_id = %s AND day = %s", sensor_id, day
        ):
            hours[(day, row.ts.replace(minute=0, second=0, microsecond=0))].append(row.value)
    return {
        hour: (min(values), max(values), math.fsum(values) / len(values), len(values))
        for hour, values in hours.items()
    }


def stored_rollups(cql, sensor_id: str) -> dict:
    stored = {}
    for day in {row.day for row in cql("SELECT day FROM {ks}.sensor_days WHERE sensor_id = %s", sensor_id)}:
        for row in cql(
            'SELECT hour, min, max, mean, "count" FROM {ks}.hourly_rollups WHERE sensor_id = %s AND day = %s',
            sensor_id,
            day,
        ):
            stored[(day, row.hour)] = (row.min, row.max, row.mean, row.count)
    return stored


def test_rollups_equal_the_raw_readings_of_each_hour(run, cql, sensor_id):
    """Readings written concurrently, over five hours of two days, in random order."""
    rng = random.Random(3)
    start = datetime(2026, 3, 1, 22, 0, tzinfo=UTC)
    readings = [
        ReadingIn(
            sensor_id=sensor_id,
            kind="humidity",
            ts=start + timedelta(seconds=rng.randrange(5 * 3600)),
            value=round(rng.uniform(20, 90), 3),
        )
        for _ in range(120)
    ]

    async def write_all():
        await asyncio.gather(*(queries.record(r) for r in readings))

    run(write_all())
    expected = raw_aggregates(cql, sensor_id)
    assert sum(agg[3] for agg in expected.values()) == 120
    assert len(expected) == 5 and len({day for day, _ in expected}) == 2
    assert stored_rollups(cql, sensor_id) == expected


def test_bulk_mode_rollups_match_too(run, cql, figures):
    """The simulator's bulk mode: per-partition batches, then each touched hour recomputed."""
    speed, outcome = run(simulator.bulk(600, random.Random(1)))
    assert outcome.failed == 0 and speed.readings == 600
    sensors = run(queries.sensors())
    for sensor in sensors:
        assert stored_rollups(cql, sensor.sensor_id) == raw_aggregates(cql, sensor.sensor_id)


def test_an_hour_recomputed_again_is_unchanged(run, cql, sensor_id):
    hour = datetime(2026, 4, 2, 10, 0, tzinfo=UTC)
    for minute in (1, 2, 3):
        run(
            queries.record(
                ReadingIn(
                    sensor_id=sensor_id, kind="co2", ts=hour + timedelta(minutes=minute), value=500 + minute
                )
            )
        )
    before = stored_rollups(cql, sensor_id)
    run(queries.recompute_hour(sensor_id, hour))
    assert (
        stored_rollups(cql, sensor_id)
        == before
        == {("2026-04-02", hour.replace(tzinfo=None)): (501.0, 503.0, 502.0, 3)}
    )


def test_the_dashboard_line_is_the_last_24_hours_across_two_day_partitions(run, sensor_id):
    """At 01:30 the window is 02:00 yesterday to 01:00 today: today alone would be two hours."""
    at = datetime(2026, 5, 3, 1, 30, tzinfo=UTC)
    hours = [at - timedelta(hours=h) for h in (0, 1, 5, 23, 24, 30)]  # 24 and 30 h ago: outside
    for moment in hours:
        run(queries.record(ReadingIn(sensor_id=sensor_id, kind="co2", ts=moment, value=400)))
    window = run(queries.last_day_rollups([sensor_id], at=at))[sensor_id]
    assert [r.hour.strftime("%d %H") for r in window] == ["02 02", "02 20", "03 00", "03 01"]
    assert sum(r.count for r in window) == 4


def test_the_sparkline_runs_left_to_right_across_midnight():
    """x counts hours from the window's start: 22:00 yesterday lies left of 01:00 today."""
    start = datetime(2026, 5, 2, 2, 0, tzinfo=UTC)
    hours = [datetime(2026, 5, 2, 2, 0), datetime(2026, 5, 2, 22, 0), datetime(2026, 5, 3, 1, 0)]
    rows = [SimpleNamespace(hour=h, min=1.0, max=3.0, mean=2.0) for h in hours]
    chart = charts.sparkline(rows, start)
    assert [x for x, _ in chart.points] == [charts.PAD, 185.4, chart.width - charts.PAD]
