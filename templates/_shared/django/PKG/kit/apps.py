"""The kit as a Django app (INSTALLED_APPS: "<package>.kit"): it connects as Django starts.

Django runs AppConfig.ready() in every process that loads the project, not only in the one
that serves pages, so web.should_connect() decides which processes connect (the serving
ones, `manage.py shell`); the others (migrate, createsuperuser, check ...) work with the
database down. `manage.py sync_cassandra` is the kit's command that creates the tables.
"""

from __future__ import annotations

from django.apps import AppConfig


class KitConfig(AppConfig):
    name = __name__.rpartition(".")[0]  # "<package>.kit"
    label = "kit"
    verbose_name = "coodie kit"

    def ready(self) -> None:
        from . import web

        if web.should_connect():
            web.connect_or_exit()
