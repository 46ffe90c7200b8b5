"""A one-node Cassandra of the test's own, on an address of its own, that the test may stop.

The shared development node (127.0.0.1) is never stopped by a test: other work uses it. A
test that takes the database away starts this node instead (tools/cassandra/cassandra.sh
with CASSANDRA_BASE_IP), stops and starts it as it likes, and always stops it at the end.

    OWN_NODE_IP     the node's address (default 127.0.0.52)
    CASSANDRA_DIR   where cassandra.sh keeps jars and data (default <project>/.cassandra)
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import time
from pathlib import Path

from harness import ROOT, running

SCRIPT = ROOT / "tools" / "cassandra" / "cassandra.sh"
IP = os.environ.get("OWN_NODE_IP", "127.0.0.52")
STATE = Path(os.environ.get("CASSANDRA_DIR") or ROOT / ".cassandra").resolve()
PIDFILE = STATE / f"nodes1-{IP}" / "node1" / "cassandra.pid"
START_TIMEOUT = 240


def _probe_module():
    spec = importlib.util.spec_from_file_location("cql_probe", ROOT / "tools" / "cassandra" / "cql_probe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cql_probe = _probe_module()


class OwnNode:
    ip = IP
    port = 9042

    def __init__(self):
        self.pids: set[int] = set()

    def _script(self, command: str, timeout: float) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["bash", str(SCRIPT), command],
            cwd=ROOT,
            env={
                **os.environ,
                "CASSANDRA_BASE_IP": IP,
                "CASSANDRA_PORT": str(self.port),
                "CASSANDRA_HEAP": "512M",
                "CASSANDRA_DIR": str(STATE),
            },
            capture_output=True,
            text=True,
            timeout=timeout,
            start_new_session=True,  # Ctrl-C in pytest does not reach the node
        )
        assert result.returncode == 0, f"cassandra.sh {command} on {IP}: {result.stdout}{result.stderr}"
        return result

    def start(self) -> None:
        """Start the node; returns once it answers a CQL query."""
        self._script("start", timeout=START_TIMEOUT)
        with contextlib.suppress(OSError, ValueError):
            self.pids.add(int(PIDFILE.read_text().strip()))

    def stop(self) -> None:
        """SIGTERM, and wait until the process is gone and its ports are closed."""
        self._script("stop", timeout=150)

    def answers(self) -> bool:
        """A real CQL query answered (cql_probe), within a second."""
        try:
            cql_probe.release_version(IP, self.port, timeout=1)
        except (OSError, cql_probe.NotCql, cql_probe.CqlError):
            return False
        return True

    def drop_keyspaces(self, prefix: str) -> None:
        """Drop what the tests left on the node (its data outlives the test session)."""
        from cassandra.cluster import Cluster

        cluster = Cluster([IP], port=self.port)
        try:
            cql = cluster.connect()
            for row in cql.execute("SELECT keyspace_name FROM system_schema.keyspaces"):
                if row.keyspace_name.startswith(prefix):
                    cql.execute(f"DROP KEYSPACE IF EXISTS {row.keyspace_name}", timeout=60)
        finally:
            cluster.shutdown()

    def pause(self) -> None:
        """SIGSTOP: the process stays, its sockets stay open, nothing answers (a hung server).
        Returns once the kernel reports the node stopped and a CQL probe goes unanswered."""
        alive = self._alive()
        assert alive, f"no node process of this test to pause (pids {sorted(self.pids)}, pid file {PIDFILE})"
        for pid in alive:
            os.kill(pid, signal.SIGSTOP)
        deadline = time.monotonic() + 10
        while any(process_state(pid) != "T" for pid in alive) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(process_state(pid) == "T" for pid in alive), self.paused_state()
        assert not self.answers(), f"the node still answers CQL after SIGSTOP: {self.paused_state()}"

    def paused_state(self) -> str:
        """The kernel's state of each node process (T: stopped) and what answers on the address."""
        states = ", ".join(f"pid {pid}: {process_state(pid) or 'gone'}" for pid in sorted(self.pids))
        return f"{states}; pid file says {PIDFILE.read_text().strip() if PIDFILE.exists() else 'nothing'}"

    def resume(self) -> None:
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def _alive(self) -> list[int]:
        return [pid for pid in self.pids if running(pid)]

    def shut_down(self) -> None:
        """The end of a test, whatever happened: resumed if paused, stopped, killed if it lingers."""
        self.resume()
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            self.stop()
        for pid in self._alive():  # only the node this test started, by pid
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while self._alive() and time.monotonic() < deadline:
            time.sleep(0.2)


def process_state(pid: int) -> str:
    """The one-letter state in /proc/<pid>/stat (R, S, T stopped, Z zombie), or "" when gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""
