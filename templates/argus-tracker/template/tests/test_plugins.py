"""The kinds of run are registered in one place, and a third one is a small change."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Annotated
from uuid import uuid4

import pytest
from coodie.fields import Double
from faker import Faker

from tracker import plugins, queries
from tracker.kit.testing import PROJECT
from tracker.models import MODELS, RunBase, Test, give_each_run_kind_its_own_columns
from tracker.plugins import Plugin


@pytest.mark.parametrize("kind", list(plugins.PLUGINS))
def test_every_kind_has_a_table_a_section_and_fake_runs(kind):
    plugin = plugins.PLUGINS[kind]
    assert plugin.model in MODELS
    assert (PROJECT / "tracker" / "templates" / plugin.section).is_file()
    fields = plugin.fake_fields(Faker(), random.Random(1))
    run = plugin.model(
        test_id=uuid4(), build_bucket="2026-01", start_time=datetime.now(UTC), run_id=uuid4(), **fields
    )
    assert plugin.summary(run)
    assert set(plugin.feed_columns) <= set(plugin.model.model_fields)


def test_the_kinds_have_tables_of_their_own():
    tables = [plugin.model.table_name() for plugin in plugins.PLUGINS.values()]
    assert len(set(tables)) == len(tables) == 2


class PerfRun(RunBase):
    """The README's third kind, made here as a user would make it: a model, a plugin, one line."""

    throughput: Annotated[float, Double()] = 0.0

    class Settings:
        name = "perf_runs"


def test_a_third_kind_is_a_model_and_a_registry_line(session, monkeypatch):
    give_each_run_kind_its_own_columns([PerfRun])
    PerfRun.sync_table()  # what `make schema` does once the model is in RUN_MODELS
    perf = Plugin("perf", "Performance run", PerfRun, lambda run: f"{run.throughput} op/s", lambda f, r: {})
    monkeypatch.setitem(plugins.PLUGINS, "perf", perf)
    test = Test(release="perf", name=f"t-{uuid4().hex[:6]}", test_id=uuid4(), kind="perf")
    queries.save_test(test)
    run = queries.new_run(test, datetime(2026, 1, 5, tzinfo=UTC), throughput=123456.5)
    queries.record_run(run, test)
    found, lookup = queries.get_run(run.run_id)
    assert type(found) is PerfRun and found.throughput == 123456.5 and lookup.kind == "perf"
    assert [r.run_id for r in queries.runs_of(test).items] == [run.run_id]
