"""The HTML pages, their forms, the cookie, and the CQL panel."""

import re


def test_index_shows_the_board_with_server_read_ttls_and_its_cql(client, login):
    login("visible", ttl=1800)
    html = client.get("/").text
    assert "visible" in html
    # Without JavaScript the TTL Cassandra reported is in the page itself.
    assert re.search(r'data-ttl="(1[0-7]\d\d|1800)" data-granted="1800"', html)
    assert 'id="cql-panel"' in html
    assert html.count("TTL(&#34;user&#34;) AS &#34;remaining&#34;") == 7  # one read per window
    assert "ALLOW FILTERING" not in html


def test_board_fragment_for_htmx_and_redirect_without(client, login):
    login("fragment", ttl=600)
    fragment = client.get("/board", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text and "fragment" in fragment.text
    assert 'hx-trigger="every 10s"' in fragment.text
    plain = client.get("/board", follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/#board"


def test_log_in_extend_and_log_out_with_the_forms(client):
    page = client.post("/login", data={"user": "form-user", "ttl": "300"})
    assert page.status_code == 200 and "You are logged in" in page.text
    assert "ephemera_session" in client.cookies
    assert "Your session" in page.text and 'data-granted="300"' in page.text
    assert '<span class="badge">you</span>' in page.text

    extended = client.post("/extend")
    assert extended.status_code == 200 and "Session extended" in extended.text

    out = client.post("/logout")
    assert out.status_code == 200 and "Logged out" in out.text
    assert "ephemera_session" not in client.cookies
    assert "form-user" not in out.text  # gone from the board at once


def test_the_table_default_choice_sends_no_ttl(client):
    page = client.post("/login", data={"user": "defaulted", "ttl": ""})
    assert page.status_code == 200 and 'data-granted="900"' in page.text
    client.post("/logout")


def test_login_form_errors_are_beside_the_fields_and_escaped(client):
    bad = client.post("/login", data={"user": "", "ttl": "99999"})
    assert bad.status_code == 422
    assert 'id="user-error"' in bad.text and 'id="ttl-error"' in bad.text

    page = client.post("/login", data={"user": "<script>alert(1)</script>", "ttl": "60"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)</script>" not in page.text
    client.post("/logout")


def test_an_expired_cookie_says_so_and_is_cleared(client):
    client.cookies.set("ephemera_session", "expired-or-forged", domain="testserver.local")
    page = client.get("/")
    assert "Your session had expired" in page.text
    assert 'ephemera_session=""' in page.headers["set-cookie"] and "Max-Age=0" in page.headers["set-cookie"]
    assert "ephemera_session" not in client.cookies


def test_extend_and_log_out_without_a_session_just_redirect(client):
    client.cookies.clear()
    for path in ("/extend", "/logout"):
        response = client.post(path, follow_redirects=False)
        assert response.status_code == 303, path
    client.cookies.set("ephemera_session", "", domain="testserver.local")
    assert client.get("/").status_code == 200
    client.cookies.clear()


def test_one_time_code_with_the_forms(client):
    shown = client.post("/codes", data={"user": "coder"})
    assert shown.status_code == 200 and 'id="the-code"' in shown.text
    code = re.search(r'id="the-code">([A-Z2-9]{8})<', shown.text).group(1)
    assert re.search(r'data-ttl="1[12]\d" data-granted="120"', shown.text)  # TTL() of the code row

    used = client.post("/codes/use", data={"code": code})
    assert used.status_code == 200 and "Logged in with a one-time code" in used.text
    assert "coder" in used.text
    client.post("/logout")

    again = client.post("/codes/use", data={"code": code})
    assert again.status_code == 409 and 'id="code-error"' in again.text
    assert "already used, or it expired" in again.text
    assert client.get(f"/codes/{code}").status_code == 404


def test_code_form_errors(client):
    assert 'id="code-user-error"' in client.post("/codes", data={"user": " "}).text
    bad = client.post("/codes/use", data={"code": "nope"})
    assert bad.status_code == 422 and "8 letters and digits" in bad.text
    assert client.get("/codes/nope").status_code == 404


def test_schema_page_shows_the_ttl_options(client):
    html = client.get("/schema").text
    assert html.count("default_time_to_live = 900") == 2
    assert "default_time_to_live = 120" in html and "gc_grace_seconds = 3600" in html
    assert "PRIMARY KEY (&#34;bucket&#34;, &#34;token&#34;)" in html
