"""`verify`: the two query tables hold the same orders.

Each table is read whole (a full scan, a page of 5,000 rows at a time: a maintenance command,
never a page) and its orders counted per customer and per day; the counts must be equal. A
logged batch makes each order's pair all-or-nothing, and a finished import of any mode writes
both rows of every order, so a difference means an import that was stopped half-way (a second
Ctrl-C, a killed process, a database error): importing the same file again repairs it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import queries
from .models import OrderByCustomer, OrderByHour


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def compare(what: str, left: Counter, right: Counter) -> list[str]:
    """Every key whose counts differ, as `what key: n in orders_by_customer, m in orders_by_hour`."""
    return [
        f"{what} {key}: {left[key]} in orders_by_customer, {right[key]} in orders_by_hour"
        for key in sorted(set(left) | set(right))
        if left[key] != right[key]
    ]


async def disagreements() -> Report:
    by_customer = await queries.tally_orders(OrderByCustomer)
    by_hour = await queries.tally_orders(OrderByHour)
    report = Report()
    for table, (customers, days) in (("orders_by_customer", by_customer), ("orders_by_hour", by_hour)):
        report.lines.append(
            f"{table}: {sum(customers.values()):,} orders, {len(customers):,} customers, {len(days):,} days"
        )
    report.problems = compare("customer", by_customer[0], by_hour[0]) + compare(
        "day", by_customer[1], by_hour[1]
    )
    if not report.problems:
        report.lines.append("the two tables agree: the same orders per customer and per day")
    return report
