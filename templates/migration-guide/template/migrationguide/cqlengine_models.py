"""The left hand: the tables as an app written for cqlengine defines them (argus before its port).

cqlengine ships inside the driver (`cassandra.cqlengine`). These classes created the tables
(queries.create_tables_with_cqlengine) and write the seed: the
right hand, models.py, must read and write the very same rows.
"""

from __future__ import annotations

from cassandra.cqlengine import columns, models, usertype


class PackageVersionUDT(usertype.UserType):
    """A package a run was tested with (a frozen UDT inside a list)."""

    __type_name__ = "package_version"
    name = columns.Text()
    version = columns.Text()
    built_at = columns.DateTime()


class RunModel(models.Model):
    """A test's runs, newest first (timeuuid clustering, DESC); the test's name is static."""

    __table_name__ = "test_runs"
    test_id = columns.Text(partition_key=True)
    run_id = columns.TimeUUID(primary_key=True, clustering_order="DESC")
    test_name = columns.Text(static=True)
    status = columns.Text()
    build_number = columns.Integer()
    heartbeat = columns.BigInt()
    started_at = columns.DateTime()
    duration = columns.Double()
    investigated = columns.Boolean()
    cost = columns.Decimal()
    assignee = columns.UUID()
    packages = columns.List(columns.UserDefinedType(PackageVersionUDT))
    tags = columns.Set(columns.Text())
    links = columns.Map(columns.Text(), columns.Text())


class RunCountsModel(models.Model):
    """How many runs of a test passed and failed (a counter table)."""

    __table_name__ = "run_counts"
    test_id = columns.Text(partition_key=True)
    passed = columns.Counter()
    failed = columns.Counter()


CQLENGINE_MODELS = [RunModel, RunCountsModel]
