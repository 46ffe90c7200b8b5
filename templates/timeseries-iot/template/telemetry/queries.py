"""Every read and write the pages, the seed and the simulator make, one small function each."""

from __future__ import annotations

import asyncio
import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from cassandra.util import uuid_from_time
from coodie.aio import AsyncBatchQuery
from coodie.exceptions import DocumentNotFound

from .kit.buckets import DAY, BucketPage, newest_first
from .models import HourlyRollup, Reading, Sensor, SensorDay
from .schemas import KINDS, ReadingIn, now, utc

MAX_SENSORS = 500  # the registry is read whole (Q1): a fleet beyond this needs a page of its own
MAX_DAYS = 400  # days a sensor's readings may span (30 by TTL; old feed imports add more)
LATEST_DAYS = 2  # Q3 looks at today and yesterday: a sensor silent longer shows no latest reading
HOUR = timedelta(hours=1)


def hour_of(moment: datetime) -> datetime:
    return utc(moment).replace(minute=0, second=0, microsecond=0)


# ---------------------------------------------------------------- the sensor registry (Q1, Q2)
async def sensors() -> list[Sensor]:
    """Q1: every sensor, from the registry (a small table read whole), by id."""
    return sorted(await Sensor.find().limit(MAX_SENSORS).all(), key=lambda s: s.sensor_id)


async def sensor(sensor_id: str) -> Sensor:
    """Q2. Raises DocumentNotFound for a sensor that was never registered."""
    return await Sensor.get(sensor_id=sensor_id)


def sensor_of(reading: ReadingIn) -> Sensor:
    return Sensor(
        sensor_id=reading.sensor_id, kind=reading.kind, unit=reading.unit, location=reading.location
    )


async def register(sensor_: Sensor) -> Sensor:
    """An upsert: registering a sensor again rewrites the same row."""
    await sensor_.save()
    return sensor_


# ---------------------------------------------------------------- latest reading per sensor (Q3)
async def latest(sensor_ids: Iterable[str]) -> dict[str, Reading]:
    """Q3: the newest reading of each sensor, in ONE query over known partitions:
    WHERE sensor_id IN (...) AND day IN (today, yesterday) PER PARTITION LIMIT 1.
    Each partition is newest first, so its first row is its latest; the newer day wins."""
    ids = list(sensor_ids)
    if not ids:
        return {}
    days = [DAY.of(now() - timedelta(days=n)) for n in range(LATEST_DAYS)]
    rows = await Reading.find(sensor_id__in=ids, day__in=days).per_partition_limit(1).all()
    newest: dict[str, Reading] = {}
    for row in rows:
        if row.sensor_id not in newest or row.ts > newest[row.sensor_id].ts:
            newest[row.sensor_id] = row
    return newest


# ---------------------------------------------------------------- readings, newest first (Q4, Q5)
async def days_of(sensor_id: str) -> list[str]:
    """Q5: the days that hold the sensor's readings, newest first."""
    rows = await SensorDay.find(sensor_id=sensor_id).limit(MAX_DAYS).all()
    return [row.day for row in rows]


async def readings_page(sensor_id: str, size: int, cursor: str | None = None) -> BucketPage:
    """Q4: one page of a sensor's readings, newest first. A page that reaches the end of a day
    goes on into the previous day with readings; the cursor carries the day and the driver's
    paging state (kit/buckets.py). Raises BadCursor for a cursor we did not make."""
    days = await days_of(sensor_id)

    def listed_from(start: str | None) -> list[str]:
        return days if start is None else [day for day in days if day <= start]

    def rows_in(day: str):
        return Reading.find(sensor_id=sensor_id, day=day)

    return await newest_first(rows_in, listed_from, DAY, size, cursor)


# ---------------------------------------------------------------- writing readings
def reading_row(reading: ReadingIn, reading_id=None) -> Reading:
    """The row of one reading. The timeuuid holds the reading's own time, so it sorts with ts;
    its random bits keep two readings of one millisecond apart. Feeds pass a stable one."""
    return Reading(
        sensor_id=reading.sensor_id,
        day=DAY.of(reading.ts),
        ts=reading.ts,
        reading_id=reading_id or uuid_from_time(reading.ts),
        value=reading.value,
    )


async def record(
    reading: ReadingIn, reading_id=None, new_sensor: bool = True, new_day: bool = True
) -> Reading:
    """One reading as the API and the seed write it: the registry row, the day's row in
    sensor_days, the reading, then its hour's rollup recomputed. The lookup rows go first, so
    that no reading is ever written that Q1 or Q5 cannot find (a writer that knows them to be
    there already, like the seed after a sensor's first reading, says new_sensor=False)."""
    row = reading_row(reading, reading_id)
    lookups = [register(sensor_of(reading))] if new_sensor else []
    if new_day:
        lookups.append(mark_day(row.sensor_id, row.day))
    await asyncio.gather(*lookups)
    await row.save()
    await ROLLUPS.refresh(row.sensor_id, hour_of(row.ts))
    return row


async def insert_one(row: Reading) -> None:
    """The baseline the simulator's bulk mode is measured against: one awaited INSERT."""
    await row.save()


async def insert_partition(rows: list[Reading]) -> None:
    """Readings of ONE partition (one sensor, one day) in one UNLOGGED batch: one mutation on
    one set of replicas, so the batch costs the coordinator nothing extra. A batch that spans
    partitions would make the coordinator wait on every replica set (an anti-pattern)."""
    partitions = {(row.sensor_id, row.day) for row in rows}
    if len(partitions) != 1:
        raise ValueError(f"a batch holds one partition, not {len(partitions)}")
    async with AsyncBatchQuery(logged=False) as batch:
        for row in rows:
            await row.save(batch=batch)


def by_partition(rows: Iterable[Reading], size: int) -> list[list[Reading]]:
    """Rows grouped by (sensor, day), cut into batches of at most `size`."""
    groups: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for row in rows:
        groups[(row.sensor_id, row.day)].append(row)
    return [group[i : i + size] for group in groups.values() for i in range(0, len(group), size)]


async def mark_day(sensor_id: str, day: str) -> None:
    await SensorDay(sensor_id=sensor_id, day=day).save()


# ---------------------------------------------------------------- hourly rollups (Q6, Q7)
async def hour_values(sensor_id: str, hour: datetime) -> list[float]:
    """Q7: the raw values of one hour: a slice of one day partition, by its clustering key."""
    rows = (
        await Reading.find(sensor_id=sensor_id, day=DAY.of(hour), ts__gte=hour, ts__lt=hour + HOUR)
        .only("value")
        .all()
    )
    return [row.value for row in rows]


def aggregate(values: list[float]) -> tuple[float, float, float, int]:
    """min, max, mean (math.fsum: exact, whatever the order) and count."""
    return min(values), max(values), math.fsum(values) / len(values), len(values)


async def recompute_hour(sensor_id: str, hour: datetime) -> HourlyRollup | None:
    """The rollup of one hour, from its raw readings (Q7), written over the old one: running it
    again is harmless, and a reading that arrives late is counted when its hour is recomputed."""
    values = await hour_values(sensor_id, hour)
    if not values:
        await HourlyRollup.find(sensor_id=sensor_id, day=DAY.of(hour), hour=hour).delete()
        return None
    low, high, mean, count = aggregate(values)
    rollup = HourlyRollup(
        sensor_id=sensor_id, day=DAY.of(hour), hour=hour, min=low, max=high, mean=mean, count=count
    )
    await rollup.save()
    return rollup


class Rollups:
    """Recomputes an hour's rollup after readings land in it, one recompute per hour at a time.

    Concurrent writers of one hour would race: a recompute that read early could be written
    last and hide a reading. So an hour's recomputes run one after another, and a writer whose
    reading was already seen by a recompute that started after it (`done`) has nothing to do:
    a burst of a thousand readings costs a few recomputes, not a thousand. This orders writers
    inside one process (the app, the seed, the simulator CLI); see the README for several."""

    def __init__(self) -> None:
        self._locks: dict[tuple, asyncio.Lock] = {}
        self._users: dict[tuple, int] = defaultdict(int)
        self._landed: dict[tuple, int] = defaultdict(int)  # writes acknowledged, per hour
        self._done: dict[tuple, int] = {}  # writes a finished recompute had seen

    async def refresh(self, sensor_id: str, hour: datetime) -> None:
        key = (sensor_id, hour)
        self._landed[key] += 1
        mine = self._landed[key]
        self._users[key] += 1
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                if self._done.get(key, 0) >= mine:
                    return
                seen = self._landed[key]  # every write counted so far is in the database
                await recompute_hour(sensor_id, hour)
                self._done[key] = seen
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                for table in (self._locks, self._users, self._landed, self._done):
                    table.pop(key, None)


ROLLUPS = Rollups()


async def rollups(sensor_id: str, day: str) -> list[HourlyRollup]:
    """Q6: a day's hourly rollups of one sensor, oldest first (for a chart)."""
    rows = await HourlyRollup.find(sensor_id=sensor_id, day=day).limit(24).all()
    return sorted(rows, key=lambda r: r.hour)


def last_day_start(at: datetime | None = None) -> datetime:
    """The first hour of the dashboard's window: the 24 hours up to `at`'s hour (default now)."""
    return hour_of(at or now()) - timedelta(hours=23)


async def last_day_rollups(
    sensor_ids: Iterable[str], at: datetime | None = None
) -> dict[str, list[HourlyRollup]]:
    """Q6 for each sensor on the dashboard: the 24 hours up to `at`'s hour, oldest first. They
    lie in two day partitions (today's and yesterday's), both read, all sent concurrently; just
    after midnight "today" alone would be an empty chart."""
    ids = list(sensor_ids)
    since = last_day_start(at)
    end = since + timedelta(hours=23)
    days = [DAY.of(since), DAY.of(end)] if DAY.of(since) != DAY.of(end) else [DAY.of(end)]
    found = await asyncio.gather(*(rollups(sensor_id, day) for sensor_id in ids for day in days))
    per_sensor = [found[i : i + len(days)] for i in range(0, len(found), len(days))]
    return {
        sensor_id: [r for rows in parts for r in rows if since <= utc(r.hour) <= end]
        for sensor_id, parts in zip(ids, per_sensor, strict=True)
    }


__all__ = ["DAY", "KINDS", "DocumentNotFound"]
