"""Fixtures for the showroom's tests; the database ones come from showroom.kit.testing."""

from uuid import uuid4

import pytest

pytest_plugins = ("showroom.kit.testing",)

VIEW_DEADLINE_S = 20  # a view trails its base table by milliseconds; this bound is for a loaded CI machine


@pytest.fixture
def unique_key():
    """A category or brand no other test uses: its partitions hold only this test's rows."""
    return lambda prefix: f"{prefix}-{uuid4().hex[:8]}"


@pytest.fixture
def product(client, unique_key):
    """A fresh product, created through the API, in a category and a brand of its own."""
    body = {
        "name": "Test Lamp",
        "brand": unique_key("Brand"),
        "category": unique_key("Cat"),
        "price": "19.99",
    }
    response = client.post("/api/products", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"name"}, 4: {"price"}, 5: {"brand"}, 6: {"category"}}
