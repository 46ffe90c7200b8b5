"""Two small middlewares: the CQL panel's capture, and a hint when a schema step was skipped."""

from __future__ import annotations

from cassandra import InvalidRequest
from django.db import OperationalError
from django.shortcuts import render

from . import cql_log


class CqlCaptureMiddleware:
    """Record every CQL statement sent while this request runs (see cql_log).

    Pages render inside the `with`, so the CQL panel at the bottom of each page lists what
    that page cost. Requests run in threads under runserver and WSGI servers: the log is a
    ContextVar, so concurrent requests never see each other's statements.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with cql_log.capture():
            return self.get_response(request)


class SetupHintMiddleware:
    """Missing tables are a setup step, not a bug: say which command creates them (503)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        text = str(exception)
        # Cassandra 5 says "table x does not exist"; older versions and ScyllaDB "unconfigured table x".
        if isinstance(exception, InvalidRequest) and (
            "unconfigured table" in text or "does not exist" in text
        ):
            hint = "The Cassandra tables are missing: run `python manage.py sync_cassandra` (or `make seed`)."
        elif isinstance(exception, OperationalError) and "no such table" in text:
            hint = "The SQLite tables are missing: run `python manage.py migrate` (or `make seed`)."
        else:
            return None
        return render(request, "error.html", {"status": 503, "detail": hint}, status=503)
