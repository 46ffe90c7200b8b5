"""What the harness tests share: the demo registry, paths, commands, and built demos."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[1]
BUILD_ROOT = Path(os.environ.get("HARNESS_BUILD", ROOT / "build" / "harness"))
# `make test` runs two pytest-xdist workers ("gw0", "gw1"): each builds the demos it needs in
# a folder of its own, so that two workers never render or install into the same one.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
BUILD = BUILD_ROOT / WORKER if WORKER else BUILD_ROOT
# Everything a render reads: the copier machinery and what the stubs include.
TEMPLATE_PATHS = ["copier.yml", "extensions", "templates", "tools"]
TIMINGS: dict[str, dict[str, float]] = defaultdict(dict)
GIT = ["git", "-c", "user.name=user", "-c", "user.email=user@example.com"]


def registry_module(root: Path = ROOT):
    """extensions/demos.jinja, read with plain jinja2 (the same values copier.yml uses)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(root))
    return env.get_template("extensions/demos.jinja").module


def registry(root: Path = ROOT) -> dict[str, dict]:
    """The registry of this repository, or of a copy of it (tests/test_cli_demo.py)."""
    return registry_module(root).DEMOS


def page_demos(demos: dict[str, dict], selected: list[str]) -> list[str]:
    """The demos that get a browser flow: the registry decides (`pages`), not a test."""
    return [d for d in selected if demos[d]["pages"]]


DEMOS = registry()
# Every demo; the slow tests take the ones named in DEMOS=a,b (all when it is unset).
DEMO_IDS = list(DEMOS)
SELECTED = [d.strip() for d in os.environ.get("DEMOS", "").split(",") if d.strip()] or DEMO_IDS
_unknown = sorted(set(SELECTED) - set(DEMO_IDS))
if _unknown:
    raise SystemExit(
        f"DEMOS names no such demo: {', '.join(_unknown)} (the ids are in extensions/demos.jinja)"
    )
PAGE_DEMOS = page_demos(DEMOS, SELECTED)
# HARNESS_LOCK=newest installs the newest versions within the caps instead of the locks
# (the opt-in "newest" CI job), to see a breaking release before users do.
NEWEST = os.environ.get("HARNESS_LOCK") == "newest"
BIN = Path(sys.executable).parent


# Set by the `make test` that started pytest: a `make` the harness runs would inherit them and
# print "make[1]: Leaving directory ..." after its own output, as no user's shell does.
MAKE_VARIABLES = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")


def user_env(env: dict | None = None) -> dict[str, str]:
    """The environment of a command typed in a fresh shell, plus `env`."""
    inherited = {k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES}
    return {**inherited, **(env or {})}


def run(cmd, cwd: Path, env: dict | None = None, timeout: float = 900, check: bool = True):
    """Run a command as a user types it; on failure the assertion shows its output."""
    result = subprocess.run(cmd, cwd=cwd, env=user_env(env), capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, (
            f"{' '.join(map(str, cmd))} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


def timed(demo: str, phase: str):
    class _Timer:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            TIMINGS[demo][phase] = time.perf_counter() - self.start

    return _Timer()


def install(project: Path) -> None:
    """The project's own `make install` (uv when it is on PATH, as here: the locked versions),
    or, with HARNESS_LOCK=newest, the newest versions its pyproject allows."""
    env = {"PATH": f"{BIN}:{os.environ['PATH']}"}
    if NEWEST:
        run([str(BIN / "uv"), "venv", "--quiet", "--allow-existing", ".venv"], project, env=env)
        upgrade = ["pip", "install", "--quiet", "--upgrade", "--compile-bytecode", "-e", ".[dev]"]
        run([str(BIN / "uv"), *upgrade], project, env=env)
        # as .github/workflows/newest.yml does: the project's make targets (lint, format, schema,
        # seed, test) then take this .venv as installed instead of installing the lock over it
        (project / ".venv" / ".installed").touch()
    else:
        run(["make", "install"], project, env=env)


def assert_installed_with_bytecode(project: Path) -> None:
    """With PYTHONDONTWRITEBYTECODE set (containers, CI images), a venv without .pyc files makes
    every command compile its imports again, a second of CPU each time (make install compiles)."""
    compiled = list((project / ".venv").glob("lib/python3*/site-packages/coodie/__pycache__/*.pyc"))
    assert compiled, f"{project.name}: install left coodie without .pyc files (uv --compile-bytecode)"


def copier_copy(src: Path | str, dst: Path, vcs_ref: str = "HEAD", **answers) -> None:
    from copier import run_copy

    run_copy(str(src), dst, data=answers, defaults=True, vcs_ref=vcs_ref, quiet=True, overwrite=True)


def commit_generated(project: Path) -> None:
    """As a user would: the project in git, so that the checks below can prove that installing,
    seeding, testing and linting leave `git status` clean (.gitignore is complete)."""
    run(["git", "init", "-q"], project)
    run(["git", "add", "-A"], project)
    run([*GIT, "commit", "-qm", "generated"], project)


@dataclass
class BuiltDemo:
    demo: str
    path: Path
    keyspace: str
    python: Path = field(init=False)

    def __post_init__(self):
        self.python = self.path / ".venv" / "bin" / "python"

    def env(self) -> dict[str, str]:
        return {"SCYLLA_KEYSPACE": self.keyspace, "NO_COLOR": "1", "COLUMNS": "120"}


def running(pid: int) -> bool:
    """The process exists and is not a zombie (exited, waiting to be reaped: it holds no ports)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# ---------------------------------------------------------------- what the matrix does to a built demo
def check_feeds_and_own_tests(built: BuiltDemo, tests: list[str] | None = None) -> str:
    """Import both example feeds, then run the project's own tests (by default pytest itself,
    as `make test` does; `tests` names another command); returns pytest's summary line."""
    feeds = sorted(p for p in (built.path / "examples").glob("*") if p.suffix in {".csv", ".json"})
    assert {p.suffix for p in feeds} == {".csv", ".json"}, "each demo ships a CSV and a JSON example feed"
    with timed(built.demo, "feeds"):
        for feed in feeds:
            result = run(
                [str(built.python), "seed.py", "--feed", str(feed.relative_to(built.path))],
                built.path,
                env=built.env(),
            )
            assert "rows/s" in result.stdout
    with timed(built.demo, "tests"):
        result = run(
            tests or [str(built.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            built.path,
            env={"PYTEST_ADDOPTS": ""},
            timeout=1800,
        )
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
    return summary


def check_lint_and_format_leave_git_clean(built: BuiltDemo) -> None:
    """copier-uv's check, with the ruff the project installs: a rendered project is already
    formatted, and nothing that install, seed, the tests or lint write shows in `git status`."""
    run(["make", "format"], built.path)
    run(["make", "lint"], built.path)
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], built.path).stdout
    assert status == "", f"files changed or not ignored after install, seed, tests and lint:\n{status}"


def drop_keyspaces(keyspaces: list[str]) -> None:
    """Drop keyspaces the harness seeded (cleanup only: never hides a run's own result)."""
    try:
        from cassandra.cluster import Cluster

        cluster = Cluster(
            [os.environ.get("SCYLLA_HOSTS", "127.0.0.1").split(",")[0]],
            port=int(os.environ.get("SCYLLA_PORT", "9042")),
        )
        cql = cluster.connect()
        for keyspace in keyspaces:
            cql.execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=60)
        cluster.shutdown()
    except Exception as exc:
        print(f"harness: could not drop its keyspaces: {exc}")


# `make test` runs on two pytest-xdist workers (tests/conftest.py schedules them).
GROUPED_BY_DEMO = {"test_demos.py", "test_browser.py"}
# The longest groups start first, so that the last one to finish is a short one.
STARTS_FIRST = {"test_demos.py": 0, "test_browser.py": 0, "test_outage.py": 1, "test_three_nodes.py": 1}


def group_of(nodeid: str) -> str:
    """The group of a test id: its demo in GROUPED_BY_DEMO's files, else its file."""
    path, _, name = nodeid.partition("::")
    if Path(path).name in GROUPED_BY_DEMO and name.endswith("]"):
        return name[name.index("[") + 1 : -1]
    return path
