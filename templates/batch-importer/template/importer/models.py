"""The importer's data model, query first.

Queries the pages and the commands make, and the table that answers each:

  Q1  a customer's orders, newest first, paged   orders_by_customer
      PRIMARY KEY ((customer_id), ordered_at DESC, order_id)
  Q2  a day's orders, newest first, paged         orders_by_hour, its 24 hour partitions in turn
      PRIMARY KEY ((hour), ordered_at DESC, order_id)
  Q3  the import runs, newest first               import_runs, month by month
      PRIMARY KEY ((month), started_at DESC, run_id)

One order is two rows, one in each query table, written together in one LOGGED batch: the
batch log makes the pair all-or-nothing (both rows land eventually, or neither), which is what
a logged batch is for: one entity, several tables. `verify` checks that the two agree.

orders_by_hour is the orders of a day cut into 24 partitions, one per hour (`hour` is
"2026-05-17T13", UTC): a partition stops growing when its hour is over, however many orders a
day brings, and a day is read newest first across its hours (kit/buckets.py). A key made of
the order's own values (order_id, ordered_at) makes a re-import rewrite, never duplicate.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from coodie.aio import Document
from coodie.fields import ClusteringKey, Double, PrimaryKey

from .kit.buckets import Bucketing

# The hour partition of an order (UTC): a day is 24 of them.
HOUR = Bucketing("hour", "%Y-%m-%dT%H")
RUNS_KEPT_S = 400 * 24 * 3600  # import runs expire after 400 days: the page walks 14 months


class OrderByCustomer(Document):
    """An order under its customer (Q1). `day` is kept for `verify` (orders per day)."""

    customer_id: Annotated[str, PrimaryKey()]
    ordered_at: Annotated[datetime, ClusteringKey(order="DESC")]
    order_id: Annotated[str, ClusteringKey(clustering_key_index=1)]
    day: str
    amount: Decimal
    currency: str
    items: int
    status: str

    class Settings:
        name = "orders_by_customer"


class OrderByHour(Document):
    """The same order under its hour (Q2)."""

    hour: Annotated[str, PrimaryKey()]
    ordered_at: Annotated[datetime, ClusteringKey(order="DESC")]
    order_id: Annotated[str, ClusteringKey(clustering_key_index=1)]
    customer_id: str
    amount: Decimal
    currency: str
    items: int
    status: str

    class Settings:
        name = "orders_by_hour"


class ImportRun(Document):
    """One run of `import` or of the upload form (Q3): what, how, how fast, how it ended."""

    month: Annotated[str, PrimaryKey()]
    started_at: Annotated[datetime, ClusteringKey(order="DESC")]
    run_id: Annotated[UUID, ClusteringKey(clustering_key_index=1)]
    file: str
    mode: str  # row | partition | logged, or "validate" for a --dry-run
    outcome: str  # done | dry-run | rejected | interrupted | failed
    orders: int = 0  # orders written (or found valid, for a dry run)
    errors: int = 0  # bad rows found (a rejected file writes nothing)
    seconds: Annotated[float, Double()] = 0.0
    orders_per_s: Annotated[float, Double()] = 0.0
    statements: int = 0  # requests sent: statements or batches
    last_day: str = ""  # the day of the file's newest order: the page's "orders of a day" opens on it
    detail: str = ""

    class Settings:
        name = "import_runs"
        __default_ttl__ = RUNS_KEPT_S


MODELS = [OrderByCustomer, OrderByHour, ImportRun]
