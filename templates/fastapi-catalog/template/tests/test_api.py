"""Every JSON route, through FastAPI's test client, against the real database."""

from uuid import uuid4

from catalog.kit.testing import refused_field

BODY = {"name": "Desk", "brand": "Vertex", "category": "Home", "price": "120.50", "tags": ["wood"]}


def test_create_get_update_delete(client):
    created = client.post("/api/products", json=BODY)
    assert created.status_code == 201
    pid = created.json()["id"]
    assert client.get(f"/api/products/{pid}").json()["price"] == "120.50"

    changed = {**BODY, "category": "Office", "price": "99.00"}
    assert client.put(f"/api/products/{pid}", json=changed).json()["category"] == "Office"
    office = client.get("/api/products", params={"category": "Office", "limit": 100}).json()["items"]
    assert pid in {p["id"] for p in office}  # the index followed the update

    assert client.delete(f"/api/products/{pid}").status_code == 204
    assert client.get(f"/api/products/{pid}").status_code == 404


def test_invalid_body_is_422(client):
    assert refused_field(client.post("/api/products", json={**BODY, "price": "-1"})) == "price"


def test_paging_walks_every_product_once(client):
    brand = f"Pager{uuid4().hex[:6]}"
    made = {client.post("/api/products", json={**BODY, "brand": brand}).json()["id"] for _ in range(7)}
    seen, cursor, pages = [], None, 0
    while True:
        params = {"brand": brand, "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/products", params=params).json()
        seen += [p["id"] for p in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages >= 3
    assert len(seen) == len(set(seen)) == 7  # no duplicates, no gaps
    assert set(seen) == made


def test_filter_by_category_and_brand_at_once_is_refused(client):
    response = client.get("/api/products", params={"category": "Home", "brand": "Vertex"})
    assert response.status_code == 400
    assert "not both" in response.json()["detail"]


def test_bad_cursor_is_400(client):
    assert client.get("/api/products", params={"cursor": "%%%"}).status_code == 400


def test_reviews_newest_first(client, product):
    pid = product["id"]
    for i in range(3):
        response = client.post(f"/api/products/{pid}/reviews", json={"author": f"a{i}", "rating": 4})
        assert response.status_code == 201
    items = client.get(f"/api/products/{pid}/reviews").json()["items"]
    assert [r["author"] for r in items] == ["a2", "a1", "a0"]


def test_review_of_missing_product_is_404(client):
    response = client.post(f"/api/products/{uuid4()}/reviews", json={"author": "x", "rating": 3})
    assert response.status_code == 404


def test_delete_removes_the_reviews_partition(client, product, count_rows):
    pid = product["id"]
    client.post(f"/api/products/{pid}/reviews", json={"author": "gone", "rating": 2})
    client.delete(f"/api/products/{pid}")
    assert client.get(f"/api/products/{pid}/reviews").json()["items"] == []


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/products" in paths and "/api/products/{product_id}/reviews" in paths


def test_forged_cursor_is_refused_before_it_reaches_the_database(client, product):
    # Unsigned bytes never reach Cassandra: a garbage paging state makes the driver drop
    # its connection, and every later request would fail until it reconnects.
    assert client.get("/api/products", params={"cursor": "AAAAAAAAAAAAAAAAAAAAAAAA"}).status_code == 400
    assert client.get(f"/api/products/{product['id']}").status_code == 200
