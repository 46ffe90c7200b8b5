"""`python -m migrationguide verify`: do cqlengine and coodie see the same data?

1. the schema: coodie's models against the tables cqlengine made (queries.schema_differences);
2. every row of every table, read through both mappers, compared field by field;
3. a batch written by each mapper, read back through the other (and counters moved by each).
It prints one line per CQL type: the columns of that type and the values compared.
Any difference is listed and the command exits 1 (commands.py).
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid1, uuid4

from . import queries
from .models import COLUMNS, PackageVersion

BATCH_SIZE = 5


def plain(value: object) -> object:
    """A value as both mappers' results can be compared: containers as builtins, UDTs as dicts."""
    if value is None:
        return None
    if isinstance(value, (set, frozenset)) or type(value).__name__ == "SortedSet":
        return frozenset(plain(item) for item in value)
    if isinstance(value, dict) or type(value).__name__ == "OrderedMapSerializedKey":
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return [plain(item) for item in value]
    if isinstance(value, (str, int, float, bool, Decimal, UUID, datetime)):
        return value
    return {name: plain(getattr(value, name, None)) for name in PackageVersion.model_fields}


def empty_as_none(value: object) -> object:
    """cqlengine reads a null collection as an empty one, coodie too: both become None here."""
    return None if value in ([], {}, frozenset()) else value


@dataclass
class Report:
    types: dict[str, set[str]] = field(default_factory=dict)  # CQL type -> "table.column"
    values: Tally = field(default_factory=Tally)  # CQL type -> values compared
    rows: Tally = field(default_factory=Tally)  # table -> rows compared
    problems: list[str] = field(default_factory=list)

    def compare_rows(self, table: str, label: str, left: dict[tuple, dict], right: dict[tuple, dict]) -> None:
        for key in sorted(set(left) | set(right), key=str):
            if key not in left or key not in right:
                self.problems.append(f"{table} {key}: {label}: read by one mapper only")
                continue
            self.rows[table] += 1
            for column, cql_type in COLUMNS[table]:
                self.types.setdefault(cql_type, set()).add(f"{table}.{column}")
                self.values[cql_type] += 1
                mine = empty_as_none(plain(left[key].get(column)))
                theirs = empty_as_none(plain(right[key].get(column)))
                if mine != theirs:
                    self.problems.append(f"{table} {key} {column}: {label}: {mine!r} != {theirs!r}")


def keyed(rows: list[dict], keys: list[str]) -> dict[tuple, dict]:
    return {tuple(row[name] for name in keys): row for row in rows}


RUN_KEY = ["test_id", "run_id"]
COUNT_KEY = ["test_id"]
KEYS = {"test_runs": RUN_KEY, "run_counts": COUNT_KEY}


def check_all_rows(report: Report) -> None:
    """Step 2: every row of every table, through both."""
    for table, key in KEYS.items():
        report.compare_rows(
            table,
            "every row",
            keyed(queries.read_with_cqlengine(table), key),
            keyed(queries.read_with_coodie(table), key),
        )


def sample_run(test_id: str, number: int) -> dict:
    """One run with every column set: what each mapper writes in step 3."""
    # A CQL timestamp keeps milliseconds: microseconds would not read back (through either).
    started = datetime(2026, 1, 2, 3, 4, 5, 1000 * number)  # pitfall: timestamp-milliseconds
    return {
        "test_id": test_id,
        "run_id": uuid1(),
        "test_name": f"{test_id} (verify)",
        "status": ["passed", "failed"][number % 2],
        "build_number": number,
        "heartbeat": 2**40 + number,
        "started_at": started,
        "duration": 1234.5678 + number,  # needs 64 bits: a 32-bit float would not read back equal
        "investigated": bool(number % 2),
        "cost": Decimal("12.345") + number,
        "assignee": uuid4(),
        "packages": [
            {"name": "scylla", "version": f"6.{number}", "built_at": started},
            {"name": "driver", "version": "3.29", "built_at": started},
        ],
        "tags": {"verify", f"n{number}"},
        "links": {"log": f"https://logs.example.com/{number}"},
    }


def check_batches(report: Report, suffix: str) -> None:
    """Step 3: a batch by each mapper, read back by the other; counters likewise; then they go."""
    left, right = f"verify-cqlengine-{suffix}", f"verify-coodie-{suffix}"
    try:
        rows = [sample_run(left, n) for n in range(BATCH_SIZE)]
        queries.write_runs_with_cqlengine(rows)
        read = keyed(queries.read_with_coodie("test_runs", test_id=left), RUN_KEY)
        report.compare_rows("test_runs", "cqlengine wrote, coodie read", keyed(rows, RUN_KEY), read)
        rows = [sample_run(right, n) for n in range(BATCH_SIZE)]
        queries.write_runs_with_coodie(rows)
        read = keyed(queries.read_with_cqlengine("test_runs", test_id=right), RUN_KEY)
        report.compare_rows("test_runs", "coodie wrote, cqlengine read", keyed(rows, RUN_KEY), read)
        queries.count_with_cqlengine(left, passed=3, failed=2)
        queries.count_with_coodie(right, passed=3, failed=2)
        for test_id, read_with in ((left, queries.read_with_coodie), (right, queries.read_with_cqlengine)):
            expected = {(test_id,): {"test_id": test_id, "passed": 3, "failed": 2}}
            report.compare_rows(
                "run_counts",
                "counted by one, read by the other",
                expected,
                keyed(read_with("run_counts", test_id=test_id), COUNT_KEY),
            )
    finally:
        queries.forget(left)
        queries.forget(right)


def run(session, keyspace: str, suffix: str) -> Report:
    """All three steps; the batch rows are written under test ids ending in `suffix`."""
    report = Report()
    report.problems += queries.schema_differences(session, keyspace)
    check_all_rows(report)
    check_batches(report, suffix)
    return report


def table(report: Report) -> str:
    lines = [f"{'CQL type':<32} {'columns':>7} {'values compared':>15}"]
    for cql_type in sorted(report.types):
        lines.append(f"{cql_type:<32} {len(report.types[cql_type]):>7} {report.values[cql_type]:>15}")
    lines.append("rows compared: " + ", ".join(f"{t} {n}" for t, n in sorted(report.rows.items())))
    return "\n".join(lines)
