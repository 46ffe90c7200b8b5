"""The database fails under running apps: every framework answers 503 naming what happened.

One demo per framework (fastapi-catalog, flask-blog, django-taskboard; those of them in
DEMOS=a,b) is seeded on a Cassandra node of the test's own (own_node.py, never the shared
127.0.0.1) and served by its own run command, all at once. Then, for real:

  too few replicas   a keyspace with replication factor 3 read at QUORUM on one node:
                     the node refuses at once (Unavailable)
  a hung database    the node is paused (SIGSTOP): the client gives up after 20 s
  an outage          the node is stopped for OUTAGE_SECONDS: "cannot reach"; then it starts
                     again, and per app the test measures the seconds from the node answering
                     CQL to the app's first 200: at most RECOVERY_LIMIT_S, however long the
                     outage was (the driver's default back-off grows to 600 s between
                     attempts; kit/db.py caps it)

Every answer meanwhile must be the shared error page (or the API's JSON), never a debug page.

    OUTAGE_SECONDS   how long the node stays down (default 65: past the default back-off's
                     64 s step, after which an uncapped driver waits about a minute more)
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from pathlib import Path

import pytest
from harness import DEMOS, SELECTED, BuiltDemo, run
from own_node import OwnNode
from served import DEBUG_PAGE_MARKS, Answer, ServedApp, django_login, first_link, serve

OUTAGE_SECONDS = float(os.environ.get("OUTAGE_SECONDS", "65"))
RECOVERY_LIMIT_S = 15
WATCH_S = 150  # how long after the node is back the test keeps measuring an app that is not
POLL_S = 0.25
FRAMEWORK_DEMOS = ["fastapi-catalog", "flask-blog", "django-taskboard"]
OUTAGE_DEMOS = [d for d in FRAMEWORK_DEMOS if d in SELECTED]
# A JSON API answers the same failure as JSON: {"detail": "..."}.
API_PATHS = {"fastapi-catalog": "/api/products", "flask-blog": "/api/posts"}
TRY_AGAIN = "Try again in a moment."

pytestmark = pytest.mark.demos(*FRAMEWORK_DEMOS)


@pytest.fixture(scope="module")
def node():
    own = OwnNode()
    try:
        own.start()
        yield own
        if own.answers():
            own.drop_keyspaces("outage_")
    finally:
        own.shut_down()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("outage")


def state_env(built: BuiltDemo, folder: Path) -> dict[str, str]:
    """A Django demo keeps SQLite and its secret key in <PACKAGE>_STATE_DIR: one of the test's
    own, so the harness's seeded demo is left as it was."""
    if DEMOS[built.demo]["framework"] != "django":
        return {}
    return {f"{DEMOS[built.demo]['package'].upper()}_STATE_DIR": str(folder / built.demo)}


def seeded(built: BuiltDemo, node: OwnNode, folder: Path, **settings: str) -> dict[str, str]:
    """The environment that points the demo at the node, in a keyspace of its own, seeded."""
    env = {
        "SCYLLA_HOSTS": node.ip,
        "SCYLLA_PORT": str(node.port),
        "SCYLLA_KEYSPACE": f"outage_{DEMOS[built.demo]['keyspace']}_{uuid.uuid4().hex[:6]}",
        **state_env(built, folder),
        **settings,
    }
    run([str(built.python), "seed.py", "--count", "5", "--seed", "1"], built.path, env={**built.env(), **env})
    return env


def database_pages(app: ServedApp) -> list[str]:
    """A page that reads Cassandra (logged in first where pages need it), and its API twin."""
    if app.demo == "django-taskboard":
        django_login(app)
        return [first_link(app.get("/"), r"/boards/[\w-]+/") + "activity/"]
    return ["/", *([API_PATHS[app.demo]] if app.demo in API_PATHS else [])]


def served_all(builds: list[BuiltDemo], envs: list[dict], folder: Path, name: str) -> dict[str, ServedApp]:
    apps = {
        b.demo: serve(b, folder / f"{b.demo}-{name}.log", env) for b, env in zip(builds, envs, strict=True)
    }
    try:
        for app in apps.values():
            app.wait_until_serving()
    except BaseException:
        stop_all(apps)
        raise
    return apps


def stop_all(apps: dict[str, ServedApp]) -> None:
    for app in apps.values():
        app.stop()


def not_the_error_page(answer: Answer, status: int, detail: str) -> str | None:
    """None when the answer is the shared error page (or the API's JSON) with this status and
    message and the hint to try again; else what is wrong with it."""
    if answer.status != status:
        return f"answered {answer}"
    if answer.body.lstrip().startswith("{"):
        text = json.loads(answer.body).get("detail", "")
    else:
        if any(mark in answer.body for mark in DEBUG_PAGE_MARKS):
            return f"a debug page: {answer}"
        text = " ".join(answer.body.split())
    return None if detail in text and TRY_AGAIN in text else f"no '{detail}' in {answer}"


def check_all(apps: dict[str, ServedApp], pages: dict[str, list[str]], status: int, detail: str) -> list[str]:
    """GET every page of every app at once (a hung database holds each for its time limit)."""
    problems: list[str] = []

    def check(app: ServedApp, path: str) -> None:
        problem = not_the_error_page(app.get(path, timeout=60), status, detail)
        if problem:
            problems.append(f"{app.demo} GET {path}: {problem}")

    threads = [threading.Thread(target=check, args=(apps[d], p)) for d in apps for p in pages[d]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return problems


@pytest.fixture(scope="module")
def running(node, built_demo, folder):
    """The demos seeded on the node and served; {demo: app} and {demo: its database pages}."""
    assert OUTAGE_DEMOS, "DEMOS names none of the demos this module serves"
    builds = [built_demo(demo) for demo in OUTAGE_DEMOS]
    apps = served_all(builds, [seeded(b, node, folder) for b in builds], folder, "outage")
    try:
        pages = {demo: database_pages(app) for demo, app in apps.items()}
        yield apps, pages
    finally:
        stop_all(apps)


def test_too_few_replicas_is_a_503_naming_the_consistency_level(node, built_demo, folder):
    """Replication factor 3 on one node: QUORUM needs 2 replicas, one is alive."""
    builds = [built_demo(demo) for demo in OUTAGE_DEMOS]
    quorum = folder / "quorum"
    quorum.mkdir()
    envs = [
        {**seeded(b, node, quorum, SCYLLA_REPLICATION="3"), "SCYLLA_CONSISTENCY": "QUORUM"} for b in builds
    ]
    apps = served_all(builds, envs, quorum, "quorum")
    try:
        pages = {demo: database_pages(app) for demo, app in apps.items()}
        detail = "too few replicas alive for consistency QUORUM: 1 alive, 2 needed"
        problems = check_all(apps, pages, 503, detail)
    finally:
        stop_all(apps)
    assert not problems, "\n".join(problems)


def test_a_hung_database_is_a_503_naming_the_time_limit(node, running):
    apps, pages = running
    for demo, app in apps.items():
        assert app.get(pages[demo][0]).status == 200, app.output()[-3000:]
    node.pause()
    try:
        detail = f"the database at {node.ip}:{node.port} timed out: no answer within 20 s"
        problems = check_all(apps, pages, 503, detail)
        if problems:  # say whether the node was still paused when an app answered
            problems.append(f"the node afterwards: {node.paused_state()}; answers CQL: {node.answers()}")
    finally:
        node.resume()
    assert not problems, "\n".join(problems)
    deadline = time.monotonic() + 30
    for demo, app in apps.items():
        while app.get(pages[demo][0]).status != 200:
            assert time.monotonic() < deadline, f"{demo} did not answer 200 within 30 s of the node resuming"
            time.sleep(POLL_S)


def _watch_recovery(app: ServedApp, path: str, until: float, first_200: dict[str, float]) -> None:
    while time.monotonic() < until:
        try:
            if app.get(path, timeout=10).status == 200:
                first_200[app.demo] = time.monotonic()
                return
        except OSError:
            pass
        time.sleep(POLL_S)


def test_an_outage_is_a_503_naming_it_and_the_apps_recover_within_seconds(node, running):
    apps, pages = running
    for demo, app in apps.items():
        assert app.get(pages[demo][0]).status == 200, app.output()[-3000:]

    node.stop()
    stopped = time.monotonic()
    # First the driver finds its connections closed; once it has marked the node down, it
    # sends nothing and says so.
    unreachable = f"cannot reach the database at {node.ip}:{node.port}: "
    problems: list[str] = []
    while time.monotonic() - stopped < OUTAGE_SECONDS:
        seconds = f"{time.monotonic() - stopped:.0f} s into the outage"
        problems += [f"{seconds}: {p}" for p in check_all(apps, pages, 503, unreachable)]
        time.sleep(max(0.0, min(3.0, OUTAGE_SECONDS - (time.monotonic() - stopped))))
    problems += [
        f"at the end of the outage: {p}" for p in check_all(apps, pages, 503, unreachable + "no node is up")
    ]

    starting = threading.Thread(target=node.start)
    starting.start()
    while not node.answers():
        assert starting.is_alive() or node.answers(), "the node did not start again"
        time.sleep(POLL_S)
    back = time.monotonic()
    first_200: dict[str, float] = {}
    watchers = [
        threading.Thread(target=_watch_recovery, args=(app, pages[demo][0], back + WATCH_S, first_200))
        for demo, app in apps.items()
    ]
    for thread in watchers:
        thread.start()
    for thread in [starting, *watchers]:
        thread.join()
    recovery = {
        demo: round(max(0.0, first_200[demo] - back), 1) if demo in first_200 else None for demo in apps
    }
    print(f"\noutage of {OUTAGE_SECONDS:.0f} s: seconds from CQL answering to the first 200: {recovery}")

    assert not problems, "while the database was down:\n" + "\n".join(problems[:10])
    slow = {demo: s for demo, s in recovery.items() if s is None or s > RECOVERY_LIMIT_S}
    assert not slow, (
        f"back later than {RECOVERY_LIMIT_S} s after the database (None: not in {WATCH_S} s): {recovery}"
    )
