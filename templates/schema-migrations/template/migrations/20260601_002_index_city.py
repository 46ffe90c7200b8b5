"""002: add an index. A secondary index on `city`: members of a city without ALLOW FILTERING.
Cassandra builds it in the background from the rows already there. Rollback drops it: nothing lost."""

from roster import queries


class ForwardMigration(queries.Migration):
    description = "add index members_city_idx on members (city)"

    async def upgrade(self, ctx):
        await queries.create_index(ctx, "members_city_idx", "city")

    async def downgrade(self, ctx):
        await queries.drop_index(ctx, "members_city_idx")
