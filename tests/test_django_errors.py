"""django-taskboard as `make run` serves it, with no setting changed: never a debug page.

Django's debug pages show tracebacks and settings to whoever loads the page; the demo shows
them only with DJANGO_DEBUG=1. Served by the registry's run command with the default
environment, a missing page is the shared 404 page, a server error the shared 500 page (its
traceback in the server's console), and the static files are still served. (A database that
is away is a 503 page: test_outage.py.)
"""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from harness import DEMOS, run
from served import DEBUG_PAGE_MARKS, django_login, serve

DEMO = "django-taskboard"
pytestmark = pytest.mark.demos(DEMO)


@pytest.fixture
def state(tmp_path):
    """The demo's SQLite file and secret key: a folder of this test's own."""
    return tmp_path / "state"


@pytest.fixture
def app(built_demo, state, tmp_path):
    built = built_demo(DEMO)
    keyspace = f"errors_{DEMOS[DEMO]['keyspace']}_{uuid.uuid4().hex[:6]}"
    env = {
        "TASKBOARD_STATE_DIR": str(state),
        "SCYLLA_KEYSPACE": keyspace,
        "DJANGO_DEBUG": "",
        "DJANGO_ENV": "",
    }
    run([str(built.python), "seed.py", "--count", "3", "--seed", "1"], built.path, env={**built.env(), **env})
    served = serve(built, tmp_path / "app.log", env)
    try:
        served.wait_until_serving()
        yield served
    finally:
        served.stop()
        run(
            [str(built.python), "-c", DROP.format(keyspace=keyspace)],
            built.path,
            env=built.env(),
            check=False,
        )


DROP = """
from cassandra.cluster import Cluster
from taskboard.kit.settings import Settings
s = Settings.from_env()
cluster = Cluster(s.hosts, port=s.port)
cluster.connect().execute("DROP KEYSPACE IF EXISTS {keyspace}", timeout=60)
cluster.shutdown()
"""


def assert_shared_page(answer, status: int, text: str) -> None:
    assert answer.status == status, answer
    assert not any(mark in answer.body for mark in DEBUG_PAGE_MARKS), f"a debug page: {answer}"
    assert text in answer.body and f"<title>{status} ·" in answer.body, answer


def test_static_files_are_served_without_debug(app):
    theme = app.get("/static/theme.css")
    assert theme.status == 200 and "--radius" in theme.body, theme
    admin_css = app.get("/static/admin/css/base.css")  # the admin's own, found by the finders
    assert admin_css.status == 200, admin_css


def test_a_missing_page_is_the_shared_404_page(app):
    assert_shared_page(app.get("/no-such-page/"), 404, "No such page")
    django_login(app)
    assert_shared_page(app.get("/boards/no-such-board/"), 404, "No such page")


def test_a_server_error_is_the_shared_500_page_and_its_traceback_is_in_the_console(app, state):
    django_login(app)
    assert app.get("/").status == 200
    # A real server error: the SQLite table lost a column the boards page reads.
    with sqlite3.connect(state / "db.sqlite3") as db:
        db.execute("ALTER TABLE tasks_board RENAME COLUMN name TO name_renamed")
    assert_shared_page(app.get("/"), 500, "Something went wrong on our side")
    assert "Traceback" in app.output() and "no such column" in app.output()
