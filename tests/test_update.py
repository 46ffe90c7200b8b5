"""`copier update`, following the generated README's recipe as a user does.

A project made from an earlier commit is installed (`make install`), edited by its user,
committed (`git add -A && git commit`), and updated to HEAD. The earlier commit is the last release
tag or, before the first release, the first commit whose projects ignore what `make install`
writes (*.egg-info): projects generated before it must add that line to .gitignore once
(the README's update section says so), or copier refuses to update a dirty tree. Demos that
did not exist then are not part of this test.
"""

import re
import shutil
import subprocess
import warnings

import pytest
import yaml
from copier.errors import MissingFileWarning
from harness import BIN, GIT, ROOT, SELECTED, copier_copy, install, run, user_env

GITIGNORE = "templates/_shared/common/.gitignore.jinja"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def base_commit() -> str:
    tag = _git("describe", "--tags", "--abbrev=0")
    if tag:
        return tag
    for commit in _git("log", "--reverse", "--format=%H", "--", GITIGNORE).splitlines():
        if "egg-info" in _git("show", f"{commit}:{GITIGNORE}"):
            return commit
    return ""


BASE = base_commit()
OLD_DEMOS = [d for d in SELECTED if BASE and _git("ls-tree", "-d", "--name-only", BASE, f"templates/{d}")]


def test_there_is_an_earlier_version_to_update_from():
    assert BASE and OLD_DEMOS, "no earlier commit with a demo: the update path is untested"


def _commit_all(project, message: str) -> None:
    run(["git", "add", "-A"], project)
    run([*GIT, "commit", "-qm", message], project)


@pytest.mark.parametrize("demo", OLD_DEMOS)
def test_update_keeps_user_edits_and_the_demo(tmp_path, demo):
    project = tmp_path / demo
    with warnings.catch_warnings():
        # An old commit is what it is: its Jinja warnings can't be fixed any more, and its
        # copier.yml read the answers file a first copy does not have (MissingFileWarning).
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", MissingFileWarning)
        copier_copy(ROOT, project, vcs_ref=BASE, demo=demo, project_name="my shop", http_port=8123)
    run(["git", "init", "-q"], project)
    _commit_all(project, "generated")
    install(project)  # the README's step 2, before anything else

    # The user's edits: a note in the README, a file of their own, a new setting in .gitignore.
    with (project / "README.md").open("a") as readme:
        readme.write("\n## Our notes\n\nDeploys go through staging first.\n")
    (project / "NOTES.md").write_text("our own file\n")
    with (project / ".gitignore").open("a") as ignore:
        ignore.write("secrets/\n")
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], project).stdout.splitlines()
    assert sorted(line[3:] for line in status) == [".gitignore", "NOTES.md", "README.md"], (
        f"make install left files that .gitignore does not cover: {status}"
    )
    _commit_all(project, "our edits")  # the README's recipe: git add -A && git commit

    from copier import run_update

    with warnings.catch_warnings():  # the update re-renders the old commit too
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", MissingFileWarning)
        run_update(project, defaults=True, overwrite=True, vcs_ref="HEAD", conflict="rej", quiet=True)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["demo"] == demo and answers["project_name"] == "my shop"
    assert "Deploys go through staging first." in (project / "README.md").read_text()
    assert (project / "NOTES.md").read_text() == "our own file\n"
    assert "secrets/" in (project / ".gitignore").read_text()
    assert not list(project.rglob("*.rej")), "the update conflicted with the user's edits"
    # HEAD's files arrived: every file HEAD renders for this demo exists after the update.
    fresh = tmp_path / "fresh"
    copier_copy(ROOT, fresh, demo=demo, project_name="my shop", http_port="8123")
    # http_port was an int question then: its stored number renders as HEAD renders the port.
    assert (project / "Makefile").read_text() == (fresh / "Makefile").read_text()
    assert "8123" in (fresh / "Makefile").read_text()
    missing = [
        p.relative_to(fresh).as_posix()
        for p in fresh.rglob("*")
        if p.is_file() and not (project / p.relative_to(fresh)).exists()
    ]
    assert not missing, f"files of HEAD missing after the update: {missing}"


def test_the_readme_command_finds_conflict_markers(template_repo, tmp_path):
    """copier exits 0 after leaving conflict markers; the README's update section names the
    command that finds them, and that command really does (and is quiet when there are none)."""
    template = tmp_path / "template"
    run(["git", "clone", "-q", str(template_repo), str(template)], tmp_path)
    project = tmp_path / "shop"
    copier_copy(template, project, demo="fastapi-catalog")
    run(["git", "init", "-q"], project)
    _commit_all(project, "generated")
    readme = (project / "README.md").read_text()
    command = re.search(r"^(git diff --check\b.*?)\s*(#.*)?$", readme, re.MULTILINE)
    assert command, "the README's update section does not show `git diff --check`"
    clean = subprocess.run(command[1], shell=True, cwd=project, capture_output=True, text=True)
    assert clean.returncode == 0 and clean.stdout == "", clean.stdout

    # The user rewrites the README's first line; so does the template's next version.
    lines = readme.splitlines(keepends=True)
    (project / "README.md").write_text("# Our shop, our words\n" + "".join(lines[1:]))
    run([*GIT, "commit", "-qam", "our title"], project)
    source = template / "templates/fastapi-catalog/template/README.md.jinja"
    text = source.read_text().splitlines(keepends=True)
    source.write_text("# {{ project_name }}: the template's new title\n" + "".join(text[1:]))
    _commit_all(template, "a new title")

    copier = shutil.which("copier", path=str(BIN))
    update = subprocess.run(
        [copier, "update", "--defaults", "--conflict", "inline", "--vcs-ref", "HEAD"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert update.returncode == 0, update.stderr  # copier says nothing about the conflict
    assert "<<<<<<<" in (project / "README.md").read_text()
    found = subprocess.run(command[1], shell=True, cwd=project, capture_output=True, text=True)
    assert found.returncode != 0 and "README.md" in found.stdout, found.stdout


def update_recipe(readme: str) -> list[str]:
    """The commands of the README's "Keep this project up to date" block, comments dropped."""
    section = readme.split("### Keep this project up to date", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the README's update section has no bash block"
    return [line.split("  #", 1)[0].strip() for line in block[1].splitlines() if line.strip()]


def test_the_readme_update_recipe_runs_as_written_on_a_fresh_copy(template_repo, tmp_path):
    """A user who generated a project and edited it types the update section's commands one by
    one, in a fresh shell: each exits 0 (a fresh copy is not in git: the recipe says `git init`),
    the template's newer change arrives, the user's edit stays, and nothing is left uncommitted
    but what the update brought."""
    template = tmp_path / "template"
    run(["git", "clone", "-q", str(template_repo), str(template)], tmp_path)
    project = tmp_path / "shop"
    copier_copy(template, project, demo="lwt-user-registry")
    with (project / "README.md").open("a") as readme:
        readme.write("\n## Our notes\n\nDeploys go through staging first.\n")
    makefile = template / "templates/_shared/common/Makefile.jinja"
    makefile.write_text(makefile.read_text() + "\n# the template's next version\n")
    _commit_all(template, "the template's next version")
    run(["git", "tag", "100.0.0"], template)  # a release: a plain `copier update` takes the newest tag

    identity = {"GIT_AUTHOR_NAME": "user", "GIT_AUTHOR_EMAIL": "user@example.com"}
    identity |= {"GIT_COMMITTER_NAME": "user", "GIT_COMMITTER_EMAIL": "user@example.com"}
    env = {**identity, "PATH": f"{BIN}:{user_env()['PATH']}"}
    commands = update_recipe((project / "README.md").read_text())
    assert any(c.startswith("copier update") for c in commands), commands
    for command in commands:
        result = subprocess.run(
            command,
            shell=True,
            cwd=project,
            env=user_env(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, (
            f"`{command}` exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    assert "# the template's next version" in (project / "Makefile").read_text()
    assert "Deploys go through staging first." in (project / "README.md").read_text()
    status = run(["git", "status", "--porcelain"], project).stdout.split()
    assert "Makefile" in status and "README.md" not in status, status
