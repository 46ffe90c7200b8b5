"""Fixtures for the task board's tests; the Cassandra ones come from taskboard.kit.testing.

Order matters: Django must read its settings after taskboard.kit.testing has chosen this test
session's keyspace, so the settings module is only named here, and Django is set up in
pytest_configure, once the plugin below is loaded.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskboard.django_settings")
# The `session` fixture opens the tests' connection (and drops the test keyspace at the end).
os.environ["CASSANDRA_CONNECT_ON_READY"] = "0"
# seed.py and manage.py run as subprocesses: they use this SQLite file, never your .taskboard/.
_STATE = tempfile.mkdtemp(prefix="taskboard-tests-")
os.environ["TASKBOARD_STATE_DIR"] = _STATE
os.environ["TASKBOARD_SQLITE_PATH"] = str(Path(_STATE) / "db.sqlite3")

pytest_plugins = ("taskboard.kit.testing",)


def pytest_configure(config):
    import django

    django.setup()
    from django.conf import settings

    # Never run the tests against the keyspace your app uses.
    assert settings.CASSANDRA.keyspace.startswith("test_"), settings.CASSANDRA.keyspace


def pytest_unconfigure(config):
    shutil.rmtree(_STATE, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def cassandra(session):
    """The test keyspace with the board's tables, for every test."""
    from taskboard.kit import schema
    from taskboard.models import MODELS

    schema.sync_models(MODELS)
    return session


@pytest.fixture
def user(db, django_user_model):
    return django_user_model.objects.create_user("ada", password="correct horse battery")


@pytest.fixture
def board(db, user):
    """A fresh board with `ada` as a member (UUID keys: no two tests share Cassandra rows)."""
    from uuid import uuid4

    from taskboard.tasks.models import Board

    board = Board.objects.create(name="Test board", slug=f"test-{uuid4().hex[:8]}")
    board.members.add(user)
    return board


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"title"}, 4: {"status"}, 5: {"moves"}, 6: {"created_by"}}
