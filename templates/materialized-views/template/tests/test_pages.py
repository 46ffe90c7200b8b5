"""The HTML pages: the comparison with each side's CQL, a product's rows moving, the forms."""

import re

from conftest import VIEW_DEADLINE_S

from showroom.kit.waiting import eventually


def compare(client, category: str) -> str:
    return client.get("/", params={"category": category}).text


def test_the_comparison_shows_both_answers_and_the_cql_each_sent(client, product, settings):
    category = product["category"]
    # One row on each side, once the view has it (the hand-made table has it at once).
    html = eventually(
        lambda: (page := compare(client, category)).count("Test Lamp") == 2 and page, VIEW_DEADLINE_S
    )
    ks = settings.keyspace
    view_cql = f"SELECT * FROM {ks}.products_by_category WHERE &#34;category&#34; = ?"
    manual_cql = f"SELECT * FROM {ks}.products_by_category_manual WHERE &#34;category&#34; = ?"
    view_side, manual_side = html.split('aria-labelledby="products_by_category_manual-title"')
    assert view_cql in view_side and manual_cql not in view_side
    assert manual_cql in manual_side
    assert "both answers list the same 1 product on this page" in html
    assert 'id="cql-panel"' in html  # and the page's panel holds both statements
    assert "ALLOW FILTERING" not in html


def test_htmx_compare_returns_a_fragment_with_the_panel_out_of_band(client, product):
    html = client.get("/", params={"category": product["category"]}, headers={"HX-Request": "true"}).text
    assert "<html" not in html and 'hx-swap-oob="true"' in html and 'id="agreement"' in html


def test_pages_of_a_category_follow_the_paging_state_on_both_sides(client, unique_key):
    category = unique_key("Cat")
    for n in range(23):  # more than a page (20)
        body = {"name": f"Item {n:02}", "brand": "Pager", "category": category, "price": "1.00"}
        assert client.post("/api/products", json=body).status_code == 201
    first = eventually(
        lambda: (page := compare(client, category)) and "the same 20 products on this page" in page and page,
        VIEW_DEADLINE_S,
    )
    link = re.search(r'id="next-page" href="([^"]+)"', first)[1].replace("&amp;", "&")
    second = eventually(
        lambda: (page := client.get(link).text) and "the same 3 products on this page" in page and page,
        VIEW_DEADLINE_S,
    )
    assert 'id="next-page"' not in second


def test_a_side_that_has_ended_stays_ended_while_the_other_pages_on(client, product):
    """When the two answers differ in length (a view catching up), the next-page link carries
    END for the side that ended: that side sends nothing and shows nothing, instead of page 1."""
    html = client.get("/", params={"category": product["category"], "view_cursor": "end"}).text
    view_side, manual_side = html.split('aria-labelledby="products_by_category_manual-title"')
    assert "Test Lamp" not in view_side and "SELECT" not in view_side
    assert "Test Lamp" in manual_side
    assert "the answers differ on this page" in html


def test_brand_page_reads_the_brand_view(client, product, settings):
    html = eventually(
        lambda: (
            (page := client.get("/brands", params={"brand": product["brand"]}).text)
            and "Test Lamp" in page
            and page
        ),
        VIEW_DEADLINE_S,
    )
    assert f"SELECT * FROM {settings.keyspace}.products_by_brand WHERE &#34;brand&#34; = ?" in html


def test_editing_the_category_in_the_form_shows_the_row_moved(client, product, unique_key):
    pid, old = product["id"], product["category"]
    new = unique_key("Cat")
    form = {"name": "Test Lamp", "brand": product["brand"], "category": new, "price": "19.99"}
    edited = client.post(f"/products/{pid}/edit", data=form, follow_redirects=False)
    assert edited.status_code == 303 and edited.headers["location"] == f"/products/{pid}?was_category={old}"

    def placements() -> list[tuple[str, str, str]]:
        html = client.get(edited.headers["location"]).text
        cells = r"<td><code>(\w+)</code></td><td><code>([^<]+)</code></td>\s*"
        rows = re.findall(cells + r"<td><span class=\"badge \w+\">([^<]+)<", html)
        return [(t, k.replace("&#39;", "'"), found) for t, k, found in rows]

    expected = [
        ("products_by_category", f"category = '{new}'", "there"),
        ("products_by_category_manual", f"category = '{new}'", "there"),
        ("products_by_category", f"category = '{old}'", "not there"),
        ("products_by_category_manual", f"category = '{old}'", "not there"),
        ("products_by_brand", f"brand = '{product['brand']}'", "there"),
    ]
    eventually(lambda: placements() == expected, VIEW_DEADLINE_S, what="the product page to show the move")


def test_delete_from_the_page_says_where_the_rows_went(client, product):
    response = client.post(f"/products/{product['id']}/delete")
    assert response.status_code == 200 and "Deleted Test Lamp" in response.text
    assert client.get(f"/products/{product['id']}").status_code == 404


def test_form_errors_are_shown_beside_the_fields(client):
    response = client.post("/products/new", data={"name": "", "brand": "", "category": "Audio", "price": "x"})
    assert response.status_code == 422
    for field in ("name", "brand", "price"):
        assert f'id="{field}-error"' in response.text


def test_a_new_product_escapes_html(client):
    form = {"name": "<script>alert(1)</script>", "brand": "B", "category": "C", "price": "5"}
    response = client.post("/products/new", data=form)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_schema_page_shows_the_views(client):
    html = client.get("/schema").text
    assert "CREATE MATERIALIZED VIEW IF NOT EXISTS" in html
    assert "products_by_category" in html and "products_by_brand" in html
    assert "products_by_category_manual" in html
