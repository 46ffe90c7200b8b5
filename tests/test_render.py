"""Every demo renders cleanly: no copier Jinja left, lint clean, valid compose and CI files."""

import json
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from harness import DEMO_IDS, DEMOS, ROOT, run

sys.path.insert(0, str(ROOT / "tools"))
import stubs  # noqa: E402  (tools/stubs.py: the list of shared files each demo includes)

BIN = Path(sys.executable).parent
# Copier's own names: seen inside {{ }} or {% %} in a rendered file, a render went wrong.
COPIER_NAMES = (
    "demo|project_name|keyspace|http_port|scylla_version|include_ci|title|summary|package_name"
    "|app_package|framework|run_command|accent|docker_image|docker_database|_copier_conf|_copier_answers|_external_data"
)
LEFTOVER = re.compile(
    r"\{\{-?\s*(" + COPIER_NAMES + r")\b|\{%-?\s*(include|from|extends|import)\s+[\"']templates/"
)
# Files that are Jinja at run time (pages rendered by the app) may hold {{ }} and {% %}.
RUNTIME_TEMPLATE = re.compile(r"(^|/)templates/.*\.html$")


def rendered_by_copier(demo: str) -> set[str]:
    """Project paths that copier renders from a .jinja source (others are copied verbatim)."""
    source = ROOT / "templates" / demo / "template"
    paths = {p.relative_to(source).as_posix().removesuffix(".jinja") for p in source.rglob("*.jinja")}
    return {p for p in paths if "{" not in p}  # the two templated names are added by hand below


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_no_template_syntax_left(rendered, demo):
    project = rendered(demo)
    assert not list(project.rglob("*.jinja")), "a .jinja file reached the project"
    assert not (project / "templates" / "_shared").exists()
    assert (project / ".copier-answers.yml").exists() and (project / ".github/workflows/ci.yml").exists()
    from_jinja = rendered_by_copier(demo) | {".copier-answers.yml", ".github/workflows/ci.yml"}
    for path in project.rglob("*"):
        if not path.is_file() or ".venv" in path.parts or path.suffix in {".png", ".pyc"}:
            continue
        text = path.read_text(errors="replace")
        rel = path.relative_to(project).as_posix()
        assert not LEFTOVER.search(text), f"{rel}: copier Jinja left unrendered"
        if rel in from_jinja and not RUNTIME_TEMPLATE.search(rel):
            assert "{{" not in text and "{%" not in text, f"{rel}: Jinja syntax left in a rendered file"


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_shared_files_arrive_byte_for_byte(rendered, demo):
    """Every shared file without copier variables (the kit, htmx, the database tool) arrives as
    it is in templates/_shared/ or tools/, byte for byte and with its executable bit."""
    project = rendered(demo)
    checked = 0
    for stub in stubs.stubs_for(DEMOS[demo]):
        if not stub.verbatim:
            continue
        target = project / stub.rendered
        assert target.read_bytes() == (ROOT / stub.source).read_bytes(), stub.rendered
        assert bool(target.stat().st_mode & stat.S_IXUSR) == stub.executable, f"{stub.rendered}: mode"
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_the_demos_own_code_is_apart_from_the_kit(rendered, demo):
    """A newcomer sees models.py, queries.py and the app first; the shared modules sit in kit/."""
    package = rendered(demo) / DEMOS[demo]["package"]
    kit = {p.name for p in (package / "kit").glob("*.py")}
    own = {p.name for p in package.glob("*.py")}
    assert {"db.py", "schema.py", "seedkit.py", "settings.py", "testing.py"} <= kit
    assert not own & kit - {"__init__.py"}, f"kit modules outside kit/: {own & kit}"
    assert "models.py" in own


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_generated_project_is_lint_clean(rendered, demo):
    project = rendered(demo)
    run([str(BIN / "ruff"), "check", "--no-cache", "."], project)
    run([str(BIN / "ruff"), "format", "--no-cache", "--check", "."], project)


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_compose_and_workflow_are_valid(rendered, demo):
    assert_compose_and_workflow_are_valid(rendered(demo))


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_compose_and_workflow_run_the_demos_database(rendered, demo):
    """ScyllaDB at the answered release, unless the registry names the image the demo needs:
    docker-compose.yml, the project's CI and the README all say the same one."""
    import yaml

    settings = yaml.safe_load((ROOT / "copier.yml").read_text().split("\n---", 1)[0])
    project = rendered(demo)
    image = DEMOS[demo].get("docker_image") or f"scylladb/scylla:{settings['scylla_version']['default']}"
    (service,) = yaml.safe_load((project / "docker-compose.yml").read_text())["services"].values()
    assert service["image"] == image
    (ci_service,) = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())["jobs"]["test"][
        "services"
    ].values()
    assert ci_service["image"] == image
    server = "Apache Cassandra" if image.startswith("cassandra:") else "ScyllaDB"
    assert f"{server} {image.split(':')[1]}" in (project / "README.md").read_text()


def assert_compose_and_workflow_are_valid(project: Path) -> None:
    check = str(BIN / "check-jsonschema")
    run([check, "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"], project)
    workflow = ".github/workflows/ci.yml"
    run([check, "--builtin-schema", "vendor.github-workflows", workflow], project)
    actionlint = shutil.which("actionlint") or str(BIN / "actionlint")
    assert Path(actionlint).exists(), "actionlint is not installed (.ci/run installs it with go install)"
    run([actionlint, workflow], project)


def test_ci_workflow_is_optional(copier, tmp_path):
    project = copier.copy(tmp_path / "no-ci", demo="fastapi-catalog", include_ci=False).path
    assert not (project / ".github").exists()
    assert (project / "Makefile").exists()


def test_root_workflows_and_compose_are_valid():
    check = str(BIN / "check-jsonschema")
    run([check, "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"], ROOT)
    actionlint = shutil.which("actionlint") or str(BIN / "actionlint")
    workflows = sorted((ROOT / ".github/workflows").glob("*.yml"))
    assert {w.name for w in workflows} >= {"ci.yml", "newest.yml"}
    for workflow in workflows:
        run([check, "--builtin-schema", "vendor.github-workflows", str(workflow)], ROOT)
        result = subprocess.run([actionlint, str(workflow)], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_generated_renovate_config_is_valid(rendered):
    project = rendered("fastapi-catalog")
    run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.renovate", ".github/renovate.json"],
        project,
    )
    config = json.loads((project / ".github/renovate.json").read_text())
    assert "group:all" in config["extends"] and "schedule:weekly" in config["extends"]  # one PR a week


def test_root_workflow_matrices_list_every_demo():
    import yaml

    for name in ("ci.yml", "newest.yml"):
        workflow = yaml.safe_load((ROOT / ".github/workflows" / name).read_text())
        matrix = workflow["jobs"]["demo"]["strategy"]["matrix"]
        assert sorted(matrix["demo"]) == sorted(DEMO_IDS), name
        # the database a demo's job runs on is the one its registry entry names
        images = {entry["demo"]: entry["db_image"] for entry in matrix.get("include", [])}
        assert images == {d: DEMOS[d]["docker_image"] for d in DEMO_IDS if "docker_image" in DEMOS[d]}, name
