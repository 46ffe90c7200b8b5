"""Every demo renders cleanly: no copier Jinja left, lint clean, valid compose and CI files."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from harness import DEMO_IDS, DEMOS, ROOT, run

BIN = Path(sys.executable).parent
# Copier's own names: seen inside {{ }} or {% %} in a rendered file, a render went wrong.
COPIER_NAMES = (
    "demo|project_name|keyspace|http_port|scylla_version|include_ci|title|summary|package_name"
    "|app_package|framework|run_command|accent|_copier_conf|_copier_answers|_external_data"
)
LEFTOVER = re.compile(
    r"\{\{-?\s*(" + COPIER_NAMES + r")\b|\{%-?\s*(include|from|extends|import)\s+[\"']templates/"
)
# Files that are Jinja at run time (pages rendered by the app) may hold {{ }} and {% %}.
RUNTIME_TEMPLATE = re.compile(r"(^|/)templates/.*\.html$")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each demo rendered once for this module, with pytest-copier's fixture."""
    projects = {}

    def render(copier, demo):
        if demo not in projects:
            projects[demo] = copier.copy(tmp_path_factory.mktemp(demo), demo=demo).path
        return projects[demo]

    return render


def rendered_by_copier(demo: str) -> set[str]:
    """Project paths that copier renders from a .jinja source (others are copied verbatim)."""
    source = ROOT / "templates" / demo / "template"
    paths = {p.relative_to(source).as_posix().removesuffix(".jinja") for p in source.rglob("*.jinja")}
    return {p for p in paths if "{" not in p}  # the two templated names are added by hand below


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_no_template_syntax_left(copier, rendered, demo):
    project = rendered(copier, demo)
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
def test_shared_files_arrive_byte_for_byte(copier, rendered, demo):
    """Shared files without copier variables are included through Jinja: nothing may change."""
    project = rendered(copier, demo)
    for rel in ["tools/db.sh", *(f"tools/cassandra/{p.name}" for p in (ROOT / "tools/cassandra").iterdir())]:
        assert (project / rel).read_bytes() == (ROOT / rel).read_bytes(), rel
    package = project / DEMOS[demo]["package"]
    fastapi = DEMOS[demo]["framework"] == "fastapi"
    for shared in (ROOT / "templates/_shared/python").glob("*.py"):
        if shared.name == "fastapi_web.py" and not fastapi:
            continue
        target = package / ("web.py" if shared.name == "fastapi_web.py" else shared.name)
        assert target.read_bytes() == shared.read_bytes(), target.name


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_generated_project_is_lint_clean(copier, rendered, demo):
    project = rendered(copier, demo)
    run([str(BIN / "ruff"), "check", "--no-cache", "."], project)
    run([str(BIN / "ruff"), "format", "--no-cache", "--check", "."], project)


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_compose_and_workflow_are_valid(copier, rendered, demo):
    project = rendered(copier, demo)
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


def test_root_workflow_and_compose_are_valid():
    check = str(BIN / "check-jsonschema")
    run([check, "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"], ROOT)
    run([check, "--builtin-schema", "vendor.github-workflows", ".github/workflows/ci.yml"], ROOT)
    actionlint = shutil.which("actionlint") or str(BIN / "actionlint")
    result = subprocess.run(
        [actionlint, ".github/workflows/ci.yml"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_root_workflow_matrix_lists_every_demo():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    assert sorted(workflow["jobs"]["demo"]["strategy"]["matrix"]["demo"]) == sorted(DEMO_IDS)
