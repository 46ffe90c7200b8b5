"""What the harness tests share: the demo registry, paths, commands, and built demos."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("HARNESS_BUILD", ROOT / "build" / "harness"))
# Everything a render reads: the copier machinery and what the stubs include.
TEMPLATE_PATHS = ["copier.yml", "extensions", "templates", "tools"]
TIMINGS: dict[str, dict[str, float]] = defaultdict(dict)
GIT = ["git", "-c", "user.name=user", "-c", "user.email=user@example.com"]


def registry_module():
    """extensions/demos.jinja, read with plain jinja2 (the same values copier.yml uses)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT))
    return env.get_template("extensions/demos.jinja").module


def registry() -> dict[str, dict]:
    return registry_module().DEMOS


DEMOS = registry()
# Every demo; the slow tests take the ones named in DEMOS=a,b (all when it is unset).
DEMO_IDS = list(DEMOS)
SELECTED = [d.strip() for d in os.environ.get("DEMOS", "").split(",") if d.strip()] or DEMO_IDS
_unknown = sorted(set(SELECTED) - set(DEMO_IDS))
if _unknown:
    raise SystemExit(
        f"DEMOS names no such demo: {', '.join(_unknown)} (the ids are in extensions/demos.jinja)"
    )
# Demos with pages get a browser flow; the registry decides (`pages`), not a test.
PAGE_DEMOS = [d for d in SELECTED if DEMOS[d]["pages"]]
# HARNESS_LOCK=newest installs the newest versions within the caps instead of the locks
# (the opt-in "newest" CI job), to see a breaking release before users do.
NEWEST = os.environ.get("HARNESS_LOCK") == "newest"
BIN = Path(sys.executable).parent


def run(cmd, cwd: Path, env: dict | None = None, timeout: float = 900, check: bool = True):
    """Run a command; on failure the assertion shows its output."""
    result = subprocess.run(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )
    if check:
        assert result.returncode == 0, (
            f"{' '.join(map(str, cmd))} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


def timed(demo: str, phase: str):
    class _Timer:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            TIMINGS[demo][phase] = time.perf_counter() - self.start

    return _Timer()


def install(project: Path) -> None:
    """The project's own `make install` (uv when it is on PATH, as here: the locked versions),
    or, with HARNESS_LOCK=newest, the newest versions its pyproject allows."""
    env = {"PATH": f"{BIN}:{os.environ['PATH']}"}
    if NEWEST:
        run([str(BIN / "uv"), "venv", "--quiet", "--allow-existing", ".venv"], project, env=env)
        run([str(BIN / "uv"), "pip", "install", "--quiet", "--upgrade", "-e", ".[dev]"], project, env=env)
    else:
        run(["make", "install"], project, env=env)


def copier_copy(src: Path | str, dst: Path, vcs_ref: str = "HEAD", **answers) -> None:
    from copier import run_copy

    run_copy(str(src), dst, data=answers, defaults=True, vcs_ref=vcs_ref, quiet=True, overwrite=True)


@dataclass
class BuiltDemo:
    demo: str
    path: Path
    keyspace: str
    python: Path = field(init=False)

    def __post_init__(self):
        self.python = self.path / ".venv" / "bin" / "python"

    def env(self) -> dict[str, str]:
        return {"SCYLLA_KEYSPACE": self.keyspace, "NO_COLOR": "1", "COLUMNS": "120"}


def running(pid: int) -> bool:
    """The process exists and is not a zombie (exited, waiting to be reaped: it holds no ports)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
