"""Share pages: making a link, the shared report without login, PINs, expiry, revocation."""

import re
from datetime import date, timedelta

import pytest

from tests.conftest import login, make_user
from tests.shares.factories import make_share
from tracker import web
from tracker.extensions import db
from tracker.shares.models import ShareLink
from tracker.timeutils import local_today, utcnow

UNAVAILABLE = "This link is not available"


@pytest.fixture
def ada(app):
    return make_user(app)


def _live_share(app, uid, **kwargs):
    """A link made now (the pages run on the real clock)."""
    today = date.today()
    return make_share(
        app,
        uid,
        first=today - timedelta(days=30),
        last=today - timedelta(days=1),
        now=utcnow(),
        **kwargs,
    )


def _assert_private(response):
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_making_a_link_shows_its_address_once_and_keeps_only_its_hash(app, client, ada):
    login(client)
    today = date.today()
    response = client.post(
        "/shares",
        data={
            "label": "Dr. Okafor, March visit",
            "start": (today - timedelta(days=20)).isoformat(),
            "end": today.isoformat(),
            "days": "14",
            "request_key": "k1",
        },
    )
    assert response.status_code == 201
    token = re.search(r"http://localhost/s/([A-Za-z0-9_-]+)", response.text).group(1)
    assert len(token) >= 43
    listing = client.get("/shares")
    assert "Dr. Okafor, March visit" in listing.text and token not in listing.text
    with app.app_context():
        link = db.session.scalar(db.select(ShareLink))
        assert link.token_hash != token and (link.expires_at - link.created_at).days == 14


def test_the_form_starts_on_the_reports_default_range(client, ada):
    login(client)
    page = client.get("/shares")
    assert page.status_code == 200
    today = local_today("Europe/Berlin", utcnow())  # ada's today, not the machine's
    assert f'value="{today.isoformat()}"' in page.text


def test_a_rejected_link_comes_back_filled_in_with_the_message_beside_the_field(client, ada):
    login(client)
    response = client.post(
        "/shares",
        data={
            "label": "Dr. Okafor",
            "start": "2025-05-01",
            "end": "2025-06-01",
            "days": "91",
            "pin": "12",
        },
    )
    assert response.status_code == 422
    assert "Choose 1 to 90 days." in response.text
    assert 'value="Dr. Okafor"' in response.text


def test_a_bad_pin_is_refused_beside_its_field(client, ada):
    login(client)
    response = client.post(
        "/shares",
        data={
            "label": "Dr. Okafor",
            "start": "2025-05-01",
            "end": "2025-06-01",
            "days": "14",
            "pin": "12",
        },
    )
    assert response.status_code == 422
    assert "A PIN is 4 to 8 digits" in response.text


def test_the_shared_report_opens_without_login_and_shows_nothing_else(app, client, ada):
    _, token = _live_share(app, ada)
    response = client.get(f"/s/{token}")
    assert response.status_code == 200
    _assert_private(response)
    assert '<meta name="robots" content="noindex' in response.text
    assert "not a diagnosis" in response.text
    for account_link in ("/today", "/trends", "/settings", "/medications", "Log out", "/shares"):
        assert account_link not in response.text
    image = client.get(f"/s/{token}/overview.svg")
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    _assert_private(image)
    png = client.get(f"/s/{token}/overview.png")
    assert png.mimetype == "image/png"
    _assert_private(png)  # no-store: never the owner's charts' "private, no-cache" and ETag
    assert "ETag" not in png.headers
    assert client.get(f"/s/{token}/questionnaires.svg").mimetype == "image/svg+xml"
    assert f"/s/{token}/questionnaires.svg" in response.text or "No scores" in response.text
    assert client.get(f"/s/{token}/mood.svg").status_code == 404


def test_every_opening_is_listed_on_the_owners_page(app, client, ada):
    _, token = _live_share(app, ada)
    viewer = app.test_client()
    viewer.get(f"/s/{token}")
    viewer.get(f"/s/{token}")
    login(client)
    assert "Opened 2 times" in client.get("/shares").text


def test_an_expired_link_is_not_available(app, client, ada, monkeypatch):
    _, token = _live_share(app, ada)
    monkeypatch.setattr(web, "now", lambda: utcnow() + timedelta(days=14, minutes=1))
    response = client.get(f"/s/{token}")
    assert response.status_code == 404 and UNAVAILABLE in response.text
    assert client.get(f"/s/{token}/overview.svg").status_code == 404


def test_unknown_expired_revoked_and_locked_links_get_the_same_page(app, client, ada, monkeypatch):
    _, revoked = _live_share(app, ada)
    share_id, _ = make_share(app, ada)  # made in 2025: long expired
    _, expired = make_share(app, ada)
    _, locked = _live_share(app, ada, pin="2468")
    login(client)
    client.post(f"/shares/{share_id}/revoke")
    revoked_id = _live_share_id(app, revoked)
    assert client.post(f"/shares/{revoked_id}/revoke").headers["Location"].endswith("/shares")
    for _ in range(5):
        client.post(f"/s/{locked}", data={"pin": "0000"})
    viewer = app.test_client()
    bodies = set()
    for token in (revoked, expired, locked, "x" * 43):
        response = viewer.get(f"/s/{token}")
        assert response.status_code == 404, token
        bodies.add(response.text)
    assert len(bodies) == 1 and UNAVAILABLE in bodies.pop()


def _live_share_id(app, token):
    from tracker.secrettokens import digest

    with app.app_context():
        return db.session.scalar(
            db.select(ShareLink.id).where(ShareLink.token_hash == digest(token))
        )


def test_revoking_asks_first_then_the_link_stops(app, client, ada):
    share_id, token = _live_share(app, ada)
    login(client)
    confirm = client.get(f"/shares/{share_id}/revoke")
    assert confirm.status_code == 200 and "Revoke the link" in confirm.text
    assert app.test_client().get(f"/s/{token}").status_code == 200
    response = client.post(f"/shares/{share_id}/revoke")
    assert response.headers["Location"].endswith("/shares")
    assert "Revoked" in client.get("/shares").text
    assert app.test_client().get(f"/s/{token}").status_code == 404


def test_a_pin_link_shows_the_form_and_only_the_right_pin_shows_the_report(app, client, ada):
    _, token = _live_share(app, ada, pin="2468")
    page = client.get(f"/s/{token}")
    assert page.status_code == 200 and 'name="pin"' in page.text
    assert "not a diagnosis" not in page.text
    assert client.get(f"/s/{token}/overview.svg").status_code == 404
    wrong = client.post(f"/s/{token}", data={"pin": "1357"})
    assert wrong.status_code == 422 and "That PIN is not right." in wrong.text
    assert "not a diagnosis" not in wrong.text
    right = client.post(f"/s/{token}", data={"pin": "2468"})
    assert right.headers["Location"].endswith(f"/s/{token}")
    assert "not a diagnosis" in client.get(f"/s/{token}").text
    assert client.get(f"/s/{token}/overview.svg").status_code == 200
    # The marker opens this browser only.
    assert "not a diagnosis" not in app.test_client().get(f"/s/{token}").text


def test_five_wrong_pins_lock_the_link_and_the_report_is_never_shown(app, client, ada):
    _, token = _live_share(app, ada, pin="2468")
    for n in range(5):
        response = client.post(f"/s/{token}", data={"pin": f"000{n}"})
        assert "not a diagnosis" not in response.text
        assert response.status_code == (404 if n == 4 else 422)
    assert client.post(f"/s/{token}", data={"pin": "2468"}).status_code == 404
    assert client.get(f"/s/{token}").status_code == 404
    login(client)
    listing = client.get("/shares").text
    assert "Locked after 5 wrong PINs" in listing and listing.count("wrong PIN<") == 5


def test_the_viewer_never_gets_a_login_session(app, client, ada):
    _, token = _live_share(app, ada, pin="2468")
    client.post(f"/s/{token}", data={"pin": "2468"})
    assert "not a diagnosis" in client.get(f"/s/{token}").text
    for path in ("/today", "/trends", "/shares", "/medications", "/settings", "/timeline"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"], path


def test_another_user_can_neither_see_nor_revoke_a_link(app, client, ada):
    share_id, token = _live_share(app, ada)
    make_user(app, "bo@example.org")
    login(client, "bo@example.org")
    assert "Dr. Okafor" not in client.get("/shares").text
    assert client.get(f"/shares/{share_id}/revoke").status_code == 404
    assert client.post(f"/shares/{share_id}/revoke").status_code == 404
    assert app.test_client().get(f"/s/{token}").status_code == 200


# Pages anybody may open without an account; none of them shows anything of a user.
PUBLIC = {
    "static",
    "reports.stylesheet",  # the report's print styles, a static file
    "auth.index",
    "auth.login",
    "auth.signup",
    "auth.health",
    "shares.show",
    "shares.unlock",
    "shares.chart",
    "api.openapi",  # the API's document: no data in it
    "webpush.service_worker",  # /sw.js, a static script
}


def _args(rule, share_id: int) -> dict:
    values = {"fmt": "svg", "key": "overview", "instrument": "phq9"}
    return {name: values.get(name, share_id) for name in rule.arguments}


def test_a_share_token_opens_no_other_route(app, client, ada):
    share_id, token = _live_share(app, ada, pin="2468", label="Label-of-the-owner")
    client.post(f"/s/{token}", data={"pin": "2468"})
    assert "not a diagnosis" in client.get(f"/s/{token}").text
    walked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in PUBLIC:
            continue
        url = rule.build(_args(rule, share_id))[1]
        for path in (url, f"{url}?token={token}"):
            response = client.get(path)
            walked += 1
            # The API takes only a Bearer token: a share's cookie or token opens nothing there.
            expected = (401,) if rule.endpoint.startswith("api.") else (302, 404)
            assert response.status_code in expected, path
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], path
            assert (
                "ada@example.org" not in response.text and "Label-of-the-owner" not in response.text
            )
    assert walked > 40
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in PUBLIC or rule.arguments:
            continue
        response = client.get(rule.build({})[1])
        assert "ada@example.org" not in response.text and "Label-of-the-owner" not in response.text


def test_the_pin_form_needs_its_csrf_token(app, ada, database_url, tmp_path):
    from tests.conftest import config
    from tracker.app import create_app

    _, token = _live_share(app, ada, pin="2468")
    guarded = create_app(config(database_url, str(tmp_path), WTF_CSRF_ENABLED=True))
    viewer = guarded.test_client()
    page = viewer.get(f"/s/{token}")
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    assert viewer.post(f"/s/{token}", data={"pin": "2468"}).status_code == 400
    right = viewer.post(f"/s/{token}", data={"pin": "2468", "csrf_token": csrf})
    assert right.headers["Location"].endswith(f"/s/{token}")
    with guarded.app_context():
        db.engine.dispose()


def test_the_same_form_sent_twice_makes_one_link(app, client, ada):
    login(client)
    data = {
        "label": "Dr. Okafor",
        "start": "2025-05-01",
        "end": "2025-06-01",
        "days": "14",
        "request_key": "samekey1",
    }
    assert client.post("/shares", data=data).status_code == 201
    again = client.post("/shares", data=data)
    assert again.status_code == 422 and "already made" in again.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ShareLink.id))) == 1


def test_the_report_page_links_to_sharing(client, ada):
    login(client)
    assert 'href="/shares"' in client.get("/report").text


def test_a_phone_gets_the_shared_charts_drawn_at_its_width(client, ada, app):
    """The prescriber reading the link on a phone gets the charts drawn for the screen, as the
    owner's report page does, not the print chart shrunk; only the fixed widths are drawn."""
    _, token = _live_share(app, ada)
    html = client.get(f"/s/{token}").text
    (overview,) = [p for p in re.findall(r"<picture>.*?</picture>", html, re.S) if "overview" in p]
    phone = re.search(r'srcset="([^"]*overview\.svg\?w=360)"', overview)
    assert phone, overview
    assert f"/s/{token}/overview.svg?w=320" in overview
    narrow, wide = client.get(phone[1]), client.get(f"/s/{token}/overview.svg")
    assert narrow.status_code == 200 and narrow.mimetype == "image/svg+xml"
    _assert_private(narrow)
    width = re.compile(r'<svg[^>]*\swidth="([\d.]+)pt"')
    assert float(width.search(narrow.text)[1]) < float(width.search(wide.text)[1])
    assert client.get(f"/s/{token}/overview.svg?w=999").status_code == 400
