"""A demo without pages really works: `framework: "cli"`, `pages: false` in the registry.

No such demo ships yet, so this is the proof that the shared layers are ready for the first
one. A copy of the template repository (what pytest-copier snapshots: copier.yml, extensions,
templates, tools) gets the fixture demo of tests/fixtures/cli-demo/ (its folder under
templates/, its entry in the copy's registry, its stubs written by the copy's tools/stubs.py),
and then it goes through what every demo goes through: rendered with the plain copier
command, `make install`, `make schema`, `make seed`, the example feeds, its own `make test`,
`make lint` and `make format` leaving git clean, plus the fast tier's checks that apply (the
stubs, the contract, the compose and CI files). The registry alone keeps it out of the
browser flow and the web layer: no test names it as an exception.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import uuid
from pathlib import Path

import pytest
import test_contract as contract
from copier_cli import copy_demo
from harness import (
    GIT,
    ROOT,
    TEMPLATE_PATHS,
    BuiltDemo,
    check_feeds_and_own_tests,
    check_lint_and_format_leave_git_clean,
    commit_generated,
    drop_keyspaces,
    install,
    page_demos,
    registry,
    run,
    timed,
)
from test_render import LEFTOVER, assert_compose_and_workflow_are_valid

FIXTURE = ROOT / "tests" / "fixtures" / "cli-demo"
DEMO = "bookmarks-cli"
PACKAGE = "bookmarks"
DEMOS_START = "{%- set DEMOS = {"
DEMOS_END = "} -%}"
# What only a demo with pages has: the web layer (templates/_shared/web/) and the page kits.
WEB_FILES = ("templates", "static", "htmx.min.js", "theme.css", "web.py", "base.html")


def with_entry(registry_text: str, entry: str) -> str:
    """The registry with one more entry, last in DEMOS."""
    start = registry_text.index(DEMOS_START)
    end = registry_text.index(DEMOS_END, start)
    return registry_text[:end] + entry + registry_text[end:]


@pytest.fixture(scope="module")
def template_copy(tmp_path_factory) -> Path:
    """The template repository with the fixture demo added as a real one would be, in git."""
    root = tmp_path_factory.mktemp("template-with-cli-demo")
    ignore = shutil.ignore_patterns("__pycache__", "*.py[co]", ".ruff_cache", ".pytest_cache")
    for name in TEMPLATE_PATHS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    assert not (root / "templates" / DEMO).exists(), f"{DEMO} is a fixture: no real demo may take its id"
    shutil.copytree(FIXTURE / "template", root / "templates" / DEMO / "template", ignore=ignore)
    shutil.copy2(FIXTURE / "questions.yml", root / "templates" / DEMO / "questions.yml")
    demos = root / "extensions" / "demos.jinja"
    demos.write_text(with_entry(demos.read_text(), (FIXTURE / "registry-entry.jinja").read_text()))
    written = run([sys.executable, "tools/stubs.py"], root).stdout
    assert f"wrote templates/{DEMO}/template/Makefile.jinja" in written
    run(["git", "init", "-q"], root)
    run(["git", "add", "-A"], root)
    run([*GIT, "commit", "-qm", "the template, with a command-line demo"], root)
    return root


@pytest.fixture(scope="module")
def cli_project(template_copy, tmp_path_factory) -> Path:
    """The fixture demo rendered with the plain copier command (no --trust), in git."""
    where = tmp_path_factory.mktemp("rendered")
    with timed(DEMO, "render"):
        result = copy_demo(template_copy, DEMO, "bookmarks-cli", cwd=where)
    assert result.returncode == 0, result.stderr
    # copier's closing message names what `make run` does for a CLI, not a URL
    assert "make run       # python -m bookmarks.cli stats" in result.stdout + result.stderr
    project = where / "bookmarks-cli"
    commit_generated(project)
    return project


@pytest.fixture(scope="module")
def built(cli_project):
    """`make install`, `make schema`, `make seed`, in a keyspace of this test's own."""
    built = BuiltDemo(demo=DEMO, path=cli_project, keyspace=f"harness_bookmarks_{uuid.uuid4().hex[:6]}")
    with timed(DEMO, "install"):
        install(cli_project)
    try:
        with timed(DEMO, "seed"):
            schema = run(["make", "schema"], cli_project, env=built.env()).stdout
            assert f"keyspace {built.keyspace} on " in schema and "bookmarks" in schema, schema
            seeded = run(["make", "seed"], cli_project, env=built.env()).stdout
            assert "rows/s" in seeded, seeded
        yield built
    finally:
        drop_keyspaces([built.keyspace])


def test_the_registry_gives_it_the_cli_layers_and_no_browser_flow(template_copy):
    sys.path.insert(0, str(template_copy / "tools"))
    try:
        import stubs  # the copy's tools/stubs.py: the same layers a real CLI demo gets
    finally:
        sys.path.pop(0)
    demos = registry(template_copy)
    assert demos[DEMO]["framework"] == "cli" and demos[DEMO]["pages"] is False
    assert stubs.layers_for(demos[DEMO]) == ["common", "cli"]
    # The browser flow is computed from the registry: every demo with pages, and not this one.
    flows = page_demos(demos, list(demos))
    assert DEMO not in flows and set(flows) == {d for d, meta in demos.items() if meta["pages"]}
    assert not (template_copy / "templates" / DEMO / "browser.py").exists()
    run([sys.executable, "tools/stubs.py", "--check"], template_copy)
    run([sys.executable, "tools/lock.py", "--check"], template_copy)


def test_the_render_has_no_web_layer_and_no_template_syntax(cli_project):
    files = [p for p in cli_project.rglob("*") if p.is_file() and ".git" not in p.parts]
    web = [p.relative_to(cli_project).as_posix() for p in files if set(p.parts) & set(WEB_FILES)]
    assert not web, f"a demo without pages got web files: {web}"
    assert (cli_project / PACKAGE / "kit" / "cli.py").is_file()
    for path in files:
        rel = path.relative_to(cli_project).as_posix()
        assert not rel.endswith(".jinja"), f"{rel}: a .jinja file reached the project"
        assert not LEFTOVER.search(path.read_text(errors="replace")), f"{rel}: copier Jinja left unrendered"
    pyproject = (cli_project / "pyproject.toml").read_text()
    assert "package-data" not in pyproject and "fastapi" not in pyproject and "flask" not in pyproject
    answers = (cli_project / ".copier-answers.yml").read_text()
    assert "http_port" not in answers, "a CLI serves nothing: copier asks no HTTP port"


def test_the_fast_tiers_checks_hold(cli_project):
    contract.assert_models_list_their_tables_and_queries(cli_project, PACKAGE)
    contract.assert_data_access_lives_in_queries(cli_project, PACKAGE)
    contract.assert_readme_sections_in_the_contracts_order(cli_project)
    contract.assert_create_statements_only_in_the_cql_section(cli_project)
    assert_compose_and_workflow_are_valid(cli_project)
    readme = (cli_project / "README.md").read_text()
    for web_words in ("http://127.0.0.1", "503", "browser", "route", "web worker", "the app "):
        assert web_words not in readme, f"README.md speaks of {web_words!r} to a CLI demo's user"
    assert "the app never does" not in (cli_project / "Makefile").read_text()
    workflow = (cli_project / ".github" / "workflows" / "ci.yml").read_text()
    assert workflow.rstrip().endswith("run: make run"), "CI runs the CLI after its tests"


def test_make_run_runs_the_cli_on_the_seeded_tables(built):
    from cassandra.cluster import Cluster

    result = run(["make", "run"], built.path, env=built.env(), timeout=120)
    last = result.stdout.strip().splitlines()[-1]
    found = re.fullmatch(r"(\d+) owners, (\d+) bookmarks", last)
    assert found, result.stdout
    cluster = Cluster(
        [os.environ.get("SCYLLA_HOSTS", "127.0.0.1").split(",")[0]],
        port=int(os.environ.get("SCYLLA_PORT", "9042")),
    )
    try:
        cql = cluster.connect(built.keyspace)
        counted = [cql.execute(f"SELECT COUNT(*) FROM {t}").one()[0] for t in ("owners", "bookmarks")]
    finally:
        cluster.shutdown()
    assert [int(found[1]), int(found[2])] == counted and counted[1] > 0


def test_feeds_and_its_own_make_test(built):
    print(f"{DEMO}: {check_feeds_and_own_tests(built, tests=['make', 'test'])}")


def test_lint_and_format_leave_git_clean(built):
    check_lint_and_format_leave_git_clean(built)
