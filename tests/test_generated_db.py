"""A generated project gets its own database with `make db` (JDK 17, no Docker) and `make db-stop`.

The project is rendered fresh and pointed at an address of its own (127.0.0.41), where nothing
answers yet, so its `make db` must start the local Cassandra it carries in tools/cassandra.
"""

from harness import run

ADDRESS = "127.0.0.41"


def test_make_db_in_a_generated_project(template_repo, tmp_path):
    from harness import copier_copy

    project = tmp_path / "catalog"
    copier_copy(template_repo, project, demo="fastapi-catalog")
    env = {"SCYLLA_HOSTS": ADDRESS, "CASSANDRA_BASE_IP": ADDRESS, "CASSANDRA_HEAP": "512M"}
    try:
        up = run(["make", "db"], project, env=env, timeout=600)
        assert f"no CQL server at {ADDRESS}:9042" in up.stdout
        assert "CQL ready on " + ADDRESS in up.stdout
        again = run(["make", "db"], project, env=env)
        assert f"using the CQL server already answering at {ADDRESS}:9042" in again.stdout
    finally:
        down = run(["make", "db-stop"], project, env=env, check=False)
    assert down.returncode == 0, down.stderr
    assert "stopped" in down.stdout
    probe = run(["python3", "tools/cassandra/cql_probe.py", "check", ADDRESS, "9042"], project, check=False)
    assert probe.returncode == 3, "something still answers after make db-stop"
