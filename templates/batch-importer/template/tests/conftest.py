"""Fixtures for the importer's tests; the database ones come from importer.kit.testing."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest_plugins = ("importer.kit.testing",)


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/orders.csv, with their columns (line 2 is good)."""
    return {3: {"ordered_at"}, 4: {"amount"}, 5: {"customer_id"}, 6: {"items", "status"}}


@pytest.fixture
def importer(session):
    """Run the real `python -m importer` in a subprocess, on the test keyspace."""
    from importer.kit.testing import PROJECT, seed_env

    def run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "importer", *args],
            cwd=PROJECT,
            env=seed_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def empty_orders(session, settings):
    """Both order tables emptied first: the test counts whole tables."""
    for table in ("orders_by_customer", "orders_by_hour"):
        session.execute(f"TRUNCATE {settings.keyspace}.{table}", timeout=60)


@pytest.fixture
def orders_file(tmp_path):
    """`orders_file(count, name="orders.csv", seed=7)`: a generated order file (importer.generate)."""
    from importer import generate

    def make(count: int, name: str = "orders.csv", seed: int = 7, customers: int = 200) -> Path:
        path = tmp_path / name
        start = datetime(2026, 11, 1, tzinfo=UTC)
        generate.write_file(path, generate.orders(count, seed, customers, 3, start))
        return path

    return make
