"""The session cookie is sent when the session changes, not with every response."""

from tests.conftest import login, make_user


def test_a_page_that_changes_nothing_sends_no_cookie_and_the_session_holds(app, client):
    make_user(app)
    assert "tracker_session=" in login(client).headers.get("Set-Cookie", "")
    client.get("/today")  # the first form page adds the session's CSRF token
    again = client.get("/today")
    assert again.status_code == 200 and "Set-Cookie" not in again.headers
    assert client.get("/timeline").status_code == 200


def test_logging_out_still_ends_the_cookie(app, client):
    make_user(app)
    login(client)
    client.get("/today")
    response = client.post("/logout")
    assert "tracker_session=" in response.headers.get("Set-Cookie", "")
    assert client.get("/today").status_code == 302
