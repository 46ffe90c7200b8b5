"""`python manage.py sync_cassandra`: the Cassandra counterpart of `migrate` (`make schema`)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ... import db, schema, web


class Command(BaseCommand):
    help = (
        "Create the Cassandra keyspace from settings.CASSANDRA (when missing) and sync every coodie "
        "model: new tables are created, new fields added. Running it again changes nothing."
    )

    def handle(self, *args, **options) -> None:
        keyspace = settings.CASSANDRA.keyspace
        try:
            session = db.connect(settings.CASSANDRA, create_keyspace=True)
        except db.DatabaseUnavailable as exc:
            raise CommandError(str(exc)) from None
        try:
            existing = set(schema.columns_by_table(session, keyspace))
            self.stdout.write(f"keyspace {keyspace} on {settings.CASSANDRA.where}: ready")
            for model in schema.sync_models(web.models()):
                outcome = schema.outcome(model, existing)
                style = self.style.SUCCESS if outcome == "created" else str
                self.stdout.write(f"  {model.table:<28} {style(outcome)}")
                if options["verbosity"] > 1:
                    for cql in model.statements:
                        self.stdout.write(f"    {cql}")
        except db.DATABASE_ERRORS as exc:
            raise CommandError(db.describe_failure(exc, settings.CASSANDRA)) from None
        finally:
            db.close(session)
