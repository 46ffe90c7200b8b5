"""The copier command as a user types it, for the tests of answers and updates."""

import contextlib
import io
import subprocess
import sys
import traceback
from pathlib import Path

from harness import run

COPIER = str(Path(sys.executable).with_name("copier"))
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]


def copier_cli(*args: str, cwd: Path, in_process: bool = True) -> subprocess.CompletedProcess:
    """The copier command a user types. In this process by default: the same CLI code, its
    output captured, an exception it lets out printed as Python prints one (exit 1), without
    starting an interpreter and importing copier (about 2 s) for each of these tests. The tests
    about what a terminal shows (warnings) pass in_process=False."""
    if not in_process:
        return subprocess.run([COPIER, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    from copier._cli import CopierApp

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            _, code = CopierApp.run(["copier", *args], exit=False)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except Exception:  # uncaught by copier's CLI: Python prints it and exits 1
            traceback.print_exc(file=err)
            code = 1
    return subprocess.CompletedProcess(["copier", *args], code or 0, out.getvalue(), err.getvalue())


def copy_demo(
    template_repo: Path, demo: str, dest: str, *answers: str, cwd: Path, in_process: bool = True
) -> subprocess.CompletedProcess:
    """The plain command a user types: no --trust (HEAD so that uncommitted work is rendered)."""
    data = [arg for answer in (f"demo={demo}", *answers) for arg in ("-d", answer)]
    args = ("copy", "--defaults", "--vcs-ref", "HEAD", *data, str(template_repo), dest)
    return copier_cli(*args, cwd=cwd, in_process=in_process)


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
