"""Never send a counter update twice: the retry policy this demo runs with.

A counter update is not idempotent: "views = views + 1" sent twice counts two. The driver's
default RetryPolicy already refuses to retry a counter write that *timed out*, but after a
connection error or an "overloaded" answer it resends the request to the next node, and
the first node may have applied it before its answer was lost: one hit, counted twice.

CountOnce keeps the default behaviour for reads and for "unavailable" (the coordinator
refused before writing anything), and rethrows everything else on writes. A write that
fails is then reported as "outcome unknown" (the simulator counts those): the demo prefers
an honest gap to a silent double count.
"""

from __future__ import annotations

from cassandra.policies import RetryPolicy


def _is_read(query) -> bool:
    prepared = getattr(query, "prepared_statement", None)
    text = getattr(prepared, "query_string", None) or getattr(query, "query_string", "") or ""
    return text.lstrip().upper().startswith("SELECT")


class CountOnce(RetryPolicy):
    def on_write_timeout(
        self, query, consistency, write_type, required_responses, received_responses, retry_num
    ):
        return self.RETHROW, None

    def on_request_error(self, query, consistency, error, retry_num):
        if _is_read(query):
            return super().on_request_error(query, consistency, error, retry_num)
        return self.RETHROW, None
