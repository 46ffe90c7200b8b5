"""`python manage.py sync_cassandra`: the Cassandra counterpart of `migrate`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .... import db
from ... import cassandra_schema, connection


class Command(BaseCommand):
    help = (
        "Create the Cassandra keyspace from settings.CASSANDRA (when missing) and sync every coodie "
        "model: new tables are created, new fields added. Running it again changes nothing."
    )

    def handle(self, *args, **options) -> None:
        keyspace = settings.CASSANDRA.keyspace
        try:
            session = connection.connect()  # creates the keyspace when it is missing
        except db.DatabaseUnavailable as exc:
            raise CommandError(str(exc)) from None
        rows = session.execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = %s", [keyspace]
        )
        existing = {row.table_name for row in rows}
        self.stdout.write(f"keyspace {keyspace} on {settings.CASSANDRA.where}: ready")
        for model in cassandra_schema.sync():
            changes = [cql for cql in model.statements if cql.upper().startswith("ALTER")]
            if model.table not in existing:
                outcome = self.style.SUCCESS("created")
            elif changes:
                outcome = self.style.WARNING(f"{len(changes)} column(s) added")
            else:
                outcome = "up to date"
            self.stdout.write(f"  {model.table:<24} {outcome}")
            if options["verbosity"] > 1:
                for cql in model.statements:
                    self.stdout.write(f"    {cql}")
