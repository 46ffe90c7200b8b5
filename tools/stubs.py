#!/usr/bin/env python3
"""Write (or check) the one-line include stubs that bring shared files into each demo.

A file that is the same in every demo lives once, in templates/_shared/ or tools/, and each
demo's template/ folder holds a one-line `{% include %}` stub in its place. The stub list is
not written by hand: templates/_shared/ is a set of layers, each a folder that mirrors the
generated project (`PKG` stands for the demo's Python package), and a demo takes the layers
its registry entry asks for (extensions/demos.jinja):

    common/    every demo: Makefile, pyproject, compose, CI, PKG/kit/, tests/
    web/       demos with pages (registry `pages: true`): page layout, theme, htmx
    wsgi/      the thread-per-request frameworks (flask, django): PKG/kit/connection.py
    <framework>/  fastapi, flask, django or cli: the framework kit and requirements.lock
    cli/       also taken, without its requirements.lock, by a web demo that has commands
               too (registry `commands: true`): kit/cli.py and its test
    tools/     (the repository's own tools/db.sh and tools/cassandra/, byte for byte)

A stub keeps its source's executable bit (copier gives the rendered file the stub's mode).

    python tools/stubs.py            write missing or changed stubs for every demo
    python tools/stubs.py --check    exit 1 and list missing, changed and orphan stubs
"""

from __future__ import annotations

import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "templates" / "_shared"
# The database tool: one copy in this repository, included byte for byte in every project.
TOOLS = ["tools/db.sh", "tools/cassandra"]
ANSWERS, ANSWERS_EXPR = ".copier-answers.yml", "{{_copier_conf.answers_file}}"
CI_EXPR = "{% if include_ci %}.github{% endif %}"
STUB = re.compile(r'\A\{% include "((?:templates/_shared|tools)/[^"]+)" -%\}\n\Z')


@dataclass(frozen=True)
class Stub:
    dest: str  # path inside templates/<demo>/template, ending in .jinja
    source: str  # repo-relative path of the shared file

    @property
    def text(self) -> str:
        return f'{{% include "{self.source}" -%}}\n'

    @property
    def verbatim(self) -> bool:
        """A source without .jinja arrives byte for byte (no copier variables in it)."""
        return not self.source.endswith(".jinja")

    @property
    def rendered(self) -> str:
        """The path of the file in a generated project (with the default answers)."""
        path = self.dest.removesuffix(".jinja")
        return path.replace(ANSWERS_EXPR, ANSWERS).replace(CI_EXPR, ".github")

    @property
    def executable(self) -> bool:
        return bool((ROOT / self.source).stat().st_mode & stat.S_IXUSR)


def registry() -> dict[str, dict]:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT))
    return env.get_template("extensions/demos.jinja").module.DEMOS


def layers_for(meta: dict) -> list[str]:
    """The _shared layers a demo takes, in order (a later layer may not repeat a file)."""
    framework = meta["framework"]
    layers = ["common"]
    if meta["pages"]:
        layers.append("web")
    if framework in ("flask", "django"):
        layers.append("wsgi")
    layers.append(framework)
    if meta.get("commands") and framework != "cli":
        layers.append("cli")  # the commands' kit beside the pages (the framework's lock stays)
    return layers


def _copier_names(path: str) -> str:
    """Two generated names are copier expressions: the answers file and the optional CI folder."""
    if path.startswith(ANSWERS):
        return ANSWERS_EXPR + path.removeprefix(ANSWERS)
    if path.startswith(".github/"):
        return CI_EXPR + path.removeprefix(".github")
    return path


def stubs_for(meta: dict) -> list[Stub]:
    """Every stub of one demo."""
    stubs: dict[str, Stub] = {}
    sources: list[tuple[str, Path]] = []
    for layer in layers_for(meta):
        folder = SHARED / layer
        files = [(p.relative_to(folder).as_posix(), p) for p in sorted(folder.rglob("*")) if p.is_file()]
        if layer != meta["framework"]:  # a framework's own lock comes with that framework only
            files = [(rel, p) for rel, p in files if rel != "requirements.lock"]
        sources += files
    for entry in TOOLS:
        path = ROOT / entry
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        sources += [(p.relative_to(ROOT).as_posix(), p) for p in files]
    for mirrored, path in sources:
        if "__pycache__" in mirrored:
            continue
        dest = mirrored.replace("PKG", meta["package"])
        dest = _copier_names(dest if dest.endswith(".jinja") else dest + ".jinja")
        if dest in stubs:
            raise SystemExit(f"{mirrored}: two shared layers give {dest}")
        stubs[dest] = Stub(dest, path.relative_to(ROOT).as_posix())
    return list(stubs.values())


def orphans(demo: str, meta: dict) -> list[str]:
    """Include stubs in a demo that no layer gives any more (a shared file renamed or removed)."""
    base = ROOT / "templates" / demo / "template"
    wanted = {stub.dest for stub in stubs_for(meta)}
    found = []
    for path in sorted(base.rglob("*.jinja")):
        rel = path.relative_to(base).as_posix()
        if rel not in wanted and STUB.match(path.read_text(errors="replace")):
            found.append(rel)
    return found


def main(argv: list[str]) -> int:
    check = "--check" in argv
    problems = []
    for demo, meta in registry().items():
        base = ROOT / "templates" / demo / "template"
        for stub in stubs_for(meta):
            path = base / stub.dest
            mode = 0o755 if stub.executable else 0o644
            if path.exists() and path.read_text() == stub.text and stat.S_IMODE(path.stat().st_mode) == mode:
                continue
            if check:
                problems.append(
                    f"templates/{demo}/template/{stub.dest}: missing, changed or not mode {mode:o}"
                )
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(stub.text)
                path.chmod(mode)
                print(f"wrote templates/{demo}/template/{stub.dest}")
        for orphan in orphans(demo, meta):
            if check:
                problems.append(f"templates/{demo}/template/{orphan}: an include stub no shared layer gives")
            else:
                (base / orphan).unlink()
                print(f"removed orphan templates/{demo}/template/{orphan}")
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
