"""Fake sensors sending readings: paced (`rate` a second, the dashboard's button and the CLI)
or in bulk (as fast as the database takes them, the CLI's --bulk).

Both write the same way: readings grouped by partition (one sensor's day) into UNLOGGED
batches that never span partitions, several batches in flight, the day rows first and each
touched hour's rollup recomputed after. `one_at_a_time()` is the baseline bulk is measured
against: one awaited INSERT after another.
"""

from __future__ import annotations

import asyncio
import contextvars
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import queries
from .fleet import FLEET, Walk
from .kit import db
from .models import Reading, Sensor
from .schemas import KINDS, ReadingIn, SimulatorStatus

BATCH_SIZE = 50  # readings of one partition per batch: big enough to save round trips, small on the wire
MAX_IN_FLIGHT = 32  # batches waiting for the database at once
TICK_S = 0.5  # the paced mode sends what is due twice a second


class AlreadyRunning(RuntimeError):
    """The app runs one simulation at a time."""


@dataclass
class Run:
    rate: int
    seconds: int
    sent: int = 0
    stored: int = 0
    failed: int = 0
    last_error: str | None = None
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None

    @property
    def total(self) -> int:
        return self.rate * self.seconds

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def elapsed(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    def status(self) -> SimulatorStatus:
        return SimulatorStatus(
            running=self.running,
            rate=self.rate,
            seconds=self.seconds,
            sent=self.sent,
            stored=self.stored,
            failed=self.failed,
            elapsed=round(self.elapsed, 2),
        )


async def fleet() -> list[Sensor]:
    """The registry's sensors (Q1); on an empty registry, the made-up fleet is registered."""
    sensors = await queries.sensors()
    if sensors:
        return sensors
    made = [
        queries.sensor_of(ReadingIn(sensor_id=sid, kind=kind, location=where, value=KINDS[kind][1]))
        for sid, kind, where in FLEET
    ]
    return list(await asyncio.gather(*(queries.register(s) for s in made)))


def make_rows(sensors: list[Sensor], walk: Walk, count: int, first: int = 0) -> list[Reading]:
    """`count` readings taken now, round robin over the sensors."""
    rows = []
    for n in range(first, first + count):
        sensor = sensors[n % len(sensors)]
        reading = ReadingIn(
            sensor_id=sensor.sensor_id,
            kind=sensor.kind,
            location=sensor.location,
            value=walk.next(sensor.sensor_id, sensor.kind),
        )
        rows.append(queries.reading_row(reading))
    return rows


@dataclass
class Outcome:
    stored: int = 0
    failed: int = 0
    last_error: str | None = None


async def write_rows(rows: list[Reading], in_flight: int = MAX_IN_FLIGHT) -> Outcome:
    """Day rows, then per-partition batches (at most `in_flight` at once), then rollups."""
    outcome = Outcome()
    await asyncio.gather(*(queries.mark_day(s, d) for s, d in {(r.sensor_id, r.day) for r in rows}))
    slots = asyncio.Semaphore(in_flight)

    async def send(batch: list[Reading]) -> None:
        async with slots:
            try:
                await queries.insert_partition(batch)
                outcome.stored += len(batch)
            except db.DATABASE_ERRORS as exc:  # counted and said, never retried blindly
                outcome.failed += len(batch)
                outcome.last_error = db.describe_failure(exc)

    await asyncio.gather(*(send(batch) for batch in queries.by_partition(rows, BATCH_SIZE)))
    hours = {(r.sensor_id, queries.hour_of(r.ts)) for r in rows}
    await asyncio.gather(*(queries.ROLLUPS.refresh(s, h) for s, h in hours))
    return outcome


async def simulate(
    run: Run, rng: random.Random | None = None, on_tick: Callable[[int], None] | None = None
) -> Run:
    """Send run.total readings, paced at run.rate a second; return when every one has an answer."""
    walk = Walk(rng or random.Random())
    try:
        sensors = await fleet()
        run.started = time.perf_counter()
        tick = 0
        while run.sent < run.total:
            # At the end of each tick, what has fallen due by then: never ahead of the rate, so
            # that `--rate 50 --seconds 30` takes 30 s, not 29.5.
            tick += 1
            await asyncio.sleep(max(0.0, tick * TICK_S - run.elapsed))
            due = min(run.total, int(run.rate * tick * TICK_S)) - run.sent
            rows = make_rows(sensors, walk, due, run.sent)
            run.sent += len(rows)
            outcome = await write_rows(rows)
            run.stored += outcome.stored
            run.failed += outcome.failed
            run.last_error = outcome.last_error or run.last_error
            if on_tick:
                on_tick(len(rows))
    finally:
        run.finished = time.perf_counter()
    return run


@dataclass
class Speed:
    readings: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.readings / self.seconds if self.seconds else 0.0


async def one_at_a_time(count: int, rng: random.Random | None = None) -> Speed:
    """The baseline: `count` readings, each INSERT awaited before the next is sent."""
    sensors = await fleet()
    rows = make_rows(sensors, Walk(rng or random.Random()), count)
    await asyncio.gather(*(queries.mark_day(s, d) for s, d in {(r.sensor_id, r.day) for r in rows}))
    started = time.perf_counter()
    for row in rows:
        await queries.insert_one(row)
    seconds = time.perf_counter() - started
    hours = {(r.sensor_id, queries.hour_of(r.ts)) for r in rows}
    await asyncio.gather(*(queries.ROLLUPS.refresh(s, h) for s, h in hours))
    return Speed(count, seconds)


async def bulk(count: int, rng: random.Random | None = None) -> tuple[Speed, Outcome]:
    """`count` readings as fast as the database takes them, rollups included in the time."""
    sensors = await fleet()
    rows = make_rows(sensors, Walk(rng or random.Random()), count)
    started = time.perf_counter()
    outcome = await write_rows(rows)
    return Speed(outcome.stored, time.perf_counter() - started), outcome


class Simulator:
    """The dashboard's button: at most one run at a time, which stops by itself."""

    def __init__(self) -> None:
        self.last: Run | None = None
        self._task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        return self.last is not None and self.last.running

    def start(self, rate: int, seconds: int) -> Run:
        if self.running:
            raise AlreadyRunning("a simulation is already running: wait for it to finish")
        run = Run(rate=rate, seconds=seconds)
        # A fresh context: the run outlives the request that started it, and its statements
        # must not pile up in that request's CQL panel.
        self._task = asyncio.create_task(simulate(run), context=contextvars.Context())
        self.last = run
        return run

    async def stop(self) -> None:
        """At shutdown: cancel a run still going."""
        if self._task and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
