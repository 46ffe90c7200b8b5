"""What `seed.py` writes: fake readings of the made-up fleet over the last three days, or the
readings of a feed file.

Each reading registers its sensor, lists its day in sensor_days, and has its hour's rollup
recomputed from the raw readings (queries.record): a seed stopped half-way leaves no reading
that the registry, the day list or the rollups do not account for. A reading's key comes from
the row (its sensor, time and value): importing the same feed twice rewrites the same rows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import timedelta

from faker import Faker

from . import queries
from .fleet import FLEET, Walk
from .kit.seedkit import SeedSpec, key, keys, once
from .kit.stable_ids import stable_timeuuid
from .models import MODELS
from .schemas import ReadingIn, now

SEED_DAYS = 3  # fake readings spread over today and the two days before: paging crosses days


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[ReadingIn]:
    """Readings of the fleet at random moments of the last SEED_DAYS days (never the future)."""
    walk = Walk(rng)
    end = now() - timedelta(seconds=1)
    start = end.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=SEED_DAYS - 1)
    span_ms = int((end - start).total_seconds() * 1000)
    for _ in range(count):
        sensor_id, kind, location = rng.choice(FLEET)
        yield ReadingIn(
            sensor_id=sensor_id,
            kind=kind,
            location=location,
            ts=start + timedelta(milliseconds=rng.randrange(span_ms)),
            value=walk.next(sensor_id, kind),
        )


async def write_row(row: ReadingIn) -> list:
    # The reading's key from the row itself: the same feed row is the same reading.
    reading_id = stable_timeuuid(row.ts, row.sensor_id, row.value)
    sensor = queries.sensor_of(row)
    day = (sensor.sensor_id, queries.DAY.of(row.ts))
    # The registry and day rows once per run (once()), not once per reading.
    reading = await queries.record(
        row,
        reading_id,
        new_sensor=once(key("sensors", sensor.sensor_id)),
        new_day=once(key("sensor_days", *day)),
    )
    hour = key("hourly_rollups", reading.sensor_id, reading.day, queries.hour_of(reading.ts))
    return [*keys(sensor, reading), key("sensor_days", *day), hour]


def agreement(cql: Callable[[str], list]) -> list[str]:
    """For the tests, after any seed (a stopped one too): every reading's sensor is registered
    and its day listed, and every hour's rollup equals what its raw readings add up to."""
    problems = []
    sensors = {row.sensor_id for row in cql("SELECT sensor_id FROM {ks}.sensors")}
    days = {(row.sensor_id, row.day) for row in cql("SELECT sensor_id, day FROM {ks}.sensor_days")}
    hours: dict[tuple, list[float]] = defaultdict(list)
    for row in cql("SELECT sensor_id, day, ts, value FROM {ks}.readings"):
        if row.sensor_id not in sensors:
            problems.append(f"reading of unregistered sensor {row.sensor_id}")
        if (row.sensor_id, row.day) not in days:
            problems.append(f"day {row.day} of {row.sensor_id} not in sensor_days")
        hours[(row.sensor_id, row.day, queries.hour_of(row.ts))].append(row.value)
    rollups = {
        (row.sensor_id, row.day, queries.hour_of(row.hour)): (row.min, row.max, row.mean, row.count)
        for row in cql('SELECT sensor_id, day, hour, min, max, mean, "count" FROM {ks}.hourly_rollups')
    }
    expected = {hour: queries.aggregate(values) for hour, values in hours.items()}
    for hour in sorted(set(expected) | set(rollups)):
        if rollups.get(hour) != expected.get(hour):
            problems.append(
                f"rollup of {hour}: {rollups.get(hour)} but the readings say {expected.get(hour)}"
            )
    return problems[:20]


SPEC = SeedSpec(
    "readings",
    ReadingIn,
    fake_rows,
    write_row,
    models=MODELS,
    rerun="rewrites",
    agreement=agreement,
)
