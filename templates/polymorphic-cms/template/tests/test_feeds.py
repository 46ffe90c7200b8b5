"""The feeds: every type newest first, one type through the index inside a month, paging
across months, and rows whose kind this version does not know."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid1

import pytest
from cassandra.util import uuid_from_time

from contentdesk import queries
from contentdesk.models import Content, month_of

KINDS = ["article", "video", "podcast"]
OWN = {
    "article": {"body": "b"},
    "video": {"video_url": "https://v.example", "duration_seconds": 9},
    "podcast": {"audio_url": "https://p.example", "episode": 1, "minutes": 20},
}


def walk(kind: str | None, size: int) -> list[list[Content]]:
    pages, cursor = [], None
    while True:
        page = queries.feed(kind, cursor, size)
        pages.append(page.items)
        if not page.cursor:
            return pages
        cursor = page.cursor
        assert len(pages) < 500, "the pager never ends"


@pytest.fixture(scope="module")
def spread(app):
    """Twelve items, four of each type, across three months of 2024 (three partitions)."""
    start = datetime(2024, 3, 5, tzinfo=UTC)
    made = []
    for i in range(12):
        kind = KINDS[i % 3]
        content = queries.new_content(
            kind,
            {"title": f"spread {i}", **OWN[kind]},
            content_id=uuid_from_time(start + timedelta(days=7 * i)),
        )
        queries.publish(content)
        made.append(content)
    return made[::-1]  # newest first


def every_row(session, settings) -> list[tuple[UUID, str | None]]:
    return [
        (row.content_id, row.kind)
        for row in session.execute(f"SELECT content_id, kind FROM {settings.keyspace}.contents")
    ]


@pytest.mark.parametrize("size", [1, 5, 12])
def test_the_mixed_feed_lists_every_item_once_newest_first(spread, session, settings, size):
    pages = walk(None, size)
    seen = [item.content_id for page in pages for item in page]
    assert all(len(page) <= size for page in pages)
    assert len(seen) == len(set(seen)), "an item was listed twice"
    assert set(seen) == {content_id for content_id, _ in every_row(session, settings)}
    assert [u.time for u in seen] == sorted((u.time for u in seen), reverse=True), "not newest first"
    mine = [item for page in pages for item in page if item.content_id in {c.content_id for c in spread}]
    assert [item.content_id for item in mine] == [c.content_id for c in spread]
    assert [type(item) for item in mine] == [type(c) for c in spread]  # each as its own class
    assert {"2024-03", "2024-04", "2024-05"} <= {item.month for item in mine}  # months crossed


@pytest.mark.parametrize("kind", KINDS)
def test_a_types_feed_holds_that_type_only_newest_first(spread, session, settings, kind):
    pages = walk(kind, 3)
    seen = [item for page in pages for item in page]
    assert all(item.kind == kind and type(item) is queries.content_class(kind) for item in seen)
    assert {item.content_id for item in seen} == {cid for cid, k in every_row(session, settings) if k == kind}
    mine = {c.content_id for c in spread}
    assert [i.content_id for i in seen if i.content_id in mine] == [
        c.content_id for c in spread if c.kind == kind
    ]
    assert [item.content_id.time for item in seen] == sorted((i.content_id.time for i in seen), reverse=True)


def test_a_types_feed_is_an_index_read_inside_one_month(client, spread):
    html = client.get("/", query_string={"kind": "video"}).text
    panel = html.split('id="cql-panel"', 1)[1].replace("&#34;", '"').replace("&quot;", '"')
    statements = re.findall(r"<pre>(.*?)</pre>", panel, re.DOTALL)
    reads = [cql for cql in statements if ".contents " in cql]
    assert reads and all(cql.endswith('WHERE "month" = ? AND "kind" = ?') for cql in reads), reads
    assert not [cql for cql in statements if "ALLOW FILTERING" in cql.upper()]


@pytest.fixture
def strangers(session, settings, app):
    """Rows an older or newer version of the app wrote, straight with CQL: a kind this version
    has no class for, and a row with no kind nor title at all."""
    livestream, bare = uuid1(), uuid1()
    ks = settings.keyspace
    for content_id in (livestream, bare):
        session.execute(
            f"INSERT INTO {ks}.content_months (feed, month) VALUES ('all', %s)", [month_of(content_id)]
        )
    session.execute(
        f"INSERT INTO {ks}.contents (month, content_id, kind, title, summary) "
        "VALUES (%s, %s, 'livestream', 'Live from the launch', 'Streaming now')",
        [month_of(livestream), livestream],
    )
    session.execute(f"INSERT INTO {ks}.contents (month, content_id) VALUES (%s, %s)", [month_of(bare), bare])
    return livestream, bare


def test_an_unknown_kind_is_unknown_content_and_a_log_line(strangers, caplog):
    livestream, bare = strangers
    with caplog.at_level(logging.WARNING, logger="contentdesk.queries"):
        page = queries.feed(None)
    found = {item.content_id: item for item in page.items}
    assert type(found[livestream]) is Content and not found[livestream].known
    assert found[livestream].title == "Live from the launch" and found[livestream].kind == "livestream"
    assert found[bare].title == "" and found[bare].kind == ""  # null columns: the defaults
    logged = [r.getMessage() for r in caplog.records if "does not know" in r.getMessage()]
    assert any(str(livestream) in line and "'livestream'" in line for line in logged)
    assert any(str(bare) in line for line in logged)
    for kind in KINDS:  # a type's feed never shows them
        assert livestream not in {item.content_id for item in queries.feed(kind).items}


def test_unknown_content_pages_answer_200(client, strangers):
    livestream, bare = strangers
    html = client.get("/").text
    assert "unknown content" in html and "Live from the launch" in html and "(untitled)" in html
    assert "this version has no type “livestream”" in html
    for content_id in (livestream, bare):
        response = client.get(f"/content/{content_id}")
        assert response.status_code == 200
        assert "Unknown content" in response.text
