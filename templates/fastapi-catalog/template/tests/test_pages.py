"""The HTML pages, their forms, and the CQL panel."""

import re


def test_index_lists_products_and_shows_the_cql(client, product):
    html = client.get("/", params={"brand": "Lumen"}).text
    assert "Test Lamp" in html
    assert 'id="cql-panel"' in html
    # The list is a paged read through the brand index; the panel shows that statement.
    assert re.search(r"SELECT \* FROM \w+\.products WHERE &#34;brand&#34; = \?", html)


def test_htmx_filter_returns_a_fragment_with_the_panel_out_of_band(client, product):
    html = client.get("/", params={"brand": "Lumen"}, headers={"HX-Request": "true"}).text
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html and "Test Lamp" in html


def test_both_filters_explain_why_not(client):
    response = client.get("/", params={"brand": "Lumen", "category": "Home"})
    assert response.status_code == 400
    assert "not both" in response.text


def test_new_product_form_errors_are_shown_beside_the_fields(client):
    response = client.post("/products/new", data={"name": "", "brand": "B", "category": "C", "price": "x"})
    assert response.status_code == 422
    assert 'id="name-error"' in response.text and 'id="price-error"' in response.text


def test_new_product_escapes_html(client):
    response = client.post(
        "/products/new",
        data={"name": "<script>alert(1)</script>", "brand": "B", "category": "C", "price": "5"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_product_page_review_form_edit_and_delete(client, product):
    pid = product["id"]
    page = client.get(f"/products/{pid}")
    assert page.status_code == 200 and "Test Lamp" in page.text

    posted = client.post(f"/products/{pid}/reviews", data={"author": "Kim", "rating": "5", "body": "Bright"})
    assert posted.status_code == 200 and "Bright" in posted.text  # followed the redirect

    bad = client.post(f"/products/{pid}/reviews", data={"author": "", "rating": "9"})
    assert bad.status_code == 422 and 'id="author-error"' in bad.text and 'id="rating-error"' in bad.text

    form = client.get(f"/products/{pid}/edit")
    assert 'value="Test Lamp"' in form.text
    renamed = {"name": "Renamed Lamp", "brand": "Lumen", "category": "Home", "price": "21"}
    edited = client.post(f"/products/{pid}/edit", data=renamed)
    assert edited.status_code == 200 and "Renamed Lamp" in edited.text

    deleted = client.post(f"/products/{pid}/delete")
    assert deleted.status_code == 200 and "Product deleted" in deleted.text
    assert client.get(f"/products/{pid}").status_code == 404


def test_schema_page_shows_create_statements(client):
    html = client.get("/schema").text
    assert "CREATE TABLE IF NOT EXISTS" in html and "products" in html and "reviews" in html
    assert "CREATE INDEX IF NOT EXISTS" in html
    assert "CLUSTERING ORDER BY (&#34;review_id&#34; DESC)" in html
