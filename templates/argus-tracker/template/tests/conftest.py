"""Fixtures for the tracker's tests; the database, app, client and submit ones come from
tracker.kit.testing. CSRF stays on in every test: form tests read the token from the page first."""

from __future__ import annotations

import pytest

pytest_plugins = ("tracker.kit.testing",)
