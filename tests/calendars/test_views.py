"""Feed addresses in Settings and the feed itself: no login, no cookie, 404 once revoked."""

import hashlib
import re
from datetime import time, timedelta

import pytest

from tests.appointments.factories import appointment
from tests.calendars.factories import appointments, doses, make_feed, parse
from tests.conftest import config, login, make_user
from tests.medications.factories import get_user, scheduled_med
from tracker.app import create_app
from tracker.calendars.models import CalendarFeed
from tracker.extensions import db
from tracker.timeutils import local_today, utcnow

FEED_URL = re.compile(r"http://localhost/calendar/([A-Za-z0-9_-]+)\.ics")


@pytest.fixture
def ada(app):
    return make_user(app)


def _today():
    return local_today("Europe/Berlin", utcnow())  # the pages run on the real clock


def _with_records(app, uid: int, *, name: str, provider: str) -> None:
    """A daily 08:00 medication and an appointment in three days, for user `uid`."""
    today = _today()
    with app.app_context():
        user = get_user(uid)
        scheduled_med(user, name=name, started_on=today - timedelta(days=30), today=today)
        appointment(
            user,
            now=utcnow(),
            day=today + timedelta(days=3),
            start_time=time(15),
            provider=provider,
        )
        db.session.commit()


def _session_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_making_a_feed_shows_its_address_once_and_keeps_only_its_hash(app, client, ada):
    login(client)
    response = client.post("/settings/calendar")
    assert response.status_code == 201
    token = FEED_URL.search(response.text).group(1)
    assert len(token) >= 43  # 32 random bytes; 22 characters would be 128 bits
    assert f"webcal://localhost/calendar/{token}.ics" in response.text
    settings = client.get("/settings")
    assert "Your feed addresses" in settings.text and "Not fetched yet" in settings.text
    assert token not in settings.text
    with app.app_context():
        feed = db.session.scalar(db.select(CalendarFeed))
        assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest() != token


def test_the_feed_opens_without_login_as_an_uncached_calendar_without_cookies(app, ada):
    _with_records(app, ada, name="sertraline", provider="Dr Okafor")
    _, token = make_feed(app, ada)
    response = app.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert _session_cookies(response) == []
    calendar = parse(response.data)
    assert len(doses(calendar)) == 28 and str(doses(calendar)[0]["SUMMARY"]) == "Sertraline 50 mg"
    assert [str(a["SUMMARY"]) for a in appointments(calendar)] == [
        "Prescriber appointment with Dr Okafor"
    ]


def test_a_logged_in_browser_opening_the_feed_gets_no_cookie_and_stays_logged_in(app, client, ada):
    _, token = make_feed(app, ada)
    login(client)
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert _session_cookies(response) == []
    assert _session_cookies(client.get(f"/calendar/{'x' * 43}.ics")) == []
    assert client.get("/settings").status_code == 200


def test_each_fetch_is_shown_as_last_used(app, client, ada):
    _, token = make_feed(app, ada)
    app.test_client().get(f"/calendar/{token}.ics")
    login(client)
    page = client.get("/settings")
    assert "Last fetched" in page.text and "Not fetched yet" not in page.text


def test_revoked_and_unknown_addresses_get_the_same_plain_404(app, client, ada):
    _with_records(app, ada, name="sertraline", provider="Dr Okafor")
    feed_id, token = make_feed(app, ada)
    _, kept = make_feed(app, ada)
    login(client)
    response = client.post(f"/settings/calendar/{feed_id}/revoke")
    assert response.headers["Location"].endswith("/settings#calendar")
    viewer = app.test_client()
    revoked = viewer.get(f"/calendar/{token}.ics")
    unknown = viewer.get(f"/calendar/{'x' * 43}.ics")
    assert revoked.status_code == unknown.status_code == 404
    assert revoked.text == unknown.text and "Sertraline" not in revoked.text
    assert not revoked.content_type.startswith("text/calendar")
    assert revoked.headers["Cache-Control"] == "no-store"
    assert viewer.get(f"/calendar/{kept}.ics").status_code == 200
    with app.app_context():
        assert db.session.get(CalendarFeed, feed_id).revoked_at is not None
    assert client.get("/settings").text.count("Revoke<span") == 1


def test_another_users_data_never_appears_in_a_feed(app, client, ada):
    bob = make_user(app, "bob@example.org")
    _with_records(app, ada, name="sertraline", provider="Dr Okafor")
    _with_records(app, bob, name="lithium", provider="Dr Mensah")
    ada_feed, _ = make_feed(app, ada)
    _, bob_token = make_feed(app, bob)
    body = app.test_client().get(f"/calendar/{bob_token}.ics").text
    assert "Lithium 50 mg" in body and "Dr Mensah" in body
    assert "ertraline" not in body and "Okafor" not in body
    login(client, "bob@example.org")
    assert client.post(f"/settings/calendar/{ada_feed}/revoke").status_code == 404
    with app.app_context():
        assert db.session.get(CalendarFeed, ada_feed).revoked_at is None


def test_making_and_revoking_need_the_csrf_token(app, ada, database_url, tmp_path):
    feed_id, _ = make_feed(app, ada)
    guarded = create_app(config(database_url, str(tmp_path), WTF_CSRF_ENABLED=True))
    browser = guarded.test_client()
    page = browser.get("/login")
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    browser.post(
        "/login",
        data={"email": "ada@example.org", "password": "correct horse battery", "csrf_token": csrf},
    )
    assert browser.post("/settings/calendar").status_code == 400
    assert browser.post(f"/settings/calendar/{feed_id}/revoke").status_code == 400
    settings = browser.get("/settings").text
    assert settings.count('action="/settings/calendar"') == 1
    token = re.search(r'name="csrf_token" value="([^"]+)"', settings).group(1)
    assert browser.post("/settings/calendar", data={"csrf_token": token}).status_code == 201
    with guarded.app_context():
        feeds = db.session.scalars(db.select(CalendarFeed)).all()
        assert len(feeds) == 2 and all(f.revoked_at is None for f in feeds)
        db.engine.dispose()


def test_the_eleventh_address_is_refused_with_a_message(app, client, ada):
    for _ in range(10):
        make_feed(app, ada)
    login(client)
    response = client.post("/settings/calendar", follow_redirects=True)
    assert "revoke one you no longer use first" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CalendarFeed.id))) == 10


def test_the_feed_holds_the_configured_number_of_weeks(app, ada, database_url, tmp_path):
    _with_records(app, ada, name="sertraline", provider="Dr Okafor")
    _, token = make_feed(app, ada)
    two = create_app(config(database_url, str(tmp_path), CALENDAR_WEEKS=2))
    response = two.test_client().get(f"/calendar/{token}.ics")
    assert len(doses(parse(response.data))) == 14
    with two.app_context():
        db.engine.dispose()
