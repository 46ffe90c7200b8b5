"""When Django connects to Cassandra: once per serving process, never in the autoreloader's watcher."""

import pytest
from django.test import override_settings
from test_commands import manage

from taskboard.kit.web import should_connect

CASES = [
    (["manage.py", "runserver"], {}, False),  # the autoreloader's parent only watches files
    (["manage.py", "runserver"], {"RUN_MAIN": "true"}, True),  # its child serves
    (["manage.py", "runserver", "--noreload"], {}, True),
    (["./manage.py", "shell"], {}, True),
    (["manage.py", "migrate"], {}, False),
    (["manage.py", "sync_cassandra"], {}, False),  # connects by itself, in handle()
    (["/usr/lib/python3/site-packages/django/__main__.py", "check"], {}, False),
    (["/srv/app/.venv/bin/gunicorn", "taskboard.wsgi"], {}, True),
]


@pytest.mark.parametrize("argv, environ, expected", CASES)
def test_should_connect(argv, environ, expected):
    with override_settings(CASSANDRA_CONNECT_ON_READY=True):
        assert should_connect(argv, environ) is expected


def test_the_setting_turns_it_off():
    with override_settings(CASSANDRA_CONNECT_ON_READY=False):
        assert should_connect(["/srv/app/.venv/bin/gunicorn", "taskboard.wsgi"], {}) is False


def test_shell_connects_in_ready():
    probe = "from taskboard.kit import connection; print(connection._session is not None)"
    result = manage("shell", "-v", "0", "-c", probe, env={"CASSANDRA_CONNECT_ON_READY": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_sql_only_commands_work_with_cassandra_down():
    result = manage("check", env={"CASSANDRA_CONNECT_ON_READY": "1", "SCYLLA_PORT": "1"})
    assert result.returncode == 0, result.stderr


def test_a_serving_process_without_cassandra_stops_with_one_line():
    result = manage(
        "shell", "-c", "print('unreachable')", env={"CASSANDRA_CONNECT_ON_READY": "1", "SCYLLA_PORT": "1"}
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: cannot reach the database at 127.0.0.1:1: connection refused (start one with `make db`, "
        "or point SCYLLA_HOSTS and SCYLLA_PORT at yours)"
    )


FORK_PROBE = """
import os, uuid
from taskboard.kit import connection
from taskboard.models import TaskEventMonth
parent = connection._session
pid = os.fork()
if pid == 0:  # a worker, as gunicorn --preload or uWSGI without lazy-apps would fork it
    ok = connection.reconnect() is not parent and TaskEventMonth.find(board_id=uuid.uuid4()).all() == []
    os._exit(0 if ok else 3)
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""


def test_a_forked_worker_reconnects_and_queries():
    result = manage("shell", "-v", "0", "-c", FORK_PROBE, env={"CASSANDRA_CONNECT_ON_READY": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
