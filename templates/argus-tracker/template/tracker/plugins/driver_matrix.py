"""Driver matrix runs: one driver's test suite run against several of its versions."""

from __future__ import annotations

import random
from typing import Any

from faker import Faker

from ..models import DriverMatrixRun
from ._plugin import Plugin

DRIVERS = {
    "python-driver": ["3.28.2", "3.29.0", "3.29.3"],
    "java-driver": ["4.18.1", "4.19.0"],
    "gocql": ["1.14.4", "1.15.0", "1.16.1"],
    "rust-driver": ["1.0.0", "1.1.0"],
}


def summary(run: DriverMatrixRun) -> str:
    return f"{run.driver} × {len(run.versions)} versions · {run.tests_failed}/{run.tests_total} failed"


def fake_fields(faker: Faker, rng: random.Random) -> dict[str, Any]:
    driver = rng.choice(sorted(DRIVERS))
    versions = DRIVERS[driver]
    total = rng.randint(200, 900)
    return {
        "driver": driver,
        "versions": rng.sample(versions, rng.randint(1, len(versions))),
        "tests_total": total,
        "tests_failed": rng.choice([0, 0, 0, rng.randint(1, 25)]),
    }


def from_feed(columns: dict[str, Any]) -> dict[str, Any]:
    """A feed names the versions as one cell, "3.28.2;3.29.0"."""
    return columns | {"versions": [v.strip() for v in columns["versions"].split(";") if v.strip()]}


PLUGIN = Plugin(
    "driver-matrix",
    "Driver matrix",
    DriverMatrixRun,
    summary,
    fake_fields,
    feed_columns=("driver", "versions", "tests_total", "tests_failed"),
    from_feed=from_feed,
)
