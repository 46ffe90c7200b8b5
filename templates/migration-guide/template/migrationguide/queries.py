"""Every statement the demo sends, through one mapper or the other: the contract's one place.

coodie runs on the kit's session; cqlengine on one of its own (`use_cqlengine`), same nodes,
same keyspace: both mappers on the same tables at once, as during a real move.
"""

from __future__ import annotations

import os
import threading

from cassandra.cluster import Session
from cassandra.cqlengine import connection, management
from cassandra.cqlengine import models as cqlengine_models
from cassandra.cqlengine.query import BatchQuery as CqlengineBatch
from cassandra.cqlengine.query import LWTException
from cassandra.query import dict_factory
from coodie.schema import build_schema
from coodie.sync import BatchQuery

from .cqlengine_models import CQLENGINE_MODELS, PackageVersionUDT, RunCountsModel, RunModel
from .kit import cql_log, db
from .kit.settings import Settings
from .models import MODELS, PackageVersion, Run, RunCounts

IDEMPOTENT = "CREATE TABLE IF NOT EXISTS"
TWIN = {"test_runs": (RunModel, Run), "run_counts": (RunCountsModel, RunCounts)}


# ---------------------------------------------------------------- the left hand's connection and tables
_left: Session | None = None  # cqlengine's session in this process
_left_pid: int | None = None
_left_lock = threading.Lock()


def use_cqlengine(settings: Settings | None = None) -> Session:
    """cqlengine's own session, on the same nodes and keyspace as coodie's (once per process).

    Not coodie's session: cqlengine sets its cluster's default row factory to dicts (and
    set_session refuses a session without it), which would change the rows every other
    reader of a shared cluster gets. Its statements go to the CQL panel all the same."""
    global _left, _left_pid
    if _left is not None and _left_pid == os.getpid():
        return _left
    with _left_lock:  # the first requests of a web worker may arrive together
        if _left is None or _left_pid != os.getpid():
            _left, _left_pid = _open_cqlengine(settings or Settings.from_env()), os.getpid()
    return _left


def _open_cqlengine(settings: Settings) -> Session:
    cluster = db.build_cluster(settings)
    cluster.profile_manager.default.row_factory = dict_factory  # pitfall: cqlengine-row-factory
    session = cluster.connect()
    db._shut_down_at_exit(cluster)  # the kit's exit hook: a quick exit, as for coodie's session
    session.add_request_init_listener(cql_log.listener)
    # cqlengine's default keyspace comes from `session.keyspace`; set it before set_session,
    # which registers the UDT class with the driver under it.
    cqlengine_models.DEFAULT_KEYSPACE = settings.keyspace  # pitfall: no-session-keyspace
    connection.set_session(session)
    return session


def create_tables_with_cqlengine() -> None:
    """cqlengine's sync_table: the tables (and the UDT) exactly as the old app made them."""
    use_cqlengine()
    os.environ.setdefault("CQLENG_ALLOW_SCHEMA_MANAGEMENT", "1")  # else cqlengine warns on every sync
    for model in CQLENGINE_MODELS:
        management.sync_table(model, keyspaces=[cqlengine_models.DEFAULT_KEYSPACE])


# ---------------------------------------------------------------- the schema, as each side sees it
def _kind(column) -> str:
    if column.primary_key:
        return "partition_key"
    if column.clustering_key:
        return "clustering"
    return "static" if column.static else "regular"


def planned_changes(models=MODELS) -> list[str]:
    """What coodie's dry run would send beyond its idempotent CREATE: empty when they agree.

    The dry run lists `CREATE TABLE IF NOT EXISTS` even for a table that exists, so it is left out."""
    planned = [cql for model in models for cql in model.sync_table(dry_run=True)]
    return [cql for cql in planned if not cql.startswith(IDEMPOTENT)]  # pitfall: dry-run-lists-create


def column_differences(session: Session, keyspace: str, models=MODELS) -> list[str]:
    """Every column whose kind, type or order differs between a coodie model and its table.

    sync_table only ever adds columns: a column of another type is never in its dry run."""
    problems = []
    for model in models:
        table = model.table_name()
        rows = session.execute(
            "SELECT column_name, kind, type, clustering_order FROM system_schema.columns "
            "WHERE keyspace_name = %s AND table_name = %s",
            (keyspace, table),
        )
        in_db = {row.column_name: (row.kind, row.type.replace(" ", ""), row.clustering_order) for row in rows}
        for column in build_schema(model):
            order = column.clustering_order.lower() if column.clustering_key else "none"
            cql_type = column.cql_type.replace(" ", "")  # pitfall: sync-table-ignores-types
            mine = (_kind(column), cql_type, order)
            theirs = in_db.pop(column.name, None)
            if theirs is None:
                problems.append(f"{table}.{column.name}: in the coodie model, not in the table")
            elif theirs != mine:
                problems.append(f"{table}.{column.name}: coodie {mine}, table {theirs}")
        problems += [f"{table}.{name}: in the table, not in the coodie model" for name in in_db]
    return problems


def type_differences(session: Session, keyspace: str, user_type=PackageVersion) -> list[str]:
    """The UDT's fields, in order, with their types, against system_schema.types."""
    name = user_type.Settings.__type_name__
    row = session.execute(
        "SELECT field_names, field_types FROM system_schema.types "
        "WHERE keyspace_name = %s AND type_name = %s",
        (keyspace, name),
    ).one()
    if row is None:
        return [f"type {name}: not in the keyspace"]
    theirs = list(zip(row.field_names, row.field_types, strict=True))
    mine = [(column.name, column.cql_type) for column in build_schema(user_type)]
    return [] if theirs == mine else [f"type {name}: coodie {mine}, database {theirs}"]


def schema_differences(session: Session, keyspace: str) -> list[str]:
    """Everything that keeps coodie's models from being the tables' models; empty: they agree."""
    return planned_changes() + column_differences(session, keyspace) + type_differences(session, keyspace)


# ---------------------------------------------------------------- rows, through each hand
def read_with_cqlengine(table: str, **where) -> list[dict]:
    use_cqlengine()
    model = TWIN[table][0]
    query = model.objects.filter(**where) if where else model.objects.all()
    return [dict(row.items()) for row in query]


def read_with_coodie(table: str, **where) -> list[dict]:
    return [row.model_dump() for row in TWIN[table][1].find(**where).validate().all()]


def write_runs_with_cqlengine(rows: list[dict]) -> None:
    """One logged batch of runs (one partition), through cqlengine."""
    use_cqlengine()
    with CqlengineBatch() as batch:
        for row in rows:
            packages = [PackageVersionUDT(**package) for package in row["packages"]]
            RunModel.batch(batch).create(**(row | {"packages": packages}))


def write_runs_with_coodie(rows: list[dict]) -> None:
    """One logged batch of runs (one partition), through coodie."""
    with BatchQuery() as batch:
        for row in rows:
            Run(**row).save(batch=batch)


def count_with_cqlengine(test_id: str, passed: int, failed: int) -> None:
    use_cqlengine()
    RunCountsModel.objects(test_id=test_id).update(passed=passed, failed=failed)


def count_with_coodie(test_id: str, passed: int, failed: int) -> None:
    RunCounts(test_id=test_id).increment(passed=passed, failed=failed)


def forget(test_id: str) -> None:
    """A test's runs and counts go (what `verify` wrote for itself)."""
    Run.find(test_id=test_id).delete()
    RunCounts.find(test_id=test_id).delete()


# ---------------------------------------------------------------- the API mapping, one pair per operation
# Each operation twice, cqlengine's way and coodie's way, with the same arguments. The tests
# run every pair on two copies of the same rows and require the same outcome; the /mapping
# page and the README show each pair's body (mapping.py reads it from here): the table is the
# code that runs, never typed by hand. `test_id` is the partition, `run` a run's fields.
def cqlengine_get(test_id, run_id, run):
    return RunModel.objects.get(test_id=test_id, run_id=run_id)


def coodie_get(test_id, run_id, run):
    return Run.get(test_id=test_id, run_id=run_id)


def cqlengine_newest(test_id, run_id, run):
    return list(RunModel.objects.filter(test_id=test_id).limit(2))


def coodie_newest(test_id, run_id, run):
    return Run.find(test_id=test_id).limit(2).all()


def cqlengine_count(test_id, run_id, run):
    return RunModel.objects.filter(test_id=test_id).count()


def coodie_count(test_id, run_id, run):
    return Run.find(test_id=test_id).count()


def cqlengine_create(test_id, run_id, run):
    return RunModel.create(**run)


def coodie_create(test_id, run_id, run):
    return Run(**run).save()


def cqlengine_create_if_not_exists(test_id, run_id, run):
    try:
        RunModel.if_not_exists().create(**run)
        return True
    except LWTException:  # pitfall: lwt-raises-vs-returns
        return False


def coodie_create_if_not_exists(test_id, run_id, run):
    return Run(**run).insert().applied


def cqlengine_update(test_id, run_id, run):
    return RunModel.objects(test_id=test_id, run_id=run_id).update(status="investigating")


def coodie_update(test_id, run_id, run):
    return Run.find(test_id=test_id, run_id=run_id).update(status="investigating")


def cqlengine_add_to_set(test_id, run_id, run):
    return RunModel.objects(test_id=test_id, run_id=run_id).update(tags__add={"flaky"})


def coodie_add_to_set(test_id, run_id, run):
    return Run.find(test_id=test_id, run_id=run_id).update(tags__add={"flaky"})


def cqlengine_update_map(test_id, run_id, run):
    return RunModel.objects(test_id=test_id, run_id=run_id).update(links__update={"jira": "SCT-1"})


def coodie_update_map(test_id, run_id, run):
    return Run.find(test_id=test_id, run_id=run_id).update(links__update={"jira": "SCT-1"})


def cqlengine_append_udt(test_id, run_id, run):
    package = PackageVersionUDT(name="java", version="17", built_at=None)
    return RunModel.objects(test_id=test_id, run_id=run_id).update(packages__append=[package])


def coodie_append_udt(test_id, run_id, run):
    package = PackageVersion(name="java", version="17", built_at=None)
    return Run.find(test_id=test_id, run_id=run_id).update(packages__append=[package])


def cqlengine_batch(test_id, run_id, run):
    with CqlengineBatch() as batch:
        RunModel.batch(batch).create(**run)


def coodie_batch(test_id, run_id, run):
    with BatchQuery() as batch:
        Run(**run).save(batch=batch)


def cqlengine_count_up(test_id, run_id, run):
    return RunCountsModel.objects(test_id=test_id).update(passed=1)


def coodie_count_up(test_id, run_id, run):
    return RunCounts(test_id=test_id).increment(passed=1)


def cqlengine_delete(test_id, run_id, run):
    return RunModel.objects(test_id=test_id, run_id=run_id).delete()


def coodie_delete(test_id, run_id, run):
    return Run.find(test_id=test_id, run_id=run_id).delete()


# (operation, what it does, the cqlengine function, the coodie function, what the tests compare)
PAIRS = [
    ("get", "one run by its full key", cqlengine_get, coodie_get, "result"),
    ("newest", "a test's newest runs (timeuuid DESC)", cqlengine_newest, coodie_newest, "result"),
    ("count", "count a test's runs", cqlengine_count, coodie_count, "result"),
    ("create", "write a new run", cqlengine_create, coodie_create, "rows"),
    (
        "if not exists",
        "write unless the run exists (LWT)",
        cqlengine_create_if_not_exists,
        coodie_create_if_not_exists,
        "result",
    ),
    ("update", "change a column", cqlengine_update, coodie_update, "rows"),
    ("set add", "add to a `set<text>`", cqlengine_add_to_set, coodie_add_to_set, "rows"),
    ("map update", "merge into a `map<text, text>`", cqlengine_update_map, coodie_update_map, "rows"),
    ("list append", "append a UDT to a `list<frozen<udt>>`", cqlengine_append_udt, coodie_append_udt, "rows"),
    ("batch", "write in a logged batch", cqlengine_batch, coodie_batch, "rows"),
    ("counter", "add to a counter", cqlengine_count_up, coodie_count_up, "counts"),
    ("delete", "delete one run", cqlengine_delete, coodie_delete, "rows"),
]


# ---------------------------------------------------------------- the seed, through the left hand
def write_run_with_cqlengine(run: dict) -> None:
    use_cqlengine()
    packages = [PackageVersionUDT(**package) for package in run["packages"]]
    RunModel.create(**(run | {"packages": packages}))


def count_run_with_cqlengine(test_id: str, status: str) -> None:
    """A finished run adds one to its test's passed or failed counter (a running one: neither)."""
    use_cqlengine()
    if status in ("passed", "failed"):
        RunCountsModel.objects(test_id=test_id).update(**{status: 1})
    else:
        RunCountsModel.objects(test_id=test_id).update(passed=0)  # the counts row exists from the first run


# ---------------------------------------------------------------- the pages
def test_counts() -> list[RunCounts]:
    """Q3 for every test: the run_counts table is one small row per test."""
    return sorted(RunCounts.find().all(), key=lambda row: row.test_id)


def newest_through_both(test_id: str, limit: int) -> dict[str, list[dict]]:
    """Q1 twice: a test's newest runs through cqlengine and through coodie."""
    use_cqlengine()
    return {
        "cqlengine": [dict(row.items()) for row in RunModel.objects.filter(test_id=test_id).limit(limit)],
        "coodie": [row.model_dump() for row in Run.find(test_id=test_id).limit(limit).validate().all()],
    }


def read_runs_unvalidated(test_id: str) -> list[Run]:
    """Q1 without `.validate()`: the values exactly as the driver gave them (the UDT pitfall)."""
    return Run.find(test_id=test_id).all()
