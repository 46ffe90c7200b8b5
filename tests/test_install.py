"""`make install` installs exactly the tested versions (requirements.lock), with uv or with pip.

uv is optional: a user without it gets the same versions from pip, only slower.
"""

import json
import os
import re
import shutil

import pytest
from harness import BIN, copier_copy, run

INSTALLED = (
    "import importlib.metadata as m, json; print(json.dumps({d.name: d.version for d in m.distributions()}))"
)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed(project) -> dict[str, str]:
    out = run([".venv/bin/python", "-c", INSTALLED], project).stdout
    return {_norm(name): version for name, version in json.loads(out).items()}


def _locked(project) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (project / "requirements.lock").read_text(), re.MULTILINE)
    return {_norm(name): version for name, version in pins}


@pytest.mark.parametrize("installer", ["uv", "pip"])
def test_make_install_installs_the_lock(template_repo, tmp_path, installer):
    project = tmp_path / installer
    copier_copy(template_repo, project, demo="flask-blog")
    if installer == "uv":
        path = f"{BIN}:{os.environ['PATH']}"
    else:  # a PATH on which no uv can be found
        path = ":".join(
            p for p in os.environ["PATH"].split(":") if p != str(BIN) and not shutil.which("uv", path=p)
        )
    result = run(["make", "install"], project, env={"PATH": path}, timeout=600)
    assert ("uv pip install" in result.stdout) == (installer == "uv"), result.stdout
    locked, installed = _locked(project), _installed(project)
    own = _norm("flask-blog")
    extra = sorted(set(installed) - set(locked) - {own, "pip", "setuptools"})
    assert not extra, f"installed but not in the lock: {extra}"
    differ = {
        name: (installed[name], locked[name])
        for name in installed
        if name in locked and installed[name] != locked[name]
    }
    assert not differ, f"installed (got, locked) differ: {differ}"
    assert {"flask", "coodie", "scylla-driver", "ruff"} <= set(installed)
