"""The views at work, on the real database: counts after a seed, rows that move, rows that go,
and writes that are refused.

A view is updated after its base table (on ScyllaDB, and on a Cassandra cluster, after the
write has been acknowledged), so every check of a view polls with a deadline (`eventually`).
The hand-made table is written in the same logged batch as the base row: it is checked at once.
"""

import subprocess
import sys
from collections import Counter
from uuid import UUID

import pytest
from conftest import VIEW_DEADLINE_S

from showroom.kit.testing import PROJECT, seed_env, seeded_counts
from showroom.kit.waiting import eventually
from showroom.seeding import BRANDS, CATEGORIES


@pytest.fixture(scope="module")
def seeded(session):
    """One seed for the module: 80 fake products over eight categories and eight brands."""
    result = subprocess.run(
        [sys.executable, "seed.py", "--count", "80", "--seed", "5", "--reset"],
        cwd=PROJECT,
        env=seed_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return seeded_counts(result.stdout, ["products", "products_by_category_manual"])


def partition_count(cql, table: str, column: str, value: str) -> int:
    return cql(f"SELECT COUNT(*) FROM {{ks}}.{table} WHERE {column} = %s", value)[0][0]


def row_in(cql, table: str, column: str, value: str, product_id: str) -> bool:
    return bool(
        cql(f"SELECT id FROM {{ks}}.{table} WHERE {column} = %s AND id = %s", value, UUID(product_id))
    )


def test_after_the_seed_each_view_partition_holds_what_the_base_table_holds(seeded, cql):
    assert seeded["products"] == seeded["products_by_category_manual"] == 80
    base = cql("SELECT category, brand FROM {ks}.products")  # a full scan: fine in a test, never on a page
    by_category = Counter(row.category for row in base)
    by_brand = Counter(row.brand for row in base)
    assert set(by_category) == set(CATEGORIES) and set(by_brand) == set(BRANDS)
    assert sum(by_category.values()) == 80

    def view_counts(table: str, column: str, values) -> dict[str, int]:
        return {value: partition_count(cql, table, column, value) for value in values}

    # The hand-made table: written with the base rows, so it agrees at once.
    assert view_counts("products_by_category_manual", "category", CATEGORIES) == by_category
    # The views: once they have caught up, partition by partition.
    eventually(
        lambda: view_counts("products_by_category", "category", CATEGORIES) == by_category,
        VIEW_DEADLINE_S,
        what="products_by_category to hold each category's products",
    )
    eventually(
        lambda: view_counts("products_by_brand", "brand", BRANDS) == by_brand,
        VIEW_DEADLINE_S,
        what="products_by_brand to hold each brand's products",
    )


def test_an_edit_of_a_view_key_moves_the_row_between_partitions(client, cql, product, unique_key):
    pid, old_category, old_brand = product["id"], product["category"], product["brand"]
    eventually(lambda: row_in(cql, "products_by_category", "category", old_category, pid), VIEW_DEADLINE_S)
    new_category, new_brand = unique_key("Cat"), unique_key("Brand")

    edit = {"name": product["name"], "brand": new_brand, "category": new_category, "price": "24.50"}
    response = client.put(f"/api/products/{pid}", json=edit)
    assert response.status_code == 200, response.text
    assert response.json()["category_was"] == old_category and response.json()["brand_was"] == old_brand

    # The hand-made table moved in the same logged batch: at once.
    assert not row_in(cql, "products_by_category_manual", "category", old_category, pid)
    assert row_in(cql, "products_by_category_manual", "category", new_category, pid)
    # The views move on their own: out of the old partitions, into the new ones.
    eventually(
        lambda: (
            not row_in(cql, "products_by_category", "category", old_category, pid)
            and row_in(cql, "products_by_category", "category", new_category, pid)
        ),
        VIEW_DEADLINE_S,
        what="the row to move from one category partition of the view to the other",
    )
    eventually(
        lambda: (
            not row_in(cql, "products_by_brand", "brand", old_brand, pid)
            and row_in(cql, "products_by_brand", "brand", new_brand, pid)
        ),
        VIEW_DEADLINE_S,
        what="the row to move from one brand partition of the view to the other",
    )
    assert partition_count(cql, "products_by_category", "category", old_category) == 0
    # And the view row carries the new values (the price too, a column outside the key).
    listed = client.get(f"/api/categories/{new_category}/products").json()["items"]
    assert [(p["id"], p["price"]) for p in listed] == [(pid, "24.50")]


def test_an_edit_that_keeps_the_keys_updates_the_view_row_in_place(client, cql, product):
    pid, category = product["id"], product["category"]
    edit = {"name": "Renamed Lamp", "brand": product["brand"], "category": category, "price": "30.00"}
    assert client.put(f"/api/products/{pid}", json=edit).status_code == 200
    assert row_in(cql, "products_by_category_manual", "category", category, pid)  # not deleted by the batch
    eventually(
        lambda: (
            [p["name"] for p in client.get(f"/api/categories/{category}/products").json()["items"]]
            == ["Renamed Lamp"]
        ),
        VIEW_DEADLINE_S,
        what="the view row to show the new name",
    )
    assert partition_count(cql, "products_by_category", "category", category) == 1


def test_a_delete_removes_the_row_from_every_view(client, cql, product):
    pid, category, brand = product["id"], product["category"], product["brand"]
    eventually(lambda: row_in(cql, "products_by_brand", "brand", brand, pid), VIEW_DEADLINE_S)

    assert client.delete(f"/api/products/{pid}").status_code == 204
    assert client.get(f"/api/products/{pid}").status_code == 404
    assert not row_in(cql, "products_by_category_manual", "category", category, pid)  # same batch
    eventually(
        lambda: (
            not row_in(cql, "products_by_category", "category", category, pid)
            and not row_in(cql, "products_by_brand", "brand", brand, pid)
        ),
        VIEW_DEADLINE_S,
        what="both views to drop the deleted product",
    )


@pytest.mark.parametrize("view", ["products_by_category", "products_by_brand"])
def test_a_write_to_a_view_is_refused_by_coodie_and_by_cassandra(client, cql, product, view):
    pid = product["id"]
    column = "category" if view == "products_by_category" else "brand"
    eventually(lambda: row_in(cql, view, column, product[column], pid), VIEW_DEADLINE_S)

    response = client.post(f"/api/views/{view}/rows", json={"product_id": pid})
    assert response.status_code == 405, response.text
    assert response.headers["allow"] == "GET"
    body = response.json()
    assert body["view"] == view
    assert body["detail"].startswith(f"{view} is a materialized view: Cassandra writes it from products")
    coodie, server = body["refusals"]
    read_only = "Materialized views are read-only. Use the base table to write data."  # coodie's words
    assert coodie == f"coodie, before sending anything: {read_only}"
    assert server == f"Cassandra, to DELETE FROM {view}: Cannot directly modify a materialized view"
    assert row_in(cql, view, column, product[column], pid)  # nothing changed


def test_a_write_to_a_view_from_the_page_is_shown_there_with_405(client, product):
    response = client.post(f"/products/{product['id']}/write-to-view", data={"view": "products_by_brand"})
    assert response.status_code == 405
    assert 'id="refused"' in response.text and "Cannot directly modify a materialized view" in response.text


def test_writes_to_what_is_no_view_are_404(client, product):
    assert client.post("/api/views/products/rows", json={"product_id": product["id"]}).status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.post("/api/views/products_by_brand/rows", json={"product_id": missing}).status_code == 404
