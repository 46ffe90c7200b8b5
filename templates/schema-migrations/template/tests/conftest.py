"""Fixtures for the roster's tests; the database ones come from roster.kit.testing."""

import uuid

import pytest
from coodie.drivers import get_driver

from roster.models import Member

pytest_plugins = ("roster.kit.testing",)

ROWS = 120  # enough for several pages of the backfill and rows in most token sub-ranges
NAMES = [
    "20260601_001_add_plan",
    "20260601_002_index_city",
    "20260601_003_backfill_email_domain",
    "20260601_004_rename_full_name",
]


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"full_name"}, 4: {"email"}, 5: {"city"}}


@pytest.fixture
def keyspace(session, settings, monkeypatch):
    """A fresh keyspace with the day-one members table and ROWS members in it."""
    name = f"{settings.keyspace[:36]}_m{uuid.uuid4().hex[:6]}"
    session.execute(
        f"CREATE KEYSPACE {name} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
    )
    session.execute(
        f"CREATE TABLE {name}.members"
        " (id uuid PRIMARY KEY, full_name text, email text, city text, joined_at timestamp)"
    )
    insert = session.prepare(
        f"INSERT INTO {name}.members (id, full_name, email, city, joined_at) VALUES (?, ?, ?, ?, ?)"
    )
    for i in range(ROWS):
        m = Member(full_name=f"Member {i}", email=f"m{i}@Example{i % 3}.com", city=f"City{i % 5}")
        session.execute(insert, [m.id, m.full_name, m.email, m.city, m.joined_at])
    get_driver()._default_keyspace = name  # the migrations find their keyspace on the driver
    monkeypatch.setenv("SCYLLA_KEYSPACE", name)  # the pages and commands read it per request
    yield name
    get_driver()._default_keyspace = settings.keyspace
    session.execute(f"DROP KEYSPACE IF EXISTS {name}", timeout=60)
