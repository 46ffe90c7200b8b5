#!/usr/bin/env python3
"""Write (or check) the one-line include stubs that bring shared files into each demo.

A file that is the same in every demo lives once, in templates/_shared/ or tools/, and each
demo's template/ folder holds a one-line `{% include %}` stub in its place. This script is
the list of those stubs: run it after adding a demo or a shared file; the harness runs
`--check` so that no demo drifts from the list.

    python tools/stubs.py            write missing or changed stubs for every demo
    python tools/stubs.py --check    exit 1 and list the differences instead
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[1]
SHARED = "templates/_shared"

# destination inside templates/<demo>/template  ->  shared source (repo-relative)
COMMON = {
    "{{_copier_conf.answers_file}}.jinja": f"{SHARED}/project/copier-answers.yml.jinja",
    ".gitignore.jinja": f"{SHARED}/project/gitignore.jinja",
    "{% if include_ci %}.github{% endif %}/workflows/ci.yml.jinja": f"{SHARED}/project/ci.yml.jinja",
    "Makefile.jinja": f"{SHARED}/project/Makefile.jinja",
    "docker-compose.yml.jinja": f"{SHARED}/project/docker-compose.yml.jinja",
    "pyproject.toml.jinja": f"{SHARED}/project/pyproject.toml.jinja",
    "tools/db.sh.jinja": "tools/db.sh",
    "tools/cassandra/cassandra.sh.jinja": "tools/cassandra/cassandra.sh",
    "tools/cassandra/cassandra.yaml.jinja": "tools/cassandra/cassandra.yaml",
    "tools/cassandra/cql_probe.py.jinja": "tools/cassandra/cql_probe.py",
    "tools/cassandra/logback.xml.jinja": "tools/cassandra/logback.xml",
    "tools/cassandra/pom.xml.jinja": "tools/cassandra/pom.xml",
    "{pkg}/settings.py.jinja": f"{SHARED}/python/settings.py.jinja",
    "{pkg}/db.py.jinja": f"{SHARED}/python/db.py",
    "{pkg}/cql_log.py.jinja": f"{SHARED}/python/cql_log.py",
    "{pkg}/schema.py.jinja": f"{SHARED}/python/schema.py",
    "{pkg}/seedkit.py.jinja": f"{SHARED}/python/seedkit.py",
    "{pkg}/testing.py.jinja": f"{SHARED}/python/testing.py.jinja",
    "{pkg}/paging.py.jinja": f"{SHARED}/python/paging.py",
    "tests/test_seed_contract.py.jinja": f"{SHARED}/python/test_seed_contract.py.jinja",
}
WEB = {
    "{pkg}/templates/base.html.jinja": f"{SHARED}/web/base.html.jinja",
    "{pkg}/templates/_cql_panel.html.jinja": f"{SHARED}/web/_cql_panel.html.jinja",
    "{pkg}/templates/schema.html.jinja": f"{SHARED}/web/schema.html.jinja",
    "{pkg}/templates/error.html.jinja": f"{SHARED}/web/error.html.jinja",
    "{pkg}/static/theme.css.jinja": f"{SHARED}/web/theme.css.jinja",
    "{pkg}/static/htmx.min.js.jinja": f"{SHARED}/web/htmx.min.js",
}
BY_FRAMEWORK = {
    "fastapi": {
        "{pkg}/web.py.jinja": f"{SHARED}/python/fastapi_web.py",
    },
}


def registry() -> dict[str, dict]:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT))
    return env.get_template("extensions/demos.jinja").module.DEMOS


def stubs_for(meta: dict) -> dict[str, str]:
    """Every stub of one demo: destination path -> file content."""
    wanted = {**COMMON, **BY_FRAMEWORK.get(meta["framework"], {})}
    if meta["framework"] != "cli":
        wanted.update(WEB)
    return {
        dest.replace("{pkg}", meta["package"]): f'{{% include "{src}" -%}}\n' for dest, src in wanted.items()
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    problems = []
    for demo, meta in registry().items():
        base = ROOT / "templates" / demo / "template"
        for dest, content in stubs_for(meta).items():
            path = base / dest
            if path.exists() and path.read_text() == content:
                continue
            if check:
                problems.append(f"templates/{demo}/template/{dest}: missing or not the shared stub")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content)
                print(f"wrote templates/{demo}/template/{dest}")
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
