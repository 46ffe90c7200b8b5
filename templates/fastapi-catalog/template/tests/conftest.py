"""Fixtures for the catalog's tests; the database ones come from catalog.testing."""

import pytest
from fastapi.testclient import TestClient

pytest_plugins = ("catalog.testing",)


@pytest.fixture(scope="session")
def client(session):
    """The app, started through its lifespan, on the test keyspace."""
    from catalog.app import app

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def product(client):
    """A fresh product, created through the API."""
    body = {"name": "Test Lamp", "brand": "Lumen", "category": "Home", "price": "19.99", "tags": ["eco"]}
    response = client.post("/api/products", json=body)
    assert response.status_code == 201, response.text
    return response.json()
