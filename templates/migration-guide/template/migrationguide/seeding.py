"""What `seed.py` writes, through the LEFT hand (cqlengine), as the app being ported did:
fake test runs, or the runs of a feed file. coodie reads them back (verify, the pages)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from faker import Faker

from . import queries
from .kit.seedkit import SeedSpec, key
from .kit.stable_ids import stable_timeuuid
from .models import Run, RunCounts
from .schemas import FeedRow

# Fake dates count back from a fixed day, so --seed gives the same data on any day.
ANCHOR = datetime(2026, 1, 1)
SPREAD_DAYS = 60
TESTS = [
    "longevity-100gb-4h",
    "rolling-upgrade",
    "gemini-3h",
    "repair-with-tablets",
    "driver-matrix-java",
    "manager-backup",
]
TAGS = ["nightly", "weekly", "tablets", "arm64", "aws", "gce", "flaky"]


def run_id(row: FeedRow) -> UUID:
    """The run's id, or a timeuuid of started_at whose other bits are a hash of test and build."""
    return row.run_id or stable_timeuuid(row.started_at.replace(tzinfo=UTC), row.test_id, row.build_number)


def fake_rows(faker: Faker, rng: random.Random, count: int) -> Iterator[FeedRow]:
    people = [faker.uuid4(cast_to=None) for _ in range(4)]
    for number in range(count):
        test_id = rng.choice(TESTS)
        started = ANCHOR - timedelta(
            seconds=rng.randint(0, SPREAD_DAYS * 86400), milliseconds=rng.randint(0, 999)
        )
        yield FeedRow(
            test_id=test_id,
            test_name=test_id.replace("-", " ").capitalize(),
            started_at=started,
            status=rng.choices(["passed", "failed", "running"], weights=[7, 2, 1])[0],
            build_number=number + 1,
            duration=round(rng.uniform(60, 4 * 3600), 3),
            cost=Decimal(rng.randint(10, 50_000)) / 100,
            investigated=rng.random() < 0.3,
            assignee=rng.choice([*people, None]),
            scylla_version=f"2026.{rng.randint(1, 3)}.{rng.randint(0, 9)}",
            tags=" ".join(sorted(rng.sample(TAGS, rng.randint(0, 3)))),
            log_url=f"https://argus.example.com/logs/{test_id}/{number + 1}" if rng.random() < 0.8 else None,
        )


def write_row(row: FeedRow) -> list:
    run = row.fields(run_id(row))
    # The counter first: a run is never there without its test's counts row (the agreement),
    # even when the seed stops between the two writes.
    queries.count_run_with_cqlengine(row.test_id, row.status)
    queries.write_run_with_cqlengine(run)
    return [key(RunCounts.table_name(), row.test_id), key(Run.table_name(), row.test_id, run["run_id"])]


def agreement(cql) -> list[str]:
    """Every test with runs has its counts row; a test's runs all carry its one static name."""
    counted = {row.test_id for row in cql("SELECT test_id FROM {ks}.run_counts")}
    names: dict[str, set[str]] = {}
    for row in cql("SELECT test_id, test_name FROM {ks}.test_runs"):
        names.setdefault(row.test_id, set()).add(row.test_name)
    problems = [f"test {test_id}: runs but no counts row" for test_id in names if test_id not in counted]
    problems += [f"test {test_id}: names {sorted(n)}" for test_id, n in names.items() if len(n) != 1]
    return problems


SPEC = SeedSpec(
    "runs",
    FeedRow,
    fake_rows,
    write_row,
    concurrency=16,
    models=[Run, RunCounts],
    agreement=agreement,
    rerun="adds",
    rerun_note="with --reset: a test's passed and failed counters add up again on a second run",
)
