"""The four migrations against the real database, with coodie's own runner: apply all, roll
back, apply again; a dry run changes nothing; a backfill stopped half way and run again fills
every row once; two migrators at once never both apply a migration.

Each test runs in a keyspace of its own with day-one members (the `keyspace` fixture).
"""

from __future__ import annotations

import asyncio

import pytest
from conftest import NAMES, ROWS

from roster import queries
from roster.models import MemberAfter


def run(coroutine):
    return asyncio.run(coroutine)


def snapshot(session, keyspace):
    """Everything a migration could change: the tables' columns, the indexes, every row."""
    columns = sorted(
        (r.table_name, r.column_name, r.type)
        for r in session.execute(
            "SELECT table_name, column_name, type FROM system_schema.columns WHERE keyspace_name = %s",
            [keyspace],
        )
    )
    indexes = sorted(
        r.index_name
        for r in session.execute(
            "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = %s", [keyspace]
        )
    )
    tables = {c[0] for c in columns}
    rows = {t: sorted(map(tuple, session.execute(f'SELECT * FROM {keyspace}."{t}"'))) for t in tables}
    return columns, indexes, rows


def applied(session, keyspace):
    cql = f'SELECT migration_name FROM {keyspace}."_coodie_migrations"'
    return sorted(r.migration_name for r in session.execute(cql))


def member_columns(session, keyspace):
    return {
        r.column_name
        for r in session.execute(
            "SELECT column_name FROM system_schema.columns"
            " WHERE keyspace_name = %s AND table_name = 'members'",
            [keyspace],
        )
    }


def test_apply_all_roll_back_all_apply_again(session, keyspace):
    steps = run(queries.migrate(keyspace))
    assert [s.name for s in steps] == NAMES
    assert applied(session, keyspace) == NAMES
    assert member_columns(session, keyspace) == {
        "id",
        "display_name",
        "email",
        "email_domain",
        "city",
        "plan",
        "joined_at",
    }
    rows = list(session.execute(f"SELECT email, email_domain, display_name FROM {keyspace}.members"))
    assert len(rows) == ROWS
    assert all(
        r.email_domain == r.email.rsplit("@")[1].lower() and r.display_name.startswith("Member ")
        for r in rows
    )
    assert run(queries.schema_diff(keyspace, MemberAfter))[1], "schema-diff is not empty after all migrations"
    assert len(list(session.execute(f"SELECT id FROM {keyspace}.members WHERE city = 'City1'"))) == ROWS // 5

    undone = run(queries.rollback(keyspace, steps=4))
    assert [s.name for s in undone] == NAMES[::-1]
    assert applied(session, keyspace) == []
    assert member_columns(session, keyspace) == {"id", "full_name", "email", "city", "joined_at"}
    names = {r.full_name for r in session.execute(f"SELECT full_name FROM {keyspace}.members")}
    assert names == {f"Member {i}" for i in range(ROWS)}, "rolling back 004 lost names"

    assert [s.name for s in run(queries.migrate(keyspace))] == NAMES
    assert applied(session, keyspace) == NAMES
    assert run(queries.schema_diff(keyspace, MemberAfter))[1]


def test_a_dry_run_changes_nothing(session, keyspace):
    run(queries.migrate(keyspace, target=NAMES[0]))  # one applied, three pending
    before = snapshot(session, keyspace)
    planned = run(queries.migrate(keyspace, dry_run=True))
    assert [p.name for p in planned] == NAMES[1:]
    cql = [c for p in planned for c in p.planned_cql]
    assert any("CREATE INDEX" in c for c in cql) and any('DROP "full_name"' in c for c in cql)
    assert snapshot(session, keyspace) == before
    assert run(queries.rollback(keyspace, dry_run=True))[0].name == NAMES[0]
    assert snapshot(session, keyspace) == before


def test_a_stopped_backfill_run_again_fills_every_row_once(session, keyspace, monkeypatch):
    # The checkpoint is a token: the backfill's own Murmur3 must be the server's, row by row.
    rows = list(session.execute(f"SELECT id, token(id) AS t FROM {keyspace}.members"))
    assert len(rows) == ROWS and all(queries.token_of(r.id) == r.t for r in rows)
    ranges = queries.BACKFILL_RANGES
    for r in rows:  # and the sub-range it files a row under is the one scan_table reads it in
        here = queries.range_of(r.t, ranges)
        end = queries.TOKEN_MAX if here == ranges - 1 else queries.range_start(here + 1, ranges)
        assert queries.range_start(here, ranges) < r.t <= end

    run(queries.migrate(keyspace, target=NAMES[1]))
    monkeypatch.setenv("BACKFILL_LIMIT", str(ROWS // 2))
    with pytest.raises(queries.BackfillStopped):
        run(queries.migrate(keyspace))
    assert NAMES[2] not in applied(session, keyspace), "a stopped backfill was recorded as applied"
    first = {
        r.id: r.w
        for r in session.execute(f"SELECT id, writetime(email_domain) AS w FROM {keyspace}.members")
        if r.w is not None
    }
    assert len(first) == ROWS // 2
    checkpoint = session.execute(
        f"SELECT resume_token FROM {keyspace}.backfill_progress WHERE job = '003_email_domain'"
    )
    assert checkpoint.one() is not None, "no checkpoint was saved"

    monkeypatch.delenv("BACKFILL_LIMIT")
    assert [s.name for s in run(queries.migrate(keyspace))] == NAMES[2:]
    rows = list(
        session.execute(
            f"SELECT id, email, email_domain, writetime(email_domain) AS w FROM {keyspace}.members"
        )
    )
    assert len(rows) == ROWS and all(r.email_domain == r.email.rsplit("@")[1].lower() for r in rows)
    rewritten = [r.id for r in rows if r.id in first and r.w != first[r.id]]
    assert rewritten == [], f"{len(rewritten)} rows filled before the stop were written again"


def test_two_migrators_at_once_never_both_apply_one(session, keyspace):
    async def both():
        return await asyncio.gather(
            queries.migrate(keyspace), queries.migrate(keyspace), return_exceptions=True
        )

    outcomes = run(both())
    done = [name for o in outcomes if isinstance(o, list) for name in (s.name for s in o)]
    assert sorted(done) == NAMES, f"each migration applied exactly once, got {done}"
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            assert isinstance(outcome, queries.MigrationError) and "lock" in str(outcome), outcome
    assert applied(session, keyspace) == NAMES
