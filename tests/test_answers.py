"""Copier answers: the plain command works without --trust; bad answers get the validator's words."""

import re

import pytest
import yaml
from copier_cli import copier_cli, copy_catalog, copy_demo, last_line
from harness import DEMOS, ROOT


def test_plain_copy_needs_no_trust(template_repo, tmp_path):
    result = copy_demo(template_repo, "fastapi-catalog", "out", cwd=tmp_path, in_process=False)
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
