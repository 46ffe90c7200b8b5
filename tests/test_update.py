"""`copier update`: a project made from an earlier commit, edited by its user, updates to HEAD.

The earlier commit is the last release tag, or (before the first release) the first commit
that had copier.yml. Demos that did not exist then are not part of this test.
"""

import subprocess
import warnings

import pytest
import yaml
from harness import DEMO_IDS, ROOT, copier_copy, run

GIT = ["git", "-c", "user.name=user", "-c", "user.email=user@example.com"]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def base_commit() -> str:
    tag = _git("describe", "--tags", "--abbrev=0")
    return tag or _git("log", "--reverse", "--format=%H", "--", "copier.yml").splitlines()[0]


BASE = base_commit()
OLD_DEMOS = [d for d in DEMO_IDS if _git("ls-tree", "-d", "--name-only", BASE, f"templates/{d}")]


def test_there_is_an_earlier_version_to_update_from():
    assert BASE and OLD_DEMOS, "no earlier commit with a demo: the update path is untested"


@pytest.mark.parametrize("demo", OLD_DEMOS)
def test_update_keeps_user_edits_and_the_demo(tmp_path, demo):
    project = tmp_path / demo
    with warnings.catch_warnings():
        # An old commit is what it is: its Jinja warnings can't be fixed any more.
        warnings.simplefilter("ignore", DeprecationWarning)
        copier_copy(ROOT, project, vcs_ref=BASE, demo=demo, project_name="my shop")
    run(["git", "init", "-q"], project)
    run(["git", "add", "-A"], project)
    run([*GIT, "commit", "-qm", "generated"], project)

    # The user's edits: a note in the README, a file of their own, a new setting in .gitignore.
    with (project / "README.md").open("a") as readme:
        readme.write("\n## Our notes\n\nDeploys go through staging first.\n")
    (project / "NOTES.md").write_text("our own file\n")
    with (project / ".gitignore").open("a") as ignore:
        ignore.write("secrets/\n")
    run(["git", "add", "-A"], project)
    run([*GIT, "commit", "-qm", "our edits"], project)

    from copier import run_update

    with warnings.catch_warnings():  # the update re-renders the old commit too
        warnings.simplefilter("ignore", DeprecationWarning)
        run_update(project, defaults=True, overwrite=True, vcs_ref="HEAD", conflict="rej", quiet=True)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["demo"] == demo and answers["project_name"] == "my shop"
    assert "Deploys go through staging first." in (project / "README.md").read_text()
    assert (project / "NOTES.md").read_text() == "our own file\n"
    assert "secrets/" in (project / ".gitignore").read_text()
    assert not list(project.rglob("*.rej")), "the update conflicted with the user's edits"
    # HEAD's files arrived: every file HEAD renders for this demo exists after the update.
    fresh = tmp_path / "fresh"
    copier_copy(ROOT, fresh, demo=demo, project_name="my shop")
    missing = [
        p.relative_to(fresh).as_posix()
        for p in fresh.rglob("*")
        if p.is_file() and not (project / p.relative_to(fresh)).exists()
    ]
    assert not missing, f"files of HEAD missing after the update: {missing}"
