"""The analytics data model, query first: three counter tables, one per question.

Queries the dashboard makes, and the table that answers each:

  Q1  one page's all-time views and likes        page_totals             PRIMARY KEY (page)
  Q2  the top pages of a day                     page_views_by_day       PRIMARY KEY ((day), page)
  Q3  the top referrers of a day                 referrer_views_by_day   PRIMARY KEY ((day), referrer)
  Q4  one page's views over the last 7 days      page_views_by_day       PRIMARY KEY ((day), page):
                                                                         7 single-row reads

Counter tables hold only key columns and counters: no TTL, no regular columns, no INSERT.
A counter cannot be a clustering key either, so no table can keep pages *sorted by views*:
Q2 and Q3 read the day's whole partition (one row per page or referrer seen that day) and
sort it in Python. That is bounded by the number of distinct pages a day, not by traffic.

A hit changes the three tables together, in one COUNTER batch (see queries.record_hit).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from coodie.aio import CounterDocument
from coodie.fields import ClusteringKey, Counter, PrimaryKey


class PageTotals(CounterDocument):
    """All-time views and likes of one page (Q1); likes change one at a time (Like / Unlike)."""

    page: Annotated[str, PrimaryKey()]
    views: Annotated[int, Counter()] = 0
    likes: Annotated[int, Counter()] = 0

    class Settings:
        name = "page_totals"


class PageViewsByDay(CounterDocument):
    """Views of each page on one day: the day is the partition, its pages the rows (Q2, Q4)."""

    day: Annotated[date, PrimaryKey()]
    page: Annotated[str, ClusteringKey()]
    views: Annotated[int, Counter()] = 0

    class Settings:
        name = "page_views_by_day"


class ReferrerViewsByDay(CounterDocument):
    """Views of one day by where the visitor came from (Q3); "direct" when nowhere."""

    day: Annotated[date, PrimaryKey()]
    referrer: Annotated[str, ClusteringKey()]
    views: Annotated[int, Counter()] = 0

    class Settings:
        name = "referrer_views_by_day"


# In the order they are created at start-up.
MODELS = [PageTotals, PageViewsByDay, ReferrerViewsByDay]
