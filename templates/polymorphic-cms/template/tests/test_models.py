"""One table, three classes: coodie 1.9.3's schema cache bug, its workaround, and reading back.

The first test pins the bug itself: it fails when a coodie release fixes it, which is the
moment to delete models.give_each_type_its_own_columns(). The next two fail when that
workaround is removed while the bug is still there.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Annotated
from uuid import UUID

from coodie.fields import ClusteringKey, Discriminator, PrimaryKey
from coodie.sync import Document

from contentdesk import queries
from contentdesk.kit.testing import PROJECT
from contentdesk.models import Article, Content, Podcast, SiblingColumnsAreNotDrift, Video

OWN = {
    Article: {"body"},
    Video: {"video_url", "duration_seconds"},
    Podcast: {"audio_url", "episode", "minutes"},
}


def columns(model) -> set[str]:
    return {column.name for column in model._schema()}


def test_coodie_still_gives_a_subclass_its_bases_cached_columns():
    """The bug (scylladb/coodie PR #232, not in 1.9.3): once the base's columns are built, a
    subclass's _schema() returns them, without the subclass's own. If this fails, coodie has
    fixed it: remove give_each_type_its_own_columns() from models.py, and this test."""

    class Base(Document):
        key: Annotated[str, PrimaryKey()]
        at: Annotated[int, ClusteringKey()] = 0
        kind: Annotated[str, Discriminator()] = ""

        class Settings:
            name = "cache_bug_probe"

    class Child(Base):
        extra: str = ""

        class Settings:
            __discriminator_value__ = "child"

    Base._schema()  # anything that builds the base first: a sync, a query, the /schema page
    assert "extra" not in columns(Child), "coodie fixed the schema cache bug: drop the workaround"


def test_each_type_keeps_its_own_columns_when_the_base_is_built_first():
    """In a fresh process (no test has built anything yet): the base first, as `make schema`
    does with MODELS in order. Without the workaround, Article would have no body."""
    script = (
        "from contentdesk.models import Content, TYPES\n"
        "Content._schema()\n"
        "for t in TYPES: print(t.__name__, *sorted(c.name for c in t._schema()))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    found = {line.split()[0]: set(line.split()[1:]) for line in out.stdout.splitlines()}
    base = columns(Content)
    for model, own in OWN.items():
        assert found[model.__name__] == base | own, model.__name__


def test_make_schema_gave_the_table_every_types_columns(session, settings):
    """The test keyspace was made from MODELS, base first: every type's columns are there."""
    rows = session.execute(
        "SELECT column_name FROM system_schema.columns WHERE keyspace_name = %s AND table_name = 'contents'",
        [settings.keyspace],
    )
    assert {row.column_name for row in rows} == columns(Content).union(*OWN.values())


def test_each_row_comes_back_as_its_own_class(app):
    made = [
        queries.create("article", {"title": "A", "author": "Ada", "summary": "", "body": "Words."}),
        queries.create(
            "video",
            {
                "title": "V",
                "author": "Grace",
                "summary": "s",
                "video_url": "https://x.example/v",
                "duration_seconds": 61,
            },
        ),
        queries.create(
            "podcast",
            {
                "title": "P",
                "author": "Mae",
                "summary": "",
                "audio_url": "https://x.example/p",
                "episode": 3,
                "minutes": 40,
            },
        ),
    ]
    for content in made:
        read = queries.get_content(content.content_id)
        assert type(read) is type(content) and read.known
        assert read.model_dump() == content.model_dump()
    assert made[1].kind == "video" and queries.get_content(made[1].content_id).duration_seconds == 61


def test_the_discriminator_is_written_by_coodie(session, settings):
    """Saved through Video, the row's kind is 'video' even if the instance says otherwise."""
    video = queries.new_content(
        "video", {"title": "T", "video_url": "https://x.example", "duration_seconds": 5}
    )
    video.kind = "something else"
    queries.publish(video)
    row = session.execute(
        f"SELECT kind FROM {settings.keyspace}.contents WHERE month = %s AND content_id = %s",
        [video.month, video.content_id],
    ).one()
    assert row.kind == "video"
    assert isinstance(video.content_id, UUID)


def test_coodies_drift_warning_is_dropped_for_sibling_columns_only():
    drop = SiblingColumnsAreNotDrift()

    def drift(columns: set[str], table: str = "contents") -> logging.LogRecord:
        message = "Schema drift detected: columns %s exist in %s.%s but are not defined in the model"
        return logging.LogRecord(
            "coodie", logging.WARNING, __file__, 1, message, (columns, "ks", table), None
        )

    assert not drop.filter(drift({"body", "video_url", "minutes"}))  # the sibling types' columns
    assert drop.filter(drift({"body", "legacy_rating"}))  # a column no class has: still said
    assert drop.filter(drift({"body"}, table="content_months"))
