"""A built demo served by its own run command, and a small HTTP client for it.

The harness tests that need a real server process (the outage test, the error-page tests)
start it the way `make run` does: the registry's `run` command, inside the project's
virtualenv, on a free port. The client keeps cookies (a Django login) and returns every
answer, 4xx and 5xx included, as (status, body) instead of raising.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from harness import DEMOS, BuiltDemo

# What only Django's debug pages (and a bare traceback) show.
DEBUG_PAGE_MARKS = ("Traceback", "DEBUG = True", "technical_500", "Request Method:")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    body: str

    def __str__(self) -> str:
        return f"{self.status}: {' '.join(self.body.split())[:300]}"


@dataclass
class ServedApp:
    demo: str
    process: subprocess.Popen
    base_url: str
    log: Path
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self):
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str, timeout: float = 40) -> Answer:
        return self._send(urllib.request.Request(self.base_url + path), timeout)

    def post_form(self, path: str, data: dict[str, str], timeout: float = 40) -> Answer:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base_url + path, data=body, method="POST")
        request.add_header("Referer", self.base_url + path)  # Django's CSRF check wants one
        return self._send(request, timeout)

    def _send(self, request: urllib.request.Request, timeout: float) -> Answer:
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return Answer(response.status, response.read().decode(errors="replace"))
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, exc.read().decode(errors="replace"))

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_serving(self, timeout: float = 120) -> None:
        """Until the app answers anything below 500 on /schema (a page without queries)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"{self.demo} exited with {self.process.returncode}:\n{self.output()[-3000:]}"
                )
            try:
                if self.get("/schema", timeout=5).status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{self.demo} did not answer within {timeout:.0f}s:\n{self.output()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


def serve(built: BuiltDemo, log: Path, env: dict[str, str] | None = None) -> ServedApp:
    """Start the demo's `run` command (as `make run` does) on a free port; returns at once."""
    port = free_port()
    command = DEMOS[built.demo]["run"].replace("{port}", str(port)).split()
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(built.path / ".venv" / "bin" / command[0]), *command[1:]],
            cwd=built.path,
            env={**os.environ, **built.env(), **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return ServedApp(built.demo, process, f"http://127.0.0.1:{port}", log)


def django_login(app: ServedApp, username: str = "demo", password: str = "demo") -> None:
    """Log in through the login form, as a browser does (CSRF cookie first)."""
    assert app.get("/accounts/login/").status == 200
    answer = app.post_form(
        "/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": app.cookie("csrftoken")},
    )
    assert answer.status == 200 and app.cookie("sessionid"), f"login as {username} failed: {answer}"


def first_link(answer: Answer, pattern: str) -> str:
    match = re.search(pattern, answer.body)
    assert match, f"no link matching {pattern} in {answer}"
    return match.group(0)
