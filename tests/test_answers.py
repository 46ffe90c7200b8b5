"""Copier answers: the plain command works without --trust; bad answers get the validator's words."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from harness import DEMOS, ROOT, run

COPIER = str(Path(sys.executable).with_name("copier"))
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]


def copier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([COPIER, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def copy_demo(
    template_repo: Path, demo: str, dest: str, *answers: str, cwd: Path
) -> subprocess.CompletedProcess:
    """The plain command a user types: no --trust (HEAD so that uncommitted work is rendered)."""
    data = [arg for answer in (f"demo={demo}", *answers) for arg in ("-d", answer)]
    return copier_cli("copy", "--defaults", "--vcs-ref", "HEAD", *data, str(template_repo), dest, cwd=cwd)


def copy_catalog(template_repo: Path, dest: str, *answers: str, cwd: Path) -> subprocess.CompletedProcess:
    return copy_demo(template_repo, "fastapi-catalog", dest, *answers, cwd=cwd)


def last_line(result: subprocess.CompletedProcess) -> str:
    # copier 9.19 prints a traceback for a bad -d answer; the validator's words are its last
    # line (asked interactively, copier shows them under the prompt and asks again).
    return result.stderr.strip().splitlines()[-1]


def files_of(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts}


def commit_all(project: Path, message: str) -> None:
    run(["git", "add", "-A"], project)
    run([*GIT, "commit", "-qm", message], project)


def test_plain_copy_needs_no_trust(template_repo, tmp_path):
    result = copy_catalog(template_repo, "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((tmp_path / "out" / ".copier-answers.yml").read_text())
    assert answers["demo"] == "fastapi-catalog" and answers["keyspace"] == "catalog"
    assert "title" not in answers  # derived values are recomputed, never stored


@pytest.mark.parametrize(
    "answer, message",
    [
        ("keyspace=9-lives", "keyspace '9-lives' is not a valid CQL name"),
        ("keyspace=drop table", "keyspace 'drop table' is not a valid CQL name"),
        ("keyspace=select", "keyspace 'select' is a reserved CQL word"),
        ("keyspace=" + "k" * 49, "Cassandra allows at most 48"),
        ("project_name=", "project name must not be empty"),
        ("http_port=70000", "http_port must be between 1024 and 65535, got 70000"),
        ("http_port=abc", "http_port must be a whole number from 1024 to 65535, got 'abc'"),
        ("http_port=08000", "http_port must be a whole number from 1024 to 65535, got '08000'"),
        ("scylla_version=latest", "scylla_version must be a release like 2026.2.2"),
        ("demo=nope", "Invalid choice"),
    ],
)
def test_bad_answers_are_refused_with_the_validators_message(template_repo, tmp_path, answer, message):
    result = copy_catalog(template_repo, "out", answer, cwd=tmp_path)
    assert result.returncode != 0
    assert message in last_line(result)
    assert not (tmp_path / "out").exists()


def test_a_demos_own_question_is_asked_only_for_that_demo(template_repo, tmp_path):
    result = copy_catalog(template_repo, "out", "catalog_page_size=5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "PAGE_SIZE = 5" in (tmp_path / "out" / "catalog" / "options.py").read_text()
    assert yaml.safe_load((tmp_path / "out" / ".copier-answers.yml").read_text())["catalog_page_size"] == "5"

    refused = copy_catalog(template_repo, "bad", "catalog_page_size=0", cwd=tmp_path)
    assert refused.returncode != 0
    assert "catalog_page_size must be between 1 and 100, got 0" in last_line(refused)
    refused = copy_catalog(template_repo, "bad", "catalog_page_size=ten", cwd=tmp_path)
    assert refused.returncode != 0
    assert "catalog_page_size must be a whole number from 1 to 100, got 'ten'" in last_line(refused)

    blog = copier_cli(
        "copy",
        "--defaults",
        "--vcs-ref",
        "HEAD",
        "-d",
        "demo=flask-blog",
        str(template_repo),
        "blog",
        cwd=tmp_path,
    )
    assert blog.returncode == 0, blog.stderr
    assert "catalog_page_size" not in (tmp_path / "blog" / ".copier-answers.yml").read_text()


def test_an_update_cannot_turn_a_project_into_another_demo(template_repo, tmp_path):
    project = tmp_path / "blog"
    result = copy_catalog(template_repo, str(project), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run(["git", "init", "-q"], project)
    commit_all(project, "generated")
    before = files_of(project)

    switched = copier_cli("update", "--defaults", "--vcs-ref", "HEAD", "-d", "demo=flask-blog", cwd=project)
    assert switched.returncode != 0
    assert "This project is the 'fastapi-catalog' demo: changing it is not supported" in switched.stderr
    assert files_of(project) == before  # not one file touched


def test_copy_and_update_print_no_warning(template_repo, tmp_path):
    """The demo-switch guard reads `generated_demo` from copier's answers, not the answers file
    from disk, so a first copy (which has none) prints no MissingFileWarning."""
    project = tmp_path / "blog"
    copied = copy_demo(template_repo, "flask-blog", str(project), cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert "Warning" not in copied.stderr, copied.stderr
    assert copied.stderr.lstrip().startswith("Copying from template version"), copied.stderr
    run(["git", "init", "-q"], project)
    commit_all(project, "generated")
    updated = copier_cli("update", "--defaults", "--vcs-ref", "HEAD", cwd=project)
    assert updated.returncode == 0, updated.stderr
    assert "Warning" not in updated.stderr, updated.stderr


def test_answers_files_of_earlier_versions_still_update(template_repo, tmp_path):
    """An answers file written before this version holds http_port and catalog_page_size as
    numbers (they were int questions) and no `generated_demo`: the update keeps both answers,
    and the guard still refuses another demo (it then reads the answers file itself)."""
    project = tmp_path / "shop"
    result = copy_catalog(template_repo, str(project), "http_port=8123", "catalog_page_size=5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answers_file = project / ".copier-answers.yml"
    answers = yaml.safe_load(answers_file.read_text())
    assert answers.pop("generated_demo") == "fastapi-catalog"
    answers.update(http_port=8123, catalog_page_size=5)
    answers_file.write_text(
        "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n" + yaml.safe_dump(answers)
    )
    run(["git", "init", "-q"], project)
    commit_all(project, "generated by an earlier version")
    before = files_of(project)

    switched = copier_cli("update", "--defaults", "--vcs-ref", "HEAD", "-d", "demo=flask-blog", cwd=project)
    assert switched.returncode != 0
    assert "This project is the 'fastapi-catalog' demo: changing it is not supported" in last_line(switched)
    assert files_of(project) == before

    updated = copier_cli("update", "--defaults", "--vcs-ref", "HEAD", cwd=project)
    assert updated.returncode == 0, updated.stderr
    assert "--port 8123" in (project / "Makefile").read_text()
    assert "PAGE_SIZE = 5  #" in (project / "catalog" / "options.py").read_text()
    answers = yaml.safe_load(answers_file.read_text())
    assert answers["generated_demo"] == "fastapi-catalog" and answers["http_port"] == "8123"


# A few names per framework, in the spellings a user may type; each package is in that demo's
# lock (checked below, so that the list cannot go stale).
TAKEN_NAMES = [
    ("fastapi-catalog", "FastAPI", "fastapi"),
    ("fastapi-catalog", "Starlette", "starlette"),
    ("fastapi-catalog", "Pydantic_Core", "pydantic-core"),
    ("flask-blog", "Flask", "flask"),
    ("flask-blog", "flask.wtf", "flask-wtf"),
    ("flask-blog", "coodie", "coodie"),
    ("django-taskboard", "DJANGO", "django"),
    ("django-taskboard", "pytest django", "pytest-django"),
    ("django-taskboard", "pip", "pip"),
]


@pytest.mark.parametrize("demo, name, package", TAKEN_NAMES)
def test_a_project_named_like_a_package_it_installs_is_refused(template_repo, tmp_path, demo, name, package):
    lock = (ROOT / "templates" / "_shared" / DEMOS[demo]["framework"] / "requirements.lock").read_text()
    assert package in {"pip", "setuptools"} or re.search(rf"^{re.escape(package)}==", lock, re.MULTILINE)
    result = copy_demo(template_repo, demo, "out", f"project_name={name}", cwd=tmp_path)
    assert result.returncode != 0
    assert (
        f"project name '{name}' would install this project as '{package}', a package the demo needs"
    ) in last_line(result)
    assert not (tmp_path / "out").exists()


def test_a_package_of_another_framework_is_a_fine_name(template_repo, tmp_path):
    assert "uvicorn==" not in (ROOT / "templates/_shared/flask/requirements.lock").read_text()
    result = copy_demo(template_repo, "flask-blog", "out", "project_name=Uvicorn", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'name = "uvicorn"' in (tmp_path / "out" / "pyproject.toml").read_text()
