"""The HTML forms: CSRF, errors beside the fields, escaping, and delete."""

from uuid import UUID

import pytest

from blog.models import month_of


def test_new_post_form_publishes_and_redirects(client, submit, author):
    data = {"author": author["handle"], "title": "Form post", "tags": "Flask, forms", "body": "From a form."}
    response = submit("/posts/new", data)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "Form post" in page and "#flask" in page and "#forms" in page


def test_author_handle_from_the_link_is_filled_in(client, author):
    html = client.get("/posts/new", query_string={"author": author["handle"]}).text
    assert f'value="{author["handle"]}"' in html


def test_empty_title_is_shown_beside_the_field(submit, author):
    response = submit("/posts/new", {"author": author["handle"], "title": "  ", "body": "Text"})
    assert response.status_code == 422
    html = response.text
    assert 'id="title-error"' in html and "This field is required." in html
    assert 'aria-describedby="title-error"' in html
    assert 'id="body-error"' not in html


def test_a_100000_character_body_is_refused(submit, author, count_rows):
    before = count_rows("posts")
    response = submit("/posts/new", {"author": author["handle"], "title": "Long", "body": "x" * 100_000})
    assert response.status_code == 422
    assert count_rows("posts") == before
    assert 'id="body-error"' in response.text
    assert "Field cannot be longer than 20000 characters." in response.text


def test_unknown_author_and_bad_tags_are_field_errors(submit):
    response = submit("/posts/new", {"author": "nobody-here", "title": "T", "body": "B"})
    assert response.status_code == 422
    assert 'id="author-error"' in response.text and "no author @nobody-here" in response.text

    response = submit("/posts/new", {"author": "nobody-here", "title": "T", "body": "B", "tags": "two words"})
    assert response.status_code == 422 and 'id="tags-error"' in response.text


def test_script_in_a_body_is_shown_escaped(client, submit, author):
    body = "<script>alert('xss')</script>"
    response = submit("/posts/new", {"author": author["handle"], "title": "<b>bold</b>", "body": body})
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html


def test_errors_keep_what_was_typed_escaped(submit, author):
    response = submit("/posts/new", {"author": author["handle"], "title": "", "body": "<script>x</script>"})
    assert response.status_code == 422
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text and "<script>x</script>" not in response.text


@pytest.mark.parametrize("page", ["/posts/new", "/authors/new"])
def test_a_post_without_a_csrf_token_is_refused(client, author, count_rows, page):
    before = count_rows("posts"), count_rows("authors")
    data = {
        "author": author["handle"],
        "title": "No token",
        "body": "Forged",
        "handle": "forged",
        "name": "F",
    }
    response = client.post(page, data=data)
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.text
    assert (count_rows("posts"), count_rows("authors")) == before  # nothing was written


def test_a_wrong_csrf_token_is_refused(client, author):
    client.get("/posts/new")  # a session of its own
    data = {"csrf_token": "forged", "author": author["handle"], "title": "T", "body": "B"}
    response = client.post("/posts/new", data=data)
    assert response.status_code == 400 and "CSRF" in response.text


def test_comment_form_adds_a_comment_and_shows_errors(client, submit, make_post):
    post = make_post()
    url = f"/posts/{post['post_id']}"
    response = submit(url, {"author": "Kim", "body": "Nice post"}, action=f"{url}/comments")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{url}#comments")
    assert "Nice post" in client.get(url).text

    bad = submit(url, {"author": "", "body": ""}, action=f"{url}/comments")
    assert bad.status_code == 422
    assert 'id="author-error"' in bad.text and 'id="body-error"' in bad.text
    assert "Nice post" in bad.text  # the post and its comments are shown again above the errors

    assert client.post(f"{url}/comments", data={"author": "Kim", "body": "no token"}).status_code == 400


def test_comment_on_a_missing_post_is_404(submit, make_post):
    post = make_post()
    missing = "/posts/00000000-0000-1000-8000-000000000000"
    response = submit(f"/posts/{post['post_id']}", {"author": "a", "body": "b"}, action=f"{missing}/comments")
    assert response.status_code == 404


def test_new_author_form_and_a_taken_handle(client, submit, unique):
    handle = unique("new")
    response = submit("/authors/new", {"handle": handle, "name": "New Person", "bio": "Hi"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/authors/{handle}")
    assert "New Person" in client.get(f"/authors/{handle}").text

    taken = submit("/authors/new", {"handle": handle, "name": "Someone Else"})
    assert taken.status_code == 409
    assert 'id="handle-error"' in taken.text and "is taken" in taken.text

    bad = submit("/authors/new", {"handle": "Bad Handle", "name": ""})
    assert bad.status_code == 422 and 'id="handle-error"' in bad.text and 'id="name-error"' in bad.text


def test_delete_removes_the_post_its_comments_and_its_listing_rows(
    client, submit, make_post, session, settings
):
    post = make_post(tags=["gone", "also-gone"])
    post_id = UUID(post["post_id"])
    for i in range(3):
        client.post(f"/api/posts/{post_id}/comments", json={"author": "c", "body": str(i)})
    url = f"/posts/{post_id}"
    assert client.post(f"{url}/delete").status_code == 400  # no token: refused, nothing deleted
    assert client.get(url).status_code == 200

    response = submit(url, {}, action=f"{url}/delete")
    assert response.status_code == 303
    assert "Post deleted" in client.get(response.headers["Location"]).text
    assert client.get(url).status_code == 404

    ks = settings.keyspace

    def rows(cql: str, *params) -> int:
        return len(list(session.execute(cql, params)))

    assert rows(f"SELECT * FROM {ks}.comments WHERE post_id = %s", post_id) == 0
    assert (
        rows(f"SELECT * FROM {ks}.timeline WHERE month = %s AND post_id = %s", month_of(post_id), post_id)
        == 0
    )
    assert (
        rows(
            f"SELECT * FROM {ks}.posts_by_author WHERE author = %s AND post_id = %s", post["author"], post_id
        )
        == 0
    )
    for tag in ("gone", "also-gone"):
        assert rows(f"SELECT * FROM {ks}.posts_by_tag WHERE tag = %s AND post_id = %s", tag, post_id) == 0
    # The month's row stays: other posts of the month may still be there.
    assert (
        rows(f"SELECT * FROM {ks}.timeline_months WHERE feed = 'all' AND month = %s", month_of(post_id)) == 1
    )
