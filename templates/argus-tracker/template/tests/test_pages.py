"""The pages: releases, a test's runs newest first, a run with its kind's section, events,
comments that notify, reactions, and notifications with their unread count."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from cassandra.util import uuid_from_time

from tracker import queries
from tracker.models import Event, Release, Test, User

START = datetime(2026, 2, 27, tzinfo=UTC)


@pytest.fixture(scope="module")
def tracker(app):
    """A release with one test of each kind, a few runs, events, and two users."""
    release = f"r{uuid4().hex[:6]}"
    queries.save_release(Release(name=release, title="Pages release"))
    made = {}
    for kind, name in (("cluster", "longevity"), ("driver-matrix", "python-matrix")):
        test = Test(release=release, name=name, test_id=uuid4(), kind=kind)
        queries.save_test(test)
        fields = {
            "cluster": {"scylla_version": "2026.1.0", "nodes": 3},
            "driver-matrix": {"driver": "gocql", "versions": ["1.16.1"]},
        }[kind]
        runs = []
        for i in range(4):  # two in February, two in March
            run = queries.new_run(test, START + timedelta(days=i), build_number=i + 1, **fields)
            queries.record_run(run, test)
            runs.append(run)
        made[kind] = (test, runs)
    cluster_run = made["cluster"][1][-1]
    events = [
        Event(
            run_id=cluster_run.run_id,
            severity="ERROR",
            event_id=uuid_from_time(START + timedelta(minutes=i)),
            event_type="DatabaseLogEvent",
            message=f"error {i}",
        )
        for i in range(7)
    ]
    queries.save_event_batch(events)
    users = {}
    for name in ("pat", "quinn"):
        user = User(user_id=uuid4(), name=f"{name}{uuid4().hex[:4]}")
        queries.save_user(user)
        users[name] = user
    return {"release": release, "made": made, "run": cluster_run, "users": users}


def test_releases_list_their_tests(client, tracker):
    html = client.get("/").text
    assert "Pages release" in html
    assert f"/releases/{tracker['release']}/tests/longevity" in html and "Driver matrix" in html


@pytest.mark.parametrize("kind", ["cluster", "driver-matrix"])
def test_a_tests_runs_come_newest_first_across_months(client, tracker, kind):
    test, runs = tracker["made"][kind]
    html = client.get(f"/releases/{test.release}/tests/{test.name}").text
    builds = re.findall(r">#(\d+)</a>", html)
    assert builds == ["4", "3", "2", "1"]
    assert queries.plugin(kind).summary(runs[0]).split(" ")[0] in html


def test_a_run_page_shows_its_kinds_section_and_the_latest_events(client, tracker):
    run = tracker["run"]
    html = client.get(f"/runs/{run.run_id}").text
    assert "kind-cluster" in html and "2026.1.0" in html
    assert re.findall(r": error (\d)</li>", html) == ["6", "5", "4", "3", "2"]  # the newest 5 of 7


def test_a_comment_notifies_who_it_mentions_and_reactions_count(client, submit, tracker):
    run, pat, quinn = tracker["run"], tracker["users"]["pat"], tracker["users"]["quinn"]
    page = f"/runs/{run.run_id}"
    response = submit(
        page,
        {"author": pat.name, "message": f"@{quinn.name} look at error 6 <b>now</b>"},
        action=f"{page}/comments",
    )
    assert response.status_code == 303
    html = client.get(page).text
    assert "look at error 6 &lt;b&gt;now&lt;/b&gt;" in html and "mentions 1" in html
    comment_id = re.search(r'id="comment-([0-9a-f-]+)"', html).group(1)
    for _ in range(2):
        submit(page, {"emoji": "✓"}, action=f"{page}/comments/{comment_id}/reactions")
    assert "✓ 2" in client.get(page).text
    inbox = f"/users/{quinn.name}/notifications"
    html = client.get(inbox).text
    assert "1 unread" in html and f"{pat.name} mentioned you" in html
    note_id = re.search(r"/notifications/([0-9a-f-]+)/read", html).group(1)
    assert submit(inbox, {}, action=f"{inbox}/{note_id}/read").status_code == 303
    assert submit(page, {}, action=f"{inbox}/{note_id}/read").status_code == 303  # twice: still right
    assert "0 unread" in client.get(inbox).text


def test_the_comment_form_says_what_is_wrong_beside_the_field(submit, tracker):
    page = f"/runs/{tracker['run'].run_id}"
    response = submit(page, {"author": "nobody-here", "message": ""}, action=f"{page}/comments")
    assert response.status_code == 422
    assert 'id="message-error"' in response.text
    response = submit(page, {"author": "nobody-here", "message": "hi"}, action=f"{page}/comments")
    assert response.status_code == 422 and "no user named" in response.text


def test_unknown_things_are_404_and_a_bad_reaction_400(client, submit, tracker):
    assert client.get(f"/runs/{uuid_from_time(START)}").status_code == 404
    assert client.get(f"/runs/{uuid4()}").status_code == 404  # not a timeuuid
    assert client.get(f"/releases/{tracker['release']}/tests/nope").status_code == 404
    assert client.get("/users/nobody-here/notifications").status_code == 404
    page = f"/runs/{tracker['run'].run_id}"
    bad = submit(page, {"emoji": "x"}, action=f"{page}/comments/{uuid_from_time(START)}/reactions")
    assert bad.status_code == 400
