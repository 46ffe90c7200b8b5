"""Copier answers: the plain command works without --trust; bad answers get the validator's words."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from harness import run

COPIER = str(Path(sys.executable).with_name("copier"))
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]


def copier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([COPIER, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def copy_catalog(template_repo: Path, dest: str, *answers: str, cwd: Path) -> subprocess.CompletedProcess:
    """The plain command a user types: no --trust (HEAD so that uncommitted work is rendered)."""
    data = [arg for answer in ("demo=fastapi-catalog", *answers) for arg in ("-d", answer)]
    return copier_cli("copy", "--defaults", "--vcs-ref", "HEAD", *data, str(template_repo), dest, cwd=cwd)


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
        ("scylla_version=latest", "scylla_version must be a release like 2026.2.2"),
        ("demo=nope", "Invalid choice"),
    ],
)
def test_bad_answers_are_refused_with_the_validators_message(template_repo, tmp_path, answer, message):
    result = copy_catalog(template_repo, "out", answer, cwd=tmp_path)
    assert result.returncode != 0
    # copier 9.19 prints a traceback for a bad -d answer; the validator's words are its last
    # line (asked interactively, copier shows them under the prompt and asks again).
    assert message in result.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "out").exists()


def test_a_demos_own_question_is_asked_only_for_that_demo(template_repo, tmp_path):
    result = copy_catalog(template_repo, "out", "catalog_page_size=5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "PAGE_SIZE = 5" in (tmp_path / "out" / "catalog" / "options.py").read_text()
    assert yaml.safe_load((tmp_path / "out" / ".copier-answers.yml").read_text())["catalog_page_size"] == 5

    refused = copy_catalog(template_repo, "bad", "catalog_page_size=0", cwd=tmp_path)
    assert refused.returncode != 0
    assert "catalog_page_size must be between 1 and 100, got 0" in refused.stderr.strip().splitlines()[-1]

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
    run(["git", "add", "-A"], project)
    run([*GIT, "commit", "-qm", "generated"], project)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts}

    switched = copier_cli("update", "--defaults", "--vcs-ref", "HEAD", "-d", "demo=flask-blog", cwd=project)
    assert switched.returncode != 0
    assert "This project is the 'fastapi-catalog' demo: changing it is not supported" in switched.stderr
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before  # not one file touched
