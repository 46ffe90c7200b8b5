"""A local three-node Apache Cassandra cluster for the scale-path test.

The session fixture `three_nodes` runs tools/cassandra/cassandra.sh with `--nodes 3` on
CLUSTER_BASE_IP, +1, +2 (default 127.0.0.11..13, beside the single development node on
127.0.0.1), reusing the nodes that already run there, and stops the cluster at the end:
SIGTERM through `cassandra.sh stop` (capped), then SIGKILL of anything left; no process and
no listening port may remain. If the cluster cannot start, the fixture does not fail or skip:
it hands the test the error and the log tails, and the test fails with them.

Environment:
    CLUSTER_BASE_IP        127.0.0.11
    CASSANDRA_DIR          <project>/.cassandra (the cluster lives in nodes3-<base ip>/)
    CASSANDRA_START_TIMEOUT  per node, passed to cassandra.sh (default 120)
    CLUSTER_KEEP=1         leave the cluster running after the session
    CLUSTER_TIMINGS_FILE   <project>/test-results/cluster-three-nodes.json (the measured
                           seconds; every run is also appended to the .jsonl next to it)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from harness import running

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "cassandra" / "cassandra.sh"
NODES = 3
PORTS = (9042, 7000)
BASE_IP = os.environ.get("CLUSTER_BASE_IP", "127.0.0.11")
STATE = Path(os.environ.get("CASSANDRA_DIR") or ROOT / ".cassandra").resolve()
CLUSTER_DIR = STATE / f"nodes{NODES}-{BASE_IP}"
START_TIMEOUT = int(os.environ.get("CASSANDRA_START_TIMEOUT", "120"))
STOP_TIMEOUT = 90  # cassandra.sh itself sends SIGKILL 60 s after SIGTERM
KEEP = os.environ.get("CLUSTER_KEEP") == "1"
TIMINGS_FILE = Path(
    os.environ.get("CLUSTER_TIMINGS_FILE") or ROOT / "test-results" / "cluster-three-nodes.json"
)

# What the run measured: filled by the fixture and the test, printed in the terminal summary
# and written to TIMINGS_FILE when the session ends.
REPORT: dict[str, Any] = {}


def node_ips(base_ip: str = BASE_IP) -> list[str]:
    prefix, last = base_ip.rsplit(".", 1)
    if not 1 <= int(last) <= 256 - NODES:
        raise ValueError(f"CLUSTER_BASE_IP {base_ip} leaves no room for {NODES} addresses")
    return [f"{prefix}.{int(last) + k}" for k in range(NODES)]


def cluster_pids() -> set[int]:
    """Every live process of this cluster: from its pid files and from /proc (a node whose pid
    file is gone still names its own yaml on the command line)."""
    pids: set[int] = set()
    for pidfile in CLUSTER_DIR.glob("node*/cassandra.pid"):
        with contextlib.suppress(OSError, ValueError):
            pids.add(int(pidfile.read_text().strip()))
    marker = f"-Dcassandra.config=file://{CLUSTER_DIR}/".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                pids.add(int(entry.name))
        except OSError:
            pass
    return {pid for pid in pids if running(pid)}


def listening(ips: list[str], ports: tuple[int, ...] = PORTS) -> list[str]:
    """The ip:port pairs (or wildcard listeners on those ports) in LISTEN state right now."""
    wanted = {socket.inet_aton(ip)[::-1].hex().upper(): ip for ip in ips}
    wanted["00000000"] = "0.0.0.0"
    found = []
    for table in ("/proc/net/tcp",):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == "0A" and address in wanted and int(port_hex, 16) in ports:
                found.append(f"{wanted[address]}:{int(port_hex, 16)}")
    return sorted(set(found))


def log_tail(lines: int = 40) -> str:
    parts = []
    for log in sorted(CLUSTER_DIR.glob("node*/logs/*.log")):
        try:
            tail = log.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            continue
        if tail:
            parts.append(f"--- last {len(tail)} lines of {log}\n" + "\n".join(tail))
    return "\n".join(parts) or f"(no logs under {CLUSTER_DIR})"


@dataclasses.dataclass
class LocalCluster:
    ips: list[str]
    reused: bool = False
    ready_seconds: float | None = None
    error: str | None = None
    report: dict[str, Any] = dataclasses.field(default_factory=lambda: REPORT)

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CASSANDRA_BASE_IP": self.ips[0], "CASSANDRA_DIR": str(STATE)}

    def script(self, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
        """Run cassandra.sh COMMAND ... --nodes 3; raises TimeoutExpired."""
        return subprocess.run(
            [str(SCRIPT), *args, "--nodes", str(NODES)],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            start_new_session=True,  # Ctrl-C in pytest does not reach the nodes
        )

    def _checked(self, *args: str, timeout: float) -> str:
        try:
            result = self.script(*args, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(
                f"cassandra.sh {' '.join(args)} did not finish within {timeout:.0f}s\n"
                f"{exc.stdout or ''}{exc.stderr or ''}\n{log_tail()}"
            ) from None
        if result.returncode != 0:
            raise RuntimeError(
                f"cassandra.sh {' '.join(args)} failed (exit {result.returncode})\n"
                f"{result.stdout}{result.stderr}\n{log_tail()}"
            )
        return result.stdout

    def kill(self, node: int) -> str:
        """SIGKILL node K (1-based) and wait until the process is gone."""
        return self._checked("kill", "--node", str(node), timeout=60)

    def start_node(self, node: int) -> str:
        """Start node K again; returns once it answers CQL and sees the cluster in gossip."""
        return self._checked("start-node", "--node", str(node), timeout=START_TIMEOUT + 60)

    def status(self) -> subprocess.CompletedProcess[str]:
        return self.script("status", timeout=60)


def _stop(cluster: LocalCluster, foreign: list[str]) -> list[str]:
    """Stop the cluster; returns what was still wrong afterwards (empty when clean). Ports in
    `foreign` were held by other programs before the session and are not ours to free."""
    before = cluster_pids()
    problems: list[str] = []
    started = time.monotonic()
    try:
        result = cluster.script("stop", timeout=STOP_TIMEOUT)
        output = result.stdout + result.stderr
        if result.returncode != 0:
            problems.append(f"cassandra.sh stop exited {result.returncode}: {output.strip()}")
    except subprocess.TimeoutExpired:
        problems.append(f"cassandra.sh stop did not finish within {STOP_TIMEOUT}s")
    leftovers = {pid for pid in before | cluster_pids() if running(pid)}
    for pid in sorted(leftovers):  # only this cluster's own nodes, by pid
        problems.append(f"pid {pid} survived the stop: SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30

    def ours() -> list[str]:
        return [port for port in listening(cluster.ips) if port not in foreign]

    while (cluster_pids() or ours()) and time.monotonic() < deadline:
        time.sleep(0.2)
    REPORT["stop_s"] = round(time.monotonic() - started, 1)
    if cluster_pids():
        problems.append(f"processes still alive: {sorted(cluster_pids())}")
    if ours():
        problems.append(f"ports still listening: {ours()}")
    return problems


def _write_report() -> None:
    if not REPORT:
        return
    REPORT["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    try:
        TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
        TIMINGS_FILE.write_text(json.dumps(REPORT, indent=2) + "\n")
        with TIMINGS_FILE.with_suffix(".jsonl").open("a") as history:
            history.write(json.dumps(REPORT) + "\n")
    except OSError as exc:
        print(f"could not write {TIMINGS_FILE}: {exc}")


@pytest.fixture(scope="session")
def three_nodes() -> Any:
    cluster = LocalCluster(ips=node_ips())
    REPORT.clear()
    REPORT.update(base_ip=cluster.ips[0], nodes=NODES)
    # Ports held before the session by something that is not this cluster (the start then fails).
    foreign = [] if cluster_pids() else listening(cluster.ips)
    cluster.reused = cluster.status().returncode == 0
    REPORT["reused_running_cluster"] = cluster.reused
    started = time.monotonic()
    try:
        output = cluster._checked("start", timeout=NODES * START_TIMEOUT + 120)
    except RuntimeError as exc:
        cluster.error = f"the {NODES}-node cluster on {cluster.ips[0]}.. could not start: {exc}"
        REPORT["start_error"] = str(exc).splitlines()[0]
    else:
        cluster.ready_seconds = round(time.monotonic() - started, 1)
        REPORT["three_nodes_ready_s"] = cluster.ready_seconds
        print(f"\n{output.rstrip()}\n{NODES} nodes ready in {cluster.ready_seconds:.1f}s", flush=True)
    try:
        yield cluster
    finally:
        problems = [] if KEEP and not cluster.error else _stop(cluster, foreign)
        REPORT["kept_running"] = KEEP and not cluster.error
        REPORT["stop_problems"] = problems
        _write_report()
        if problems:
            pytest.fail("stopping the cluster was not clean:\n" + "\n".join(problems), pytrace=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cluster: starts a local 3-node Cassandra cluster (about 2 minutes)")
    if not config.pluginmanager.hasplugin("timeout"):  # pytest-timeout is optional here
        config.addinivalue_line("markers", "timeout(seconds): used by pytest-timeout when installed")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not REPORT:
        return
    terminalreporter.section("three-node cluster timings")
    for key, value in REPORT.items():
        terminalreporter.write_line(f"{key}: {value}")
    terminalreporter.write_line(f"(written to {TIMINGS_FILE})")
