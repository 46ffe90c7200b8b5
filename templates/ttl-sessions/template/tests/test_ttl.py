"""The TTL proofs, on the real database: expiry, the table default, extend, one-time codes."""

import asyncio
import time

import httpx

from ephemera import queries
from ephemera.kit.waiting import eventually
from ephemera.models import CODE_TTL, GC_GRACE, SESSION_DEFAULT_TTL, live_buckets, utcnow

TABLES = ("sessions", "live_sessions", "login_codes")


def board_rows(cql, token: str) -> list:
    """The token's rows in every live_sessions window that can hold a live session."""
    return [
        row
        for bucket in live_buckets(utcnow())
        for row in cql(
            'SELECT "bucket", TTL("user") FROM {ks}.live_sessions WHERE "bucket" = %s AND "token" = %s',
            bucket,
            token,
        )
    ]


def test_a_row_written_with_a_2_second_ttl_is_gone_after_expiry(client, login, cql):
    made = login("brief", ttl=2)
    written = time.monotonic()
    token = made["token"]
    assert made["granted"] == 2 and made["remaining"] in (1, 2)
    assert cql('SELECT "user" FROM {ks}.sessions WHERE "token" = %s', token)  # there now
    assert len(board_rows(cql, token)) == 1

    def gone():
        return not cql('SELECT "user" FROM {ks}.sessions WHERE "token" = %s', token)

    eventually(gone, 10, what="the 2-second session's expiry")
    lived = time.monotonic() - written
    print(f"\na row written with a 2-second TTL was gone {lived:.2f} s after the write returned")
    # Cassandra counts TTLs in whole seconds from the write: never less than 1 s later.
    assert lived >= 0.9
    assert board_rows(cql, token) == []  # the board row went with it: same TTL
    assert client.get(f"/api/sessions/{token}").status_code == 404
    assert token[:6] not in {row["token_hint"] for row in client.get("/api/sessions").json()["items"]}


def test_the_table_default_ttl_applies_when_a_write_gives_none(client, login, cql, settings):
    for table, default in zip(TABLES, (SESSION_DEFAULT_TTL, SESSION_DEFAULT_TTL, CODE_TTL), strict=True):
        options = cql(
            "SELECT default_time_to_live, gc_grace_seconds FROM system_schema.tables "
            "WHERE keyspace_name = %s AND table_name = %s",
            settings.keyspace,
            table,
        )
        assert options[0].default_time_to_live == default, table
        assert options[0].gc_grace_seconds == GC_GRACE, table

    token = login("plain")["token"]  # no ttl in the request: INSERT without USING TTL
    (ttl,) = cql('SELECT TTL("user") FROM {ks}.sessions WHERE "token" = %s', token)[0]
    assert SESSION_DEFAULT_TTL - 5 <= ttl <= SESSION_DEFAULT_TTL

    code = client.post("/api/codes", json={"user": "plain"}).json()
    (code_ttl,) = cql('SELECT TTL("user") FROM {ks}.login_codes WHERE "code" = %s', code["code"])[0]
    assert CODE_TTL - 5 <= code_ttl <= CODE_TTL
    assert CODE_TTL - 5 <= code["remaining"] <= CODE_TTL


def test_extend_resets_the_remaining_ttl(client, login, cql):
    token = login("stayer", ttl=5)["token"]

    def ttl_now() -> int:
        return cql('SELECT TTL("user") FROM {ks}.sessions WHERE "token" = %s', token)[0][0]

    eventually(lambda: ttl_now() <= 3, 8, what="the TTL counting down to 3 s")
    extended = client.post(f"/api/sessions/{token}/extend")
    assert extended.status_code == 200
    assert extended.json()["remaining"] >= 4  # back to (nearly) the 5 s granted
    assert ttl_now() >= 4
    rows = board_rows(cql, token)
    assert len(rows) == 1 and rows[0][1] >= 4  # the board row was rewritten too, not duplicated


def test_extend_into_a_later_window_moves_the_board_row(client, login, cql):
    token = login("mover", ttl=60)["token"]
    (before,) = board_rows(cql, token)
    extended = client.post(f"/api/sessions/{token}/extend", json={"ttl": 3600})
    assert extended.status_code == 200 and extended.json()["granted"] == 3600
    (after,) = board_rows(cql, token)  # exactly one row: the old window's row was deleted
    assert after.bucket > before.bucket
    assert after[1] > 3500


def test_a_code_used_by_ten_concurrent_requests_succeeds_exactly_once(client, cql):
    from ephemera.app import app

    user = f"racer-{time.time_ns() % 10**9}"
    code = client.post("/api/codes", json={"user": user}).json()["code"]

    async def race():
        # Ten real HTTP requests in flight at once, on the app's ASGI interface: each reads
        # the code and sends its own DELETE ... IF EXISTS; the database picks the winner.
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ephemera.test") as http:
            started = time.perf_counter()
            uses = [http.post(f"/api/codes/{code}/use") for _ in range(10)]
            responses = await asyncio.wait_for(asyncio.gather(*uses), timeout=30)
            return responses, time.perf_counter() - started

    responses, seconds = asyncio.run(race())
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 9, [r.text for r in responses]
    refusals = [r.json()["detail"] for r in responses if r.status_code == 409]
    lost_at_lwt = sum("just used by another request" in d for d in refusals)
    print(
        f"\n10 concurrent uses of one code: 1 success, {len(refusals)} refusals "
        f"({lost_at_lwt} lost the conditional delete, {len(refusals) - lost_at_lwt} found it gone) "
        f"in {seconds * 1000:.0f} ms"
    )
    assert lost_at_lwt >= 1, "no request reached the conditional delete: the race did not happen"

    winner = next(r.json() for r in responses if r.status_code == 200)
    assert winner["user"] == user
    assert cql('SELECT "user" FROM {ks}.sessions WHERE "token" = %s', winner["token"])
    assert cql('SELECT "user" FROM {ks}.login_codes WHERE "code" = %s', code) == []
    # One session for the user, not ten: read back from the board's windows.
    on_board = [r for r in client.get("/api/sessions").json()["items"] if r["user"] == user]
    assert len(on_board) == 1


def test_the_board_reads_a_full_window_page_after_page(client, login, cql):
    # Five sessions with the default TTL expire in one window (or two, across a boundary):
    # with pages of 2 rows, the board needs several reads of a window to list them all.
    tokens = {login(f"pager-{i}")["token"] for i in range(5)}
    biggest = max(
        cql('SELECT COUNT(*) FROM {ks}.live_sessions WHERE "bucket" = %s', window)[0][0]
        for window in live_buckets(utcnow())
    )
    assert biggest > 2, "no window holds more than one page: the test proves nothing"
    listed = {row.token for row in asyncio.run(queries.board(page_size=2)).rows}
    assert tokens <= listed


def test_a_used_code_is_refused_afterwards(client):
    code = client.post("/api/codes", json={"user": "once"}).json()["code"]
    assert client.post(f"/api/codes/{code}/use").status_code == 200
    again = client.post(f"/api/codes/{code}/use")
    assert again.status_code == 409
    assert again.json()["detail"] == "this code was already used, or it expired"
