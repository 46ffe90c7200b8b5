"""Connected once per process, and again after a fork (gunicorn --preload, uWSGI)."""

import os
import runpy
import time
from pathlib import Path

import pytest

from blog.kit import connection

GUNICORN_CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def in_child(check) -> int:
    """Fork, run check() in the child, and return the child's exit code (bounded wait)."""
    pid = os.fork()
    if pid == 0:  # the child reports through its exit code only, never returning into pytest
        code = 99
        try:
            code = check()
        finally:
            os._exit(code)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError("the forked child did not finish within 60 s")


@pytest.mark.parametrize("how", ["first request", "gunicorn post_fork hook"])
def test_a_forked_child_reconnects_and_serves_requests(app, make_post, how):
    post = make_post(title="Seen from a child process")
    parent_session = connection.current()

    def check() -> int:
        if connection.current() is not None:
            return 2  # the parent's session must not be used in the child
        if how == "gunicorn post_fork hook":
            runpy.run_path(str(GUNICORN_CONF))["post_fork"](None, None)
            if connection.current() is None:
                return 3
        response = app.test_client().get(f"/api/posts/{post['post_id']}")
        fresh = connection.current() not in (None, parent_session)
        return 0 if response.status_code == 200 and fresh else 4

    assert in_child(check) == 0
    assert connection.current() is parent_session  # the parent's connection is untouched
    assert app.test_client().get(f"/api/posts/{post['post_id']}").status_code == 200
