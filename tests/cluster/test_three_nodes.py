"""The scale path: coodie on a three-node Apache Cassandra cluster survives losing a node.

Replication factor 3, so QUORUM needs 2 of the 3 replicas and ALL needs every one. The test
writes rows at QUORUM, SIGKILLs one node and shows that QUORUM writes and reads keep working
the whole time while a read at ALL fails with `Unavailable` once the failure detector has
marked the node down. It then starts the node again and reads every row, those written
before the crash and those written while the node was down, at ALL.

Run it with `pytest tests/cluster -s` to see the timeline; the measured seconds also appear
in the terminal summary and in test-results/cluster-three-nodes.json (see conftest.py).
"""

from __future__ import annotations

import collections
import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from cassandra import ConsistencyLevel, OperationTimedOut, ReadFailure, ReadTimeout, Unavailable
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable
from cassandra.policies import (
    ConstantReconnectionPolicy,
    DCAwareRoundRobinPolicy,
    RetryPolicy,
    TokenAwarePolicy,
)
from coodie.fields import ClusteringKey, PrimaryKey
from coodie.sync import Document, create_keyspace, drop_keyspace, init_coodie

KEYSPACE = "scale_path"
ROWS = 200
BUCKETS = 8  # partitions, spread over the whole token ring
KILLED_NODE = 2  # 1-based; node 1 is the seed
UNAVAILABLE_DEADLINE = 90  # seconds from the kill (the failure detector takes about 25 s)
RECOVERY_DEADLINE = 120  # seconds from the restart until ALL works again
REQUEST_TIMEOUT = 60.0  # client-side, per request: generous for a loaded 2-core machine
PROBE_TIMEOUT = 1.0  # client-side timeout of one ALL probe while the node is down
PROBE_INTERVAL = 0.25  # seconds between two ALL probes

# Errors an ALL request may give while a replica is down or coming back.
NOT_YET = (Unavailable, ReadTimeout, ReadFailure, OperationTimedOut, NoHostAvailable)

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(900)]


class Reading(Document):
    bucket: Annotated[int, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    phase: str
    payload: str

    class Settings:
        name = "readings"
        keyspace = KEYSPACE


def make_row(seq: int, phase: str) -> Reading:
    return Reading(bucket=seq % BUCKETS, seq=seq, phase=phase, payload=f"{phase}-{seq:05d}")


def as_dict(rows: list[Reading]) -> dict[tuple[int, int], str]:
    return {(row.bucket, row.seq): row.payload for row in rows}


def read_all(consistency: str, timeout: float = REQUEST_TIMEOUT) -> dict[tuple[int, int], str]:
    return as_dict(Reading.find().consistency(consistency).timeout(timeout).all())


class Timeline:
    """Prints each step with the seconds since the test began (visible with -s)."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, message: str) -> None:
        print(f"[{time.monotonic() - self.start:6.1f}s] {message}", flush=True)


@contextlib.contextmanager
def coodie_on(ips: list[str]) -> Iterator[Cluster]:
    """A driver session on all three nodes, handed to coodie.sync."""
    profile = ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc="datacenter1")),
        retry_policy=RetryPolicy(),
        consistency_level=ConsistencyLevel.QUORUM,
        request_timeout=REQUEST_TIMEOUT,
    )
    cluster = Cluster(
        contact_points=ips,
        port=9042,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        # Try a lost node again every second, so the driver notices the restart quickly
        # (the default exponential policy may wait a minute or more after a long outage).
        reconnection_policy=ConstantReconnectionPolicy(delay=1.0, max_attempts=None),
        connect_timeout=20,
        control_connection_timeout=20,
        max_schema_agreement_wait=60,
    )
    try:
        session = cluster.connect()
        init_coodie(session=session)
        yield cluster
    finally:
        cluster.shutdown()


class AllProbe(threading.Thread):
    """Reads one partition at ALL every PROBE_INTERVAL seconds, beside the QUORUM traffic, until
    a coordinator answers Unavailable: its failure detector has convicted the killed node."""

    def __init__(self, killed_at: float) -> None:
        super().__init__(name="all-probe", daemon=True)
        self.killed_at = killed_at
        self.halt = threading.Event()
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.last_other_at = 0.0  # seconds after the kill: the last probe that was not Unavailable
        self.unavailable_at: float | None = None
        self.unavailable: Unavailable | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.halt.is_set():
                at = time.monotonic() - self.killed_at
                try:
                    Reading.find(bucket=0).consistency("ALL").timeout(PROBE_TIMEOUT).all()
                    self.outcomes["succeeded"] += 1
                except Unavailable as exc:
                    self.unavailable_at, self.unavailable = at, exc
                    return
                except (ReadTimeout, ReadFailure, OperationTimedOut) as exc:
                    self.outcomes[type(exc).__name__] += 1
                self.last_other_at = at
                self.halt.wait(PROBE_INTERVAL)
        except BaseException as exc:  # reported by the test thread
            self.error = exc


def wait_for_all(deadline: float, log: Timeline) -> tuple[dict[tuple[int, int], str], collections.Counter]:
    """Read every row at ALL, retrying while a replica is still coming back."""
    errors: collections.Counter[str] = collections.Counter()
    while True:
        try:
            return read_all("ALL"), errors
        except NOT_YET as exc:
            errors[type(exc).__name__] += 1
            if time.monotonic() > deadline:
                pytest.fail(f"no read at ALL succeeded after the restart: last error {exc!r}", pytrace=False)
            log(f"ALL not yet possible: {type(exc).__name__}")
            time.sleep(1)


def test_quorum_survives_one_node_down(three_nodes: Any) -> None:
    if three_nodes.error:
        pytest.fail(three_nodes.error, pytrace=False)
    report = three_nodes.report
    log = Timeline()
    reuse = " (reused the running cluster)" if three_nodes.reused else ""
    log(f"3 nodes ready on {', '.join(three_nodes.ips)} in {three_nodes.ready_seconds:.1f}s{reuse}")

    with coodie_on(three_nodes.ips) as driver_cluster:
        hosts = {host.address: host for host in driver_cluster.metadata.all_hosts()}
        assert sorted(hosts) == sorted(three_nodes.ips), f"driver sees {sorted(hosts)}"
        assert all(host.is_up for host in hosts.values()), "a node is down before the test starts"

        drop_keyspace(KEYSPACE)  # data survives `cassandra.sh stop`: start clean
        create_keyspace(KEYSPACE, replication_factor=3)
        # Every node must know the keyspace before a table is created in it through any of them.
        session = next(iter(driver_cluster.sessions))
        assert session.wait_for_schema_agreement(wait_time=60), "the nodes disagree on the schema"
        Reading.sync_table()
        expected: dict[tuple[int, int], str] = {}
        for seq in range(ROWS):
            row = make_row(seq, "before")
            row.save(consistency="QUORUM", timeout=REQUEST_TIMEOUT)
            expected[(row.bucket, row.seq)] = row.payload
        assert read_all("ALL") == expected
        # Read each row by its key too, as an application would: this also gives the coordinators'
        # read-latency statistics (which time their speculative retries) something to go on.
        for key, payload in expected.items():
            query = Reading.find(bucket=key[0], seq=key[1]).consistency("QUORUM")
            assert as_dict(query.timeout(REQUEST_TIMEOUT).all()) == {key: payload}
        log(f"{ROWS} rows written at QUORUM in keyspace {KEYSPACE} (RF 3); read back at ALL and by key")

        # ---- one node crashes
        down_ip = three_nodes.ips[KILLED_NODE - 1]
        three_nodes.kill(KILLED_NODE)  # returns once the process is gone
        killed_at = time.monotonic()
        log(f"node {KILLED_NODE} ({down_ip}) killed with SIGKILL")

        probe = AllProbe(killed_at)
        probe.start()
        seq = 10_000  # rows written while the node is down
        quorum_latencies: list[float] = []
        while probe.is_alive():
            row = make_row(seq, "down")
            began = time.monotonic()
            try:
                row.save(consistency="QUORUM", timeout=REQUEST_TIMEOUT)
                wrote = time.monotonic()
                query = Reading.find(bucket=row.bucket, seq=row.seq).consistency("QUORUM")
                got_rows = query.timeout(REQUEST_TIMEOUT).all()
            except Exception as exc:
                probe.halt.set()
                pytest.fail(f"QUORUM failed {began - killed_at:.1f}s after the kill: {exc!r}", pytrace=False)
            quorum_latencies.append(time.monotonic() - began)
            log(
                f"  QUORUM write {wrote - began:.2f}s + read {time.monotonic() - wrote:.2f}s "
                f"({began - killed_at:.1f}s after the kill)"
            )
            assert as_dict(got_rows) == {(row.bucket, row.seq): row.payload}
            expected[(row.bucket, row.seq)] = row.payload
            seq += 1
            if time.monotonic() - killed_at > UNAVAILABLE_DEADLINE:
                probe.halt.set()
                pytest.fail(
                    f"a read at ALL never failed with Unavailable within {UNAVAILABLE_DEADLINE}s of the kill "
                    f"(probe outcomes: {dict(probe.outcomes)})",
                    pytrace=False,
                )
            time.sleep(0.5)
        probe.join()
        if probe.error is not None or probe.unavailable_at is None:
            pytest.fail(f"the ALL probe stopped without Unavailable: {probe.error!r}", pytrace=False)
        log(f"read at ALL -> Unavailable {probe.unavailable_at:.1f}s after the kill: {probe.unavailable}")
        written_down = seq - 10_000
        slowest = max(quorum_latencies)
        log(
            f"meanwhile {written_down} QUORUM write+read pairs succeeded (slowest {slowest:.2f}s); "
            f"ALL probes before: {dict(probe.outcomes)}, the last {probe.last_other_at:.1f}s after the kill"
        )
        report.update(
            kill_to_unavailable_s=round(probe.unavailable_at, 1),
            last_all_probe_without_unavailable_s=round(probe.last_other_at, 1),
            all_probes_before_unavailable=dict(probe.outcomes),
            quorum_pairs_before_unavailable=written_down,
            slowest_quorum_write_read_while_down_s=round(slowest, 2),
        )

        # ---- the failure detector has convicted the node: QUORUM reads everything, writes go on
        assert read_all("QUORUM") == expected
        for _ in range(50):
            row = make_row(seq, "down")
            row.save(consistency="QUORUM", timeout=REQUEST_TIMEOUT)
            expected[(row.bucket, row.seq)] = row.payload
            seq += 1
        assert read_all("QUORUM") == expected
        with pytest.raises(Unavailable):
            Reading.find(bucket=1).consistency("ALL").timeout(REQUEST_TIMEOUT).all()
        written_down = seq - 10_000
        report["rows_written_while_down"] = written_down
        log(f"node down: {len(expected)} rows read at QUORUM ({written_down} written while down)")

        # ---- the node comes back
        restarted_at = time.monotonic()
        three_nodes.start_node(KILLED_NODE)
        cql_ready = time.monotonic() - restarted_at
        log(f"node {KILLED_NODE} started again: CQL and gossip ready in {cql_ready:.1f}s")
        deadline = restarted_at + RECOVERY_DEADLINE
        host = driver_cluster.metadata.get_host(down_ip)
        while not (host and host.is_up):
            if time.monotonic() > deadline:
                pytest.fail(f"the driver did not see {down_ip} up within {RECOVERY_DEADLINE}s", pytrace=False)
            time.sleep(0.5)
            host = driver_cluster.metadata.get_host(down_ip)
        driver_up = time.monotonic() - restarted_at
        log(f"driver sees {down_ip} up {driver_up:.1f}s after the restart began")

        rows, errors = wait_for_all(deadline, log)
        all_ok = time.monotonic() - restarted_at
        assert len(rows) == ROWS + written_down
        assert rows == expected
        log(f"all {len(rows)} rows read at ALL {all_ok:.1f}s after the restart (retries: {dict(errors)})")
        report.update(
            restart_to_cql_ready_s=round(cql_ready, 1),
            restart_to_driver_up_s=round(driver_up, 1),
            restart_to_all_ok_s=round(all_ok, 1),
            all_retries_after_restart=dict(errors),
            rows_read_at_all=len(rows),
        )
