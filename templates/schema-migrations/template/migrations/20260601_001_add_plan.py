"""001: add a column. New rows set `plan`; rows written before read it as null (the app shows
"free"). Rollback drops the column, and with it every plan written since: that loss is the price."""

from roster import queries


class ForwardMigration(queries.Migration):
    description = "add column members.plan (text)"

    async def upgrade(self, ctx):
        await queries.add_column(ctx, "plan", "text")

    async def downgrade(self, ctx):
        await queries.drop_column(ctx, "plan")
