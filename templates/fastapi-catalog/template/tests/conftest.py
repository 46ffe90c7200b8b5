"""Fixtures for the catalog's tests; the database ones come from catalog.kit.testing."""

import pytest

pytest_plugins = ("catalog.kit.testing",)


@pytest.fixture
def product(client):
    """A fresh product, created through the API."""
    body = {"name": "Test Lamp", "brand": "Lumen", "category": "Home", "price": "19.99", "tags": ["eco"]}
    response = client.post("/api/products", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def bad_csv_blame():
    """The rows seed.py must blame in examples/bad/*.csv, with their columns (line 2 is good)."""
    return {3: {"name"}, 4: {"price"}, 5: {"price"}}
