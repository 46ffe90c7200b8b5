"""tools/db.sh starts a database only where everything then looks for it (the fast tier: these
checks start nothing). Starting the local Cassandra on SCYLLA_HOSTS:SCYLLA_PORT for real is
test_cassandra_tool.py::test_make_db_starts_the_local_cassandra_where_it_looks.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import jinja2
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def db_up(**env: str) -> subprocess.CompletedProcess:
    settings = {k: v for k, v in os.environ.items() if not k.startswith(("SCYLLA_", "CASSANDRA_"))}
    return subprocess.run(
        ["bash", "tools/db.sh", "up"],
        cwd=ROOT,
        env={**settings, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env, message",
    [
        (
            {"SCYLLA_HOSTS": "cassandra.invalid,10.0.0.2"},
            "db: nothing answers CQL at cassandra.invalid:9042, and make db starts databases on this "
            "machine only (127.x.x.x)",
        ),
        ({"SCYLLA_PORT": "cql"}, "db: SCYLLA_PORT must be a port number, got 'cql'"),
        ({"SCYLLA_PORT": "70000"}, "db: SCYLLA_PORT must be a port number, got '70000'"),
        (
            {"SCYLLA_HOSTS": "127.0.0.36", "SCYLLA_PORT": "9045", "CASSANDRA_BASE_IP": "127.0.0.37"},
            "db: CASSANDRA_BASE_IP=127.0.0.37 but SCYLLA_HOSTS starts with 127.0.0.36",
        ),
        (
            {"SCYLLA_HOSTS": "127.0.0.36", "SCYLLA_PORT": "9045", "CASSANDRA_PORT": "9046"},
            "db: CASSANDRA_PORT=9046 but SCYLLA_PORT=9045",
        ),
    ],
)
def test_make_db_refuses_to_start_where_it_does_not_look(env, message):
    result = db_up(**env)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "starting" not in result.stdout


def compose_interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's `${VAR:-default}` and `${VAR}` (the compose specification's interpolation)."""

    def value(match: re.Match) -> str:
        name, default = match["name"], match["default"]
        if default is not None:
            return env.get(name) or default
        return env.get(name, "")

    result = re.sub(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}", value, text)
    assert "$" not in result, f"an interpolation this test does not know: {text}"
    return result


def published(compose: str) -> list[str]:
    (service,) = yaml.safe_load(compose)["services"].values()  # the one database
    return service["ports"]


@pytest.mark.parametrize(
    "source, image",
    [
        ("docker-compose.yml", None),
        ("templates/_shared/common/docker-compose.yml.jinja", "scylladb/scylla:2026.2.2"),
        ("templates/_shared/common/docker-compose.yml.jinja", "cassandra:5.0.9"),  # vector-search's
    ],
)
def test_compose_publishes_the_database_where_make_db_looks(source, image):
    """No Docker engine on this machine: the Docker path is checked by what it hands compose.
    db.sh runs compose with SCYLLA_COMPOSE_IP and SCYLLA_PORT set from where it probed."""
    text = (ROOT / source).read_text()
    if source.endswith(".jinja"):
        text = jinja2.Template(text).render(package_name="shop", docker_image=image)
    call = re.search(
        r'^\s*(SCYLLA_COMPOSE_IP="\$HOST" SCYLLA_PORT="\$PORT") "\$\{COMPOSE\[@\]\}" up ',
        (ROOT / "tools/db.sh").read_text(),
        re.MULTILINE,
    )
    assert call, "db.sh no longer hands compose the address and port it probed"
    [mapping] = published(text)
    assert compose_interpolate(mapping, {}) == "127.0.0.1:9042:9042"
    db_env = {"SCYLLA_COMPOSE_IP": "127.0.0.36", "SCYLLA_PORT": "9043"}
    assert compose_interpolate(mapping, db_env) == "127.0.0.36:9043:9042"
