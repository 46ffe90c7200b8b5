"""manage.py commands as a user runs them: sync_cassandra, check --deploy, and their errors."""

import os
import secrets
import subprocess
import sys

import pytest

from taskboard.kit.testing import PROJECT


def manage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**os.environ, **(env or {}), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_keyspace(session, settings):
    """A keyspace that does not exist yet; dropped afterwards."""
    name = f"{settings.keyspace}_sync"[:48]
    yield name
    session.execute(f"DROP KEYSPACE IF EXISTS {name}", timeout=60)


def test_sync_cassandra_creates_keyspace_and_tables_and_twice_is_harmless(session, fresh_keyspace):
    first = manage("sync_cassandra", env={"SCYLLA_KEYSPACE": fresh_keyspace})
    assert first.returncode == 0, first.stderr
    assert f"keyspace {fresh_keyspace}" in first.stdout
    assert "task_events" in first.stdout and "created" in first.stdout

    tables = {
        row.table_name
        for row in session.execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = %s", [fresh_keyspace]
        )
    }
    assert tables == {"task_event_months", "task_events", "board_status_counters"}

    second = manage("sync_cassandra", env={"SCYLLA_KEYSPACE": fresh_keyspace})
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("up to date") == 3 and "created" not in second.stdout


def test_sync_cassandra_without_a_database_is_one_line(fresh_keyspace):
    result = manage("sync_cassandra", env={"SCYLLA_PORT": "1", "SCYLLA_KEYSPACE": fresh_keyspace})
    assert result.returncode == 1
    assert "cannot reach the database at 127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "tasks.example.com",
}


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_development_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    assert "security.W008" in result.stderr  # no redirect to HTTPS
    assert "security.W018" not in result.stderr  # DEBUG is off unless asked for


SHOW_DEBUG = ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)"]


@pytest.mark.parametrize("value, shown", [("", "False"), ("0", "False"), ("1", "True")])
def test_debug_pages_only_when_asked_for(value, shown):
    result = manage(*SHOW_DEBUG, env={"DJANGO_DEBUG": value})  # "": as if unset
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == shown


@pytest.mark.parametrize("env", [{**PRODUCTION, "DJANGO_DEBUG": "1"}, {"DJANGO_DEBUG": "maybe"}])
def test_a_debug_setting_production_cannot_take_is_one_line(env):
    result = manage("check", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line
    assert result.stderr.startswith("error: DJANGO_DEBUG")


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {**PRODUCTION, missing: ""}
    result = manage("check", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line
    assert f"error: {missing} is not set" in result.stderr


def test_development_key_is_generated_once_into_an_ignored_folder(tmp_path):
    env = {"TASKBOARD_STATE_DIR": str(tmp_path / "state")}
    show = ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]
    first, second = manage(*show, env=env), manage(*show, env=env)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and second.stdout.strip() == key
    assert (tmp_path / "state" / "secret_key").stat().st_mode & 0o077 == 0  # readable by you only
    assert (tmp_path / "state" / ".gitignore").read_text().splitlines()[-1] == "*"
