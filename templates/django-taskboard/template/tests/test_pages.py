"""Pages every visitor sees: /schema, the boards list, missing things."""

import re

from test_commands import manage


def test_schema_page_shows_the_create_statements_without_a_login(client):
    html = client.get("/schema").text
    assert html.count("CREATE TABLE IF NOT EXISTS") == 3
    assert re.search(r"PRIMARY KEY \(\(&#34;board_id&#34;, &#34;month&#34;\), &#34;event_id&#34;\)", html)
    assert "CLUSTERING ORDER BY (&#34;event_id&#34; DESC)" in html
    assert "&#34;tasks&#34; counter" in html


def test_boards_list_is_sql_only(logged_in, board):
    html = logged_in.get("/").text
    assert board.name in html
    assert "No statements: this page was served without touching the database." in html


def test_missing_board_is_404(logged_in):
    response = logged_in.get("/boards/no-such-board/")
    assert response.status_code == 404
    assert "Not found" in response.text


SETUP_PROBE = """
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from taskboard.kit import db
from taskboard.tasks.models import Board

db.connect(settings.CASSANDRA)  # as a serving process did before its tables were dropped
user = get_user_model().objects.create_user("setup-probe")
board = Board.objects.create(name="Probe", slug="setup-probe")
board.members.add(user)
client = Client()
client.force_login(user)
response = client.get("/boards/setup-probe/")
print(response.status_code, "manage.py sync_cassandra" in response.text)
board.delete(); user.delete()
"""


def _bare_keyspace(session, settings) -> str:
    """A keyspace without the board's tables (as before `make schema`)."""
    bare = f"{settings.keyspace}_bare"[:48]
    replication = "{'class': 'SimpleStrategy', 'replication_factor': 1}"
    session.execute(f"CREATE KEYSPACE IF NOT EXISTS {bare} WITH replication = {replication}", timeout=60)
    return bare


def test_a_serving_process_without_its_tables_stops_with_one_line(session, settings):
    """The web process never creates tables (kit/schema.py): it names the command that does."""
    bare = _bare_keyspace(session, settings)
    env = {"CASSANDRA_CONNECT_ON_READY": "1", "SCYLLA_KEYSPACE": bare}
    try:
        result = manage("shell", "-v", "0", "-c", "print('served')", env=env)
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {bare}", timeout=60)
    assert result.returncode == 1 and "served" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the database lacks table task_event_months")
    assert lines[0].endswith("run `python manage.py sync_cassandra` first (it creates them)")


def test_tables_dropped_under_a_running_app_are_a_hint_not_a_traceback(session, settings):
    assert manage("migrate", "-v", "0").returncode == 0
    bare = _bare_keyspace(session, settings)
    env = {"CASSANDRA_CONNECT_ON_READY": "0", "SCYLLA_KEYSPACE": bare, "DJANGO_ALLOWED_HOSTS": "testserver"}
    try:
        result = manage("shell", "-v", "0", "-c", SETUP_PROBE, env=env)
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {bare}", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 True"
