"""The migration commands (`python -m roster ...`) in a subprocess, as a person runs them, with
the exit codes scripts can trust: 0 done, 1 another migrator holds the lock, 130 a backfill stopped."""

import asyncio
import subprocess
import sys

from conftest import NAMES

from roster import queries
from roster.kit.testing import PROJECT, seed_env


def roster(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "roster", *args],
        cwd=PROJECT,
        env=seed_env(env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_lock_held_then_dry_run_then_a_backfill_stopped_and_finished(keyspace):
    runner = queries.runner(keyspace)
    assert asyncio.run(runner._acquire_lock("another migrator"))  # coodie's own LWT lock row
    try:
        held = roster("migrate")
    finally:
        asyncio.run(runner._release_lock())
    assert held.returncode == 1
    assert (
        held.stderr.strip().startswith("error: Cannot acquire migration lock")
        and "Traceback" not in held.stderr
    )
    assert "applied" not in held.stdout

    dry = roster("migrate", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"[dry run] applied {NAMES[0]}" in dry.stdout
    assert f'ALTER TABLE {keyspace}.members ADD "plan" text' in dry.stdout
    assert not any(m.applied_at for m in asyncio.run(queries.migrations(keyspace)))

    stopped = roster("migrate", env={"BACKFILL_LIMIT": "30"})
    assert stopped.returncode == 130, stopped.stderr
    assert (
        stopped.stderr.strip()
        .splitlines()[-1]
        .startswith("error: backfill 003_email_domain stopped after 30 rows")
    )
    assert "run the same command again" in stopped.stderr and "Traceback" not in stopped.stderr
    finished = roster("migrate")
    assert finished.returncode == 0, finished.stderr
    assert [line.split()[1] for line in finished.stdout.splitlines()] == NAMES[2:]
    assert all(line.split()[3] == "s" for line in finished.stdout.splitlines())  # each one timed
    # Progress on stderr: the resumed 003 ends with every row filled, 90 of them by this run.
    assert (
        "backfill 003_email_domain: 64/64 token ranges, 120 rows filled (90 written by this run)"
        in finished.stderr
    )
    assert (
        "backfill 004_display_name: 64/64 token ranges, 120 rows filled (120 written by this run)"
        in finished.stderr
    )
