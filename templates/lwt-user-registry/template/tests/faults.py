"""Faults on the wire: stop a registration while a chosen statement of it is in flight.

The driver calls a request-init listener for every statement it sends, just before sending
it, in the task that sends it. A `Plan` set in one task's context says what to do at the n-th
statement that task sends (by default: cancel the task, so it stops while that statement is on
the wire and its outcome unknown to it). The listener also counts the answers still missing, so
a test can wait until everything the stopped tasks sent has been decided by the database.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field


def cancel_task(plan: Plan, _response_future) -> None:
    plan.task.cancel()  # raised at the task's next await, while this statement is in flight


@dataclass
class Plan:
    """What happens to one task's statements: `at[n](plan, response_future)` runs when the n-th
    statement is sent (by the task, or by a task it started: they share its context)."""

    at: dict[int, Callable] = field(default_factory=dict)
    sent: list[str] = field(default_factory=list)  # the statements it sent, in order
    task: asyncio.Task | None = None  # the task the plan was set in (see `start`)

    def start(self) -> None:
        """Put this plan on the current task (and on the tasks it starts from now on)."""
        self.task = asyncio.current_task()
        PLAN.set(self)

    @classmethod
    def cancel(cls, *numbers: int) -> Plan:
        return cls(at=dict.fromkeys(numbers, cancel_task))


PLAN: ContextVar[Plan | None] = ContextVar("plan", default=None)


class Wire:
    """Listens to a driver session for the tasks that run under a Plan."""

    def __init__(self, session):
        self.session = session
        self._waiting: set[int] = set()  # statements sent under a plan, not answered yet
        self._lock = threading.Lock()
        session.add_request_init_listener(self._sent)

    def _sent(self, response_future) -> None:
        plan = PLAN.get()
        if plan is None:
            return
        query = response_future.query
        plan.sent.append(getattr(getattr(query, "prepared_statement", None), "query_string", str(query)))
        key = id(response_future)
        with self._lock:
            self._waiting.add(key)
        # Both may run (the driver calls the errbacks when another callback raised): discard twice.
        response_future.add_callbacks(lambda _: self._answered(key), lambda _: self._answered(key))
        action = plan.at.get(len(plan.sent))
        if action is not None:
            action(plan, response_future)

    def _answered(self, key: int) -> None:
        with self._lock:
            self._waiting.discard(key)

    def settle(self, timeout: float = 60) -> None:
        """Wait until every statement sent under a plan has its answer: the database has
        decided all of them, whether or not anybody still waits for the answer."""
        deadline = time.monotonic() + timeout
        while self._waiting:
            assert time.monotonic() < deadline, f"{len(self._waiting)} statements still unanswered"
            time.sleep(0.05)
