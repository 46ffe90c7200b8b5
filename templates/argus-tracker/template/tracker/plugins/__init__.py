"""The kinds of test run, registered in one place (argus's plugin architecture, scaled down).

A kind is a `Plugin`: its run model (a table of its own in models.py), the page section that
shows one run (templates/runs/<kind>.html), the one line a run list shows per run, and the fake
runs the seed makes. Everything else (the run lists, a run's page, events, comments, the
ingest CLI, the seed) reads this registry and works for every kind.

Adding a third kind (say "perf" for performance runs) is three small steps:
  1. models.py: `class PerfRun(RunBase)` with its own columns and `Settings.name`, added to
     RUN_MODELS and MODELS (so `make schema` creates its table);
  2. plugins/perf.py: `PLUGIN = Plugin("perf", "Performance run", PerfRun, summary, fake_fields,
     feed_columns=(...))`, those columns added to schemas.RunRow as optional fields,
     and templates/runs/perf.html for its section of the run page;
  3. here: add `perf.PLUGIN` to the list below.
tests/test_plugins.py checks that every registered kind has a table, a section and fake runs.
"""

from __future__ import annotations

from . import cluster, driver_matrix
from ._plugin import Plugin, UnknownKind

PLUGINS: dict[str, Plugin] = {plugin.kind: plugin for plugin in (cluster.PLUGIN, driver_matrix.PLUGIN)}


def plugin(kind: str) -> Plugin:
    """The plugin of a kind; UnknownKind for a kind no plugin registers."""
    try:
        return PLUGINS[kind]
    except KeyError:
        raise UnknownKind(f"no kind of run {kind!r}: the kinds are {', '.join(PLUGINS)}") from None


def kind_of(model: type) -> str:
    """The kind whose run model `model` is."""
    return next(p.kind for p in PLUGINS.values() if p.model is model)


__all__ = ["PLUGINS", "Plugin", "UnknownKind", "kind_of", "plugin"]
