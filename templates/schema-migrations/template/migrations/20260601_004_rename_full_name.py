"""004: "rename" full_name to display_name, the Cassandra way. CQL renames only primary-key
columns, so: add display_name, backfill it from full_name, switch reads (the app already reads
display_name and falls back to full_name), then drop full_name. On a live system the drop is a
later deploy, once no running code writes full_name; here the roster's writer is the seed,
which writes day-one rows, so run `make seed` before this migration, not after.
Rollback is the same walk backwards: add full_name, fill it from display_name, drop display_name."""

import os

from roster import queries


def same(value):
    return value


class ForwardMigration(queries.Migration):
    description = "rename members.full_name to display_name (add, backfill, switch reads, drop)"
    allow_destructive = True  # it drops a column

    async def upgrade(self, ctx):
        await queries.add_column(ctx, "display_name", "text")
        limit = int(os.environ["BACKFILL_LIMIT"]) if os.environ.get("BACKFILL_LIMIT") else None
        await queries.backfill(
            ctx,
            job="004_display_name",
            source="full_name",
            target="display_name",
            transform=same,
            limit=limit,
            report=queries.say,
        )
        await queries.drop_column(ctx, "full_name")
        await queries.forget_backfill(ctx, "004_display_name")

    async def downgrade(self, ctx):
        await queries.add_column(ctx, "full_name", "text")
        await queries.backfill(
            ctx, job="004_undo", source="display_name", target="full_name", transform=same, report=queries.say
        )
        await queries.drop_column(ctx, "display_name")
        await queries.forget_backfill(ctx, "004_undo")
