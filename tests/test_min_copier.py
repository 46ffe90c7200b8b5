"""copier.yml's `_min_copier_version` is a promise: the oldest copier it names renders every demo
exactly as the copier this repository pins, updates a project, and refuses the same answers.

That copier is installed with uv into a virtualenv of its own (the slow tier: it needs the
package index, or uv's cache).
"""

import filecmp
import subprocess
from pathlib import Path

import pytest
import yaml
from harness import BIN, GIT, ROOT, SELECTED, copier_copy, run


def min_copier_version() -> str:
    first = (ROOT / "copier.yml").read_text().split("\n---", 1)[0]  # the settings, before !include
    return str(yaml.safe_load(first)["_min_copier_version"])


@pytest.fixture(scope="module")
def oldest_copier(tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("oldest-copier") / "venv"
    run([str(BIN / "uv"), "venv", "--quiet", str(venv)], ROOT)
    version = min_copier_version()
    run(
        [
            str(BIN / "uv"),
            "pip",
            "install",
            "--quiet",
            "--python",
            str(venv / "bin" / "python"),
            f"copier=={version}",
        ],
        ROOT,
    )
    copier = venv / "bin" / "copier"
    assert run([str(copier), "--version"], ROOT).stdout.split()[-1] == version
    return copier


def differences(left: Path, right: Path) -> list[str]:
    """Files that are missing on one side or differ, below two directory trees."""
    found = []
    compared = filecmp.dircmp(left, right, ignore=[".git"])
    stack = [(compared, "")]
    while stack:
        node, prefix = stack.pop()
        found += [f"{prefix}{name}" for name in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [f"{prefix}{name}" for name in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def _oldest(oldest_copier: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(oldest_copier), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("demo", SELECTED)
def test_the_oldest_supported_copier_renders_every_demo_alike(oldest_copier, template_repo, tmp_path, demo):
    old = tmp_path / "old"
    result = _oldest(
        oldest_copier, "copy", "--defaults", "-d", f"demo={demo}", str(template_repo), str(old), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr, result.stderr
    pinned = tmp_path / "pinned"
    copier_copy(template_repo, pinned, demo=demo)
    assert differences(old, pinned) == [], "the oldest copier renders this demo differently"


def test_the_oldest_supported_copier_refuses_and_updates_alike(oldest_copier, template_repo, tmp_path):
    """The questions' machinery is the same for every demo: one demo proves it."""
    demo, other = "fastapi-catalog", "flask-blog"
    refused = _oldest(
        oldest_copier,
        "copy",
        "--defaults",
        "-d",
        f"demo={demo}",
        "-d",
        "http_port=abc",
        str(template_repo),
        "bad",
        cwd=tmp_path,
    )
    assert refused.returncode != 0
    assert "http_port must be a whole number from 1024 to 65535, got 'abc'" in refused.stderr

    old = tmp_path / "old"
    copied = _oldest(
        oldest_copier, "copy", "--defaults", "-d", f"demo={demo}", str(template_repo), str(old), cwd=tmp_path
    )
    assert copied.returncode == 0, copied.stderr
    run(["git", "init", "-q"], old)
    run(["git", "add", "-A"], old)
    run([*GIT, "commit", "-qm", "generated"], old)
    switched = _oldest(oldest_copier, "update", "--defaults", "-d", f"demo={other}", cwd=old)
    assert switched.returncode != 0
    assert f"This project is the '{demo}' demo: changing it is not supported" in switched.stderr
    updated = _oldest(oldest_copier, "update", "--defaults", "-d", "project_name=renamed", cwd=old)
    assert updated.returncode == 0, updated.stderr
    assert yaml.safe_load((old / ".copier-answers.yml").read_text())["project_name"] == "renamed"
