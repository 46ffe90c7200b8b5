"""A real browser on every demo: Debian's Chromium driven by Playwright, offline.

The harness serves each seeded demo with pages (registry `pages: true`; a CLI demo has none
and no browser.py) and calls `flows(kit)` from templates/<demo>/browser.py,
the demo's own steps. Every page visited is checked with axe (no serious or critical
violations) and screenshotted; any console error fails the demo. `make screenshots` (or
UPDATE_SCREENSHOTS=1) copies each demo's first page to docs/screenshots/<demo>.png.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from harness import BUILD, DEMOS, PAGE_DEMOS, ROOT, timed
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the networking flags Chromium keeps calling home, and this network refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = {"serious", "critical"}
PAGES = {"document", "xhr", "fetch"}
LOAD_FAILED = "Failed to load resource: the server responded with a status of 4"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the app did not answer {url} within {timeout:.0f}s:\n{log.read_text()[-3000:]}")


class Kit:
    """What a demo's browser steps get: the page, and checks that every demo needs."""

    def __init__(self, page, base_url: str, shots: Path):
        self.page, self.base_url, self.shots = page, base_url, shots
        self.taken: list[Path] = []
        self.axe_checked = 0

    def visit(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, (
            f"GET {path}: {response.status if response else 'no response'}"
        )
        self.page.wait_for_load_state("networkidle")
        self.axe()
        self.shot(re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home")
        return response

    def axe(self) -> None:
        results = Axe().run(self.page)
        bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        assert not bad, f"axe on {self.page.url}:\n" + "\n".join(
            f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in bad
        )
        self.axe_checked += 1

    def shot(self, name: str) -> Path:
        path = self.shots / f"{len(self.taken) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path

    def open_cql_panel(self) -> None:
        panel = self.page.locator("#cql-panel details")
        if panel.get_attribute("open") is None:
            panel.locator("summary").click()
        statements = self.page.locator("#cql-panel li pre")
        expect(statements.first).to_be_visible()
        assert statements.count() >= 1


def _load_flows(demo: str):
    path = ROOT / "templates" / demo / "browser.py"
    spec = importlib.util.spec_from_file_location(f"browser_{demo.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.flows


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), (
        f"no Chromium at {CHROMIUM}: apt-get install chromium (never `playwright install`)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def served(built_demo, tmp_path):
    """The built demo running on a free port, on its seeded keyspace."""
    servers = []

    def serve(demo: str):
        built = built_demo(demo)
        port = _free_port()
        command = DEMOS[demo]["run"].replace("{port}", str(port)).split()
        log = tmp_path / f"{demo}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [str(built.path / ".venv" / "bin" / command[0]), *command[1:]],
                cwd=built.path,
                env={**os.environ, **built.env()},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        servers.append(process)
        base_url = f"http://127.0.0.1:{port}"
        _wait_http(base_url + "/", process, log)
        return base_url

    yield serve
    for process in servers:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.parametrize("demo", PAGE_DEMOS)
def test_browser_flows(browser, served, demo):
    base_url = served(demo)
    shots = BUILD / "screenshots" / demo
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    # A page answered 4xx on purpose (a form with errors is 422, a conflict 409) is logged by
    # Chromium as "Failed to load resource"; anything else in the console is a real error.
    answered: set[str] = set()
    page.on("response", lambda r: answered.add(r.url) if r.request.resource_type in PAGES else None)
    page.on(
        "console",
        lambda msg: (
            errors.append(f"{msg.text} ({msg.location.get('url')})")
            if msg.type == "error"
            and not (msg.text.startswith(LOAD_FAILED) and msg.location.get("url") in answered)
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    kit = Kit(page, base_url, shots)
    try:
        with timed(demo, "browser"):
            _load_flows(demo)(kit)
    finally:
        context.close()
    assert not errors, f"console errors: {errors}"
    assert kit.taken and kit.axe_checked, "the browser steps visited no page"
    if os.environ.get("UPDATE_SCREENSHOTS"):
        target = ROOT / "docs" / "screenshots" / f"{demo}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(kit.taken[0], target)
