#!/usr/bin/env python3
"""`make lock`: write the tested dependency set of every framework (requirements.lock).

A generated project installs exactly these versions (`make install` passes the lock to pip
or uv as constraints), and so do the harness and the project's CI. The lock of a framework
resolves, with `uv pip compile`, everything any demo of that framework asks for: the base
packages, the framework's and each of its demos' own (extensions/demos.jinja), within the
majors capped there. A constraint for a package a demo does not use is simply not applied.

    python tools/lock.py            resolve the newest versions within the caps, write the locks
    python tools/lock.py --check    exit 1 when a lock does not match the registry's packages

After `make lock`, run `make test`: the harness then tests what the locks now say.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "templates" / "_shared"
PYTHON = "3.11"  # the oldest Python the projects support (requires-python >= 3.11)


def registry():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT))
    module = env.get_template("extensions/demos.jinja").module
    return module.BASE, module.FRAMEWORKS, module.DEMOS


def requirements(framework: str) -> list[str]:
    """Every requirement a project of this framework may carry, base first."""
    base, frameworks, demos = registry()
    specs = (
        base["deps"] + base["dev_deps"] + frameworks[framework]["deps"] + frameworks[framework]["dev_deps"]
    )
    for meta in demos.values():
        if meta["framework"] == framework:
            specs += [spec for spec in meta["deps"] + meta["dev_deps"] if spec not in specs]
    return specs


def lock_path(framework: str) -> Path:
    return SHARED / framework / "requirements.lock"


def name_of(spec: str) -> str:
    """'coodie[scylla]>=1.9.3,<2' -> 'coodie' (normalised as pip does)."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]).lower()


def pinned(lock: Path) -> dict[str, str]:
    """name -> version of every `name==version` line."""
    found = {}
    for line in lock.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if match:
            found[name_of(match[1])] = match[2]
    return found


def write(framework: str, uv: str) -> None:
    specs = requirements(framework)
    header = (
        f"# The tested dependency set of every {framework} demo: installed exactly by `make install`\n"
        "# and CI (as constraints). Written by `make lock` (tools/lock.py) in the template repository;\n"
        "# a dependency-update bot may bump it. Requirements: " + ", ".join(specs)
    )
    result = subprocess.run(
        [uv, "pip", "compile", "-", "--universal", "--python-version", PYTHON, "--no-header", "--quiet"],
        input="\n".join(specs) + "\n",
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"lock {framework}: uv pip compile failed:\n{result.stderr}")
    path = lock_path(framework)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + result.stdout)
    print(f"wrote {path.relative_to(ROOT)}: {len(pinned(path))} packages")


def check() -> int:
    """Every framework has a lock, and the lock pins every package the registry names."""
    _, frameworks, _ = registry()
    problems = []
    for framework in frameworks:
        path = lock_path(framework)
        if not path.exists():
            problems.append(f"{path.relative_to(ROOT)} is missing: run `make lock`")
            continue
        missing = [name_of(spec) for spec in requirements(framework) if name_of(spec) not in pinned(path)]
        if missing:
            problems.append(f"{path.relative_to(ROOT)} lacks {', '.join(missing)}: run `make lock`")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if "--check" in argv:
        return check()
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(uv).exists():
        raise SystemExit("uv is not installed: `make install` puts it in .venv/bin")
    _, frameworks, _ = registry()
    for framework in frameworks:
        write(framework, uv)
    return check()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
