"""The harness: render every demo, install it, seed it, run its tests, drive it in a browser.

Built demos are cached per test session (`built_demo`), so the matrix, the browser suite and
the lint checks share one render, one virtualenv and one seeded keyspace per demo. Phase
timings are printed at the end of the run. Shared helpers live in harness.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from harness import (
    BUILD,
    BUILD_ROOT,
    DEMOS,
    SELECTED,
    STARTS_FIRST,
    TEMPLATE_PATHS,
    TIMINGS,
    WORKER,
    BuiltDemo,
    assert_installed_with_bytecode,
    commit_generated,
    copier_copy,
    drop_keyspaces,
    group_of,
    install,
    run,
    timed,
)


@pytest.fixture(scope="session")
def copier_template_paths() -> list[str]:
    """pytest-copier snapshots only these into its temporary template repo (default: everything)."""
    return TEMPLATE_PATHS


@pytest.fixture(scope="session")
def template_repo(copier_template) -> Path:
    """pytest-copier's git snapshot of the template, working tree included, like a user's clone."""
    return copier_template


_RENDERED: dict[str, Path] = {}


@pytest.fixture
def rendered(copier, tmp_path_factory):
    """`rendered(demo)`: the demo rendered with its default answers, once per test session
    (pytest-copier's fixture); the fast tier's render and contract checks read the same copy."""

    def render(demo: str) -> Path:
        if demo not in _RENDERED:
            _RENDERED[demo] = copier.copy(tmp_path_factory.mktemp(demo), demo=demo).path
        return _RENDERED[demo]

    return render


# The fast tier (`make check`, no database): the registry, the stubs and the
# locks, every demo rendered and linted, copier's answers, the demo contract, what `make db`
# refuses to start, the root README's figures. The rest is the slow tier; with DEMOS=a,b it
# keeps only those demos' tests (and those marked with one of them).
FAST = {
    "test_registry.py",
    "test_render.py",
    "test_answers.py",
    "test_contract.py",
    "test_db_settings.py",
    "test_harness_run.py",
    "test_readme.py",
}


# `make test` runs on two pytest-xdist workers, a group of tests at a time: a demo's matrix
# and browser tests form one group (they share its build), and every other file is a group of
# its own (its module fixtures, an own node or a cluster, are made once): harness.group_of. Groups
# come from the test ids: xdist's own `xdist_group` mark is lost under pytest 9 (xdist 3.8 renames
# the id through an attribute pytest 9 no longer reads).
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadscope":  # `make check` spreads single tests (--dist load)
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return GroupScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: STARTS_FIRST.get(item.path.name, 2))
    selected, deselected = [], []
    for item in items:
        fast = item.path.name in FAST
        if not fast:
            item.add_marker(pytest.mark.slow)
        demo = item.callspec.params.get("demo") if hasattr(item, "callspec") else None
        # A test that serves several demos at once names them: @pytest.mark.demos("a", "b").
        marked = item.get_closest_marker("demos")
        demos = set(marked.args) if marked else {demo}
        if fast or not os.environ.get("DEMOS") or demos & set(SELECTED):
            selected.append(item)
        else:
            deselected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


_BUILT: dict[str, BuiltDemo] = {}


@pytest.fixture(scope="session")
def built_demo(template_repo):
    """Render, install and seed a demo once per session; later callers reuse it."""

    def build(demo: str) -> BuiltDemo:
        if demo in _BUILT:
            return _BUILT[demo]
        dst = BUILD / demo
        shutil.rmtree(dst, ignore_errors=True)
        with timed(demo, "render"):
            copier_copy(template_repo, dst, demo=demo)
            commit_generated(dst)
        with timed(demo, "install"):
            install(dst)
        assert_installed_with_bytecode(dst)
        keyspace = f"harness_{DEMOS[demo]['keyspace']}_{uuid.uuid4().hex[:6]}"
        built = BuiltDemo(demo=demo, path=dst, keyspace=keyspace)
        with timed(demo, "seed"):
            # The README's `make seed`: `make schema` first, which must say nothing alarming.
            schema = run(["make", "schema"], dst, env=built.env())
            assert not re.search(r"Warning|Traceback", schema.stderr), f"make schema:\n{schema.stderr}"
            run([str(built.python), "seed.py", "--count", "50", "--seed", "1"], dst, env=built.env())
        _BUILT[demo] = built
        return built

    return build


def _timings_files() -> list[Path]:
    return sorted(BUILD_ROOT.glob("timings-gw*.json"))


def pytest_sessionstart(session):
    if not WORKER:  # the controller (or a run without workers): no figures of an earlier run
        for stale in _timings_files():
            stale.unlink()


def pytest_sessionfinish(session, exitstatus):
    """Drop the keyspaces the harness seeded (the demos' own tests drop theirs); a worker
    hands its phase timings to the controller, which prints the table."""
    if _BUILT:
        drop_keyspaces([built.keyspace for built in _BUILT.values()])
    if WORKER and TIMINGS:
        BUILD_ROOT.mkdir(parents=True, exist_ok=True)
        (BUILD_ROOT / f"timings-{WORKER}.json").write_text(json.dumps(TIMINGS))


def _all_timings() -> dict[str, dict[str, float]]:
    """This process's timings, and the workers'. A demo built by both workers (one for its
    matrix, one for the outage tests) shows the build of the worker that ran its matrix."""
    merged: dict[str, dict[str, float]] = {demo: dict(times) for demo, times in TIMINGS.items()}
    for path in _timings_files():
        for demo, times in json.loads(path.read_text()).items():
            if "tests" in times or demo not in merged:
                merged[demo] = {**merged.get(demo, {}), **times}
    return merged


def pytest_terminal_summary(terminalreporter):
    timings = _all_timings()
    if not timings:
        return
    phases = ["render", "install", "seed", "feeds", "tests", "browser"]
    terminalreporter.section("per-demo seconds")
    terminalreporter.write_line(f"{'demo':<22}" + "".join(f"{p:>10}" for p in phases))
    for demo, times in timings.items():
        cells = "".join(f"{times[p]:>10.1f}" if p in times else f"{'-':>10}" for p in phases)
        terminalreporter.write_line(f"{demo:<22}{cells}")
