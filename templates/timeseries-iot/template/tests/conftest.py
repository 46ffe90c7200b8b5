"""Fixtures for the telemetry tests; the database ones come from telemetry.kit.testing."""

import asyncio
import uuid

import pytest

pytest_plugins = ("telemetry.kit.testing",)


@pytest.fixture
def run():
    """Run a coroutine under a deadline: a test fails instead of hanging."""

    def run_with_deadline(coro, timeout: float = 120):
        return asyncio.run(asyncio.wait_for(coro, timeout))

    return run_with_deadline


@pytest.fixture
def sensor_id() -> str:
    """A sensor no other test writes to: partitions of its own."""
    return f"test-{uuid.uuid4().hex[:12]}"


# Figures the tests measured, printed at the end of the run (pytest's summary).
FIGURES: list[str] = []


@pytest.fixture
def figures() -> list[str]:
    return FIGURES


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("telemetry figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"sensor_id"}, 4: {"ts"}, 5: {"kind"}, 6: {"value"}}
