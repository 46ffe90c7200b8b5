"""Fixtures for the catalog's tests; the database ones come from catalog.testing."""

import pytest

pytest_plugins = ("catalog.testing",)


@pytest.fixture
def product(client):
    """A fresh product, created through the API."""
    body = {"name": "Test Lamp", "brand": "Lumen", "category": "Home", "price": "19.99", "tags": ["eco"]}
    response = client.post("/api/products", json=body)
    assert response.status_code == 201, response.text
    return response.json()
