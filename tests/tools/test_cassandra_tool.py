"""tools/cassandra/cassandra.sh and tools/db.sh: start, reuse, crash, restart, stop, and failing well.

Each test uses a loopback address of its own (127.0.0.3x), so it runs beside the database the
rest of the suite uses; the jars in .cassandra/lib are shared.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

from cassandra.cluster import Cluster
from harness import running

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "cassandra" / "cassandra.sh"
TEMURIN_25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")


def tool(*args: str, ip: str, timeout: float = 240, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(TOOL), *args],
        env={**os.environ, "CASSANDRA_BASE_IP": ip, "CASSANDRA_HEAP": "512M", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def port_open(ip: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((ip, port)) == 0


def pid_of(ip: str) -> int:
    return int((ROOT / ".cassandra" / f"nodes1-{ip}" / "node1" / "cassandra.pid").read_text())


def test_wrong_java_is_one_line_and_non_zero():
    assert TEMURIN_25.exists(), f"this test needs the JDK 25 of this machine kind at {TEMURIN_25}"
    result = tool("start", ip="127.0.0.31", JAVA_HOME=str(TEMURIN_25))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs Java 17" in lines[0] and "25" in lines[0], result.stderr


def test_a_port_held_by_something_that_is_not_cql_is_named():
    ip = "127.0.0.32"
    server = socket.create_server((ip, 9042))
    stop = threading.Event()

    def talk_nonsense():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            conn.close()

    thread = threading.Thread(target=talk_nonsense, daemon=True)
    thread.start()
    try:
        result = tool("start", ip=ip)
        assert result.returncode == 1
        assert f"{ip}:9042 is held by another program that does not speak CQL" in result.stderr
        db = subprocess.run(
            ["bash", "tools/db.sh", "up"],
            cwd=ROOT,
            env={**os.environ, "SCYLLA_HOSTS": ip},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert db.returncode == 1 and "is open but does not answer CQL" in db.stderr
    finally:
        stop.set()
        thread.join()
        server.close()


def test_a_crash_during_start_prints_the_log_tail():
    result = tool("start", ip="127.0.0.34", CASSANDRA_HEAP="1k")  # the JVM refuses such a heap
    assert result.returncode == 1
    assert "the server process exited during start" in result.stderr
    assert "--- last" in result.stderr  # the log tail follows
    assert not port_open("127.0.0.34", 9042)


def test_start_reuse_crash_restart_stop():
    ip = "127.0.0.33"
    keyspace = f"crash_{uuid.uuid4().hex[:8]}"
    started = tool("start", ip=ip)
    assert started.returncode == 0, started.stderr + started.stdout
    assert "CQL ready" in started.stdout
    try:
        again = tool("start", ip=ip)
        assert again.returncode == 0 and "already running" in again.stdout and "reusing" in again.stdout

        cluster = Cluster([ip], connect_timeout=10)
        cql = cluster.connect()
        replication = "{'class': 'SimpleStrategy', 'replication_factor': 1}"
        cql.execute(f"CREATE KEYSPACE {keyspace} WITH replication = {replication}")
        cql.execute(f"CREATE TABLE {keyspace}.t (id int PRIMARY KEY, v text)")
        for i in range(100):
            cql.execute(f"INSERT INTO {keyspace}.t (id, v) VALUES (%s, %s)", (i, f"row {i}"))
        cluster.shutdown()

        killed = tool("kill", "--node", "1", ip=ip)  # SIGKILL: no flush, no clean shutdown
        assert killed.returncode == 0, killed.stderr
        restarted = tool("start", ip=ip)
        assert restarted.returncode == 0, restarted.stderr

        cluster = Cluster([ip], connect_timeout=10)
        rows = cluster.connect().execute(f"SELECT id FROM {keyspace}.t", timeout=60)
        assert sorted(r.id for r in rows) == list(range(100))  # every row survived the crash
        cluster.shutdown()
    finally:
        pid = (
            pid_of(ip)
            if (ROOT / ".cassandra" / f"nodes1-{ip}" / "node1" / "cassandra.pid").exists()
            else None
        )
        stopped = tool("stop", ip=ip)
    assert stopped.returncode == 0, stopped.stderr
    if pid:
        assert not running(pid), f"Cassandra (pid {pid}) still runs after stop"
    deadline = time.monotonic() + 10
    while port_open(ip, 9042) or port_open(ip, 7000):
        assert time.monotonic() < deadline, "a port is still listening after stop"
        time.sleep(0.2)


def test_make_db_starts_the_local_cassandra_where_it_looks(tmp_path):
    """`make db` probes SCYLLA_HOSTS:SCYLLA_PORT, so what it starts answers there (it used to
    start on 127.0.0.1:9042 whatever they said, then wait 120 s for an answer that never came).
    State in a folder of its own: the mark of the suite's own `make db` stays untouched."""
    ip, port = "127.0.0.35", 9043
    assert tool("fetch", ip=ip).returncode == 0  # the jars, shared through a link below
    state = tmp_path / "state"
    state.mkdir()
    (state / "lib").symlink_to(ROOT / ".cassandra" / "lib")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SCYLLA_", "CASSANDRA_"))},
        "SCYLLA_HOSTS": ip,
        "SCYLLA_PORT": str(port),
        "CASSANDRA_DIR": str(state),
        "CASSANDRA_HEAP": "512M",
        "DB_DOCKER": "no",  # the local Cassandra even where a Docker engine answers
    }

    def db(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "tools/db.sh", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )

    try:
        up = db("up")
        assert up.returncode == 0, up.stdout + up.stderr
        assert f"CQL ready on {ip}:{port}" in up.stdout
        assert not port_open(ip, 9042), "the node listens on 9042 instead of SCYLLA_PORT"
        cluster = Cluster([ip], port=port, connect_timeout=10)
        assert cluster.connect().execute("SELECT release_version FROM system.local").one()[0]
        cluster.shutdown()
        again = db("up")
        assert again.returncode == 0 and f"already answering at {ip}:{port}" in again.stdout
    finally:
        down = db("down")
    assert down.returncode == 0, down.stdout + down.stderr
    assert not (state / "started-by-make-db").exists()
    deadline = time.monotonic() + 10
    while port_open(ip, port) or port_open(ip, 7000):
        assert time.monotonic() < deadline, "a port is still listening after make db-stop"
        time.sleep(0.2)
