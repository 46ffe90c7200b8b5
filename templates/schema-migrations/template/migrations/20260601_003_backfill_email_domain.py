"""003: backfill a new column from existing rows. Add `email_domain`, then fill it from `email`
on every row: paged through coodie's token-range scan, resumable from a checkpoint, with progress.
Stopped half way (Ctrl-C, or BACKFILL_LIMIT rows), the migration is not recorded; run it again
and it goes on from the checkpoint, writing each row once. Rollback drops the column (its values
are derived from email: nothing is lost that the backfill cannot make again)."""

import os

from roster import queries

JOB = "003_email_domain"


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


class ForwardMigration(queries.Migration):
    description = "add members.email_domain and backfill it from email"

    async def upgrade(self, ctx):
        await queries.add_column(ctx, "email_domain", "text")
        limit = int(os.environ["BACKFILL_LIMIT"]) if os.environ.get("BACKFILL_LIMIT") else None
        await queries.backfill(
            ctx,
            job=JOB,
            source="email",
            target="email_domain",
            transform=domain_of,
            limit=limit,
            report=queries.say,
        )

    async def downgrade(self, ctx):
        await queries.drop_column(ctx, "email_domain")
        await queries.forget_backfill(ctx, JOB)
