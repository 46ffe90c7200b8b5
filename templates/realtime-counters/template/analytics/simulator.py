"""Fake visitors: `rate` hits a second for `seconds`, each one a real counter batch.

The same code runs behind the dashboard's button (one bounded run at a time, in the app's
event loop) and in the CLI (`python -m analytics.simulate --rate 50 --seconds 30`).
A hit that fails is counted as "failed" and never retried: its outcome is unknown, and a
resent counter update could count twice (see retries.py).
"""

from __future__ import annotations

import asyncio
import contextvars
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import queries, site
from .schemas import HitIn, SimulatorStatus, today

MAX_IN_FLIGHT = 64  # requests waiting for the database at once; the pacing loop waits beyond


class AlreadyRunning(RuntimeError):
    """The app runs one simulation at a time."""


@dataclass
class Run:
    rate: int
    seconds: int
    sent: int = 0
    counted: int = 0
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
            counted=self.counted,
            failed=self.failed,
            elapsed=round(self.elapsed, 2),
        )


def fake_hit(rng: random.Random) -> HitIn:
    return HitIn(
        page=site.pick_page(rng),
        referrer=site.pick_referrer(rng),
        day=today(),
        views=1,
        likes=1 if rng.random() < site.LIKE_CHANCE else 0,
    )


async def simulate(
    run: Run, rng: random.Random | None = None, on_hit: Callable[[], None] | None = None
) -> Run:
    """Send run.total hits, paced at run.rate a second; return when every one has an answer."""
    rng = rng or random.Random()
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)
    in_flight: set[asyncio.Task] = set()

    async def send(hit: HitIn) -> None:
        try:
            await queries.record_hit(hit)
            run.counted += 1
        except Exception as exc:  # the database's answer was lost or refused: not retried
            run.failed += 1
            run.last_error = f"{type(exc).__name__}: {exc}"[:200]
        finally:
            slots.release()
            if on_hit:
                on_hit()

    try:
        while run.sent < run.total:
            due = min(run.total, int(run.rate * run.elapsed) + 1)
            while run.sent < due:
                await slots.acquire()
                run.sent += 1
                task = asyncio.create_task(send(fake_hit(rng)))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            if run.sent < run.total:  # pacing: sleep until the next hit is due
                await asyncio.sleep(max(0.0, run.sent / run.rate - run.elapsed))
        await asyncio.gather(*in_flight)
    except asyncio.CancelledError:  # the app is shutting down: drop what is still queued
        for task in in_flight:
            task.cancel()
        raise
    finally:
        run.finished = time.perf_counter()
    return run


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
        # A fresh context: the run outlives the request that started it, and its thousands of
        # statements must not pile up in that request's CQL panel.
        self._task = asyncio.create_task(simulate(run), context=contextvars.Context())
        self.last = run
        return run

    async def stop(self) -> None:
        """At shutdown: cancel a run still going."""
        if self._task and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
