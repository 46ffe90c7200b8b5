"""The traffic simulator: bounded, one at a time, and every hit it counted is in the counters."""

import os
import subprocess
import sys
from datetime import timedelta

from analytics.kit.testing import PROJECT
from analytics.kit.waiting import eventually
from analytics.schemas import today


def views_on(session, settings, days) -> int:
    cql = f"SELECT views FROM {settings.keyspace}.page_views_by_day WHERE day = %s"
    return sum(row.views for day in days for row in session.execute(cql, [day]))


def finished(client) -> dict | None:
    """The simulator's status once its run is over; None while it runs."""
    status = client.get("/api/simulator").json()
    return None if status["running"] else status


def test_button_run_counts_exactly_what_it_sent(client, session, settings, figures):
    days = {today(), today() + timedelta(days=1)}  # a run that crosses midnight UTC
    before = views_on(session, settings, days)

    started = client.post("/api/simulator", json={"rate": 100, "seconds": 2})
    assert started.status_code == 202 and started.json()["running"] is True
    again = client.post("/api/simulator", json={"rate": 5, "seconds": 1})
    assert again.status_code == 409  # one run at a time

    status = eventually(lambda: finished(client), 60, what="the simulated run to finish")
    assert status["sent"] == 200 and status["failed"] == 0
    assert status["counted"] == 200
    assert views_on(session, settings, days) - before == status["counted"]
    assert status["elapsed"] >= 1.9  # paced: 100 a second, not all at once
    figures.append(f"simulator button: {status['counted']} hits at 100/s in {status['elapsed']:.2f}s")


def test_simulator_form_rejects_unbounded_runs(client):
    response = client.post("/simulate", data={"rate": "1000", "seconds": "0"})
    assert response.status_code == 422
    assert 'id="rate-error"' in response.text and 'id="seconds-error"' in response.text


def test_cli_sends_rate_times_seconds_hits(session, settings, figures):
    days = {today(), today() + timedelta(days=1)}
    before = views_on(session, settings, days)
    result = subprocess.run(
        [sys.executable, "-m", "analytics.simulate", "--rate", "50", "--seconds", "2", "--seed", "3"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    assert result.returncode == 0, result.stderr
    assert "100 hits sent, 100 counted, 0 failed" in result.stdout
    assert views_on(session, settings, days) - before == 100
    figures.append("simulate CLI: " + result.stdout.strip().splitlines()[-1])


def test_cli_without_a_database_is_one_line_and_exit_1():
    result = subprocess.run(
        [sys.executable, "-m", "analytics.simulate", "--seconds", "1"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SCYLLA_PORT": "1", "NO_COLOR": "1"},
    )
    assert result.returncode == 1
    assert "cannot reach the database at 127.0.0.1:1" in result.stderr and "Traceback" not in result.stderr
