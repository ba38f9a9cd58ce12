"""Settings → Sessions: every signed-in browser listed with its device in a few words, when it
signed in and was last used; one signed out, or every other; another user's is not found; the
row keeps no address and no user agent; sessions ended by time are neither listed nor kept."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from tests.auth.test_accounts import csrf_token, is_logged_in, make_app  # noqa: F401
from tests.auth.test_devices import UAS
from tests.conftest import NOW, PASSWORD, make_user
from tests.settings.test_access import ALL_LIVE, _give_links, _live
from tracker.auth import sessions
from tracker.auth.models import User, UserSession
from tracker.auth.services import LoginPolicy, start_session, user_for_session
from tracker.extensions import db

FIREFOX_ANDROID = UAS["Firefox on Android"]
SAFARI_IPHONE = UAS["Safari on iPhone"]
CHROME_WINDOWS = UAS["Chrome on Windows"]


def sign_in(client: FlaskClient, user_agent: str, email: str = "ada@example.org", **form):  # noqa: ANN003, ANN201
    return client.post(
        "/login",
        data={"email": email, "password": PASSWORD, **form},
        headers={"User-Agent": user_agent},
    )


def browser(app: Flask, user_agent: str, email: str = "ada@example.org") -> FlaskClient:
    """A test client signed in with this user agent (and sending it on every request)."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    assert sign_in(client, user_agent, email).status_code == 302
    return client


def session_rows(app: Flask, email: str = "ada@example.org") -> list[UserSession]:
    with app.app_context():
        rows = db.session.scalars(
            select(UserSession)
            .join(User, User.id == UserSession.user_id)
            .where(User.email == email)
            .order_by(UserSession.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def sessions_section(client: FlaskClient) -> str:
    page = client.get("/settings").get_data(as_text=True)
    start = page.index('<h2 id="sessions">')
    return html.unescape(page[start : page.index("</section>", start)])


def devices_listed(section: str) -> list[str]:
    return re.findall(r"<p><strong>([^<]+)</strong>", section)


@pytest.fixture
def ada(app: Flask) -> int:
    make_user(app, "bob@example.org")
    return make_user(app)


def test_the_list_shows_each_session_with_its_device_and_marks_this_one(app, ada):
    phone = browser(app, FIREFOX_ANDROID)
    laptop = browser(app, CHROME_WINDOWS)
    with app.app_context():  # the phone was last used two hours ago
        db.session.execute(
            update(UserSession)
            .where(UserSession.device == "Firefox on Android")
            .values(
                last_seen_at=datetime.now(UTC) - timedelta(hours=2),
                created_at=datetime(2026, 3, 4, 8, 30, tzinfo=UTC),
                remember=True,
            )
        )
        db.session.commit()

    section = sessions_section(laptop)

    assert devices_listed(section) == ["Chrome on Windows", "Firefox on Android"]  # newest first
    this, other = section.split('<li class="entry', 2)[1:]
    assert "This device" in this and "active now" in this
    assert "This device" not in other and "2 hours ago" in other
    assert "Signed in Wed 4 Mar 2026, 09:30" in other  # in the user's zone (Berlin)
    assert "IP address" in section
    assert 'href="#api"' in section and 'href="#calendar"' in section
    assert 'href="/shares"' in section
    # The phone's own request is its newest use.
    on_phone = sessions_section(phone)
    assert devices_listed(on_phone) == ["Firefox on Android", "Chrome on Windows"]
    assert "This device" in on_phone.split('<li class="entry', 2)[1]


def test_signing_out_another_session_sends_its_next_request_to_the_login_page(app, ada):
    phone = browser(app, FIREFOX_ANDROID)
    laptop = browser(app, CHROME_WINDOWS)
    phone_row = next(r for r in session_rows(app) if r.device == "Firefox on Android")

    response = laptop.post(f"/settings/sessions/{phone_row.id}/sign-out")

    assert response.status_code == 302
    assert response.headers["Location"] == "/settings#sessions"
    ended = phone.get("/today")
    assert ended.status_code == 302 and ended.headers["Location"].startswith("/login")
    assert is_logged_in(laptop)
    assert [r.device for r in session_rows(app)] == ["Chrome on Windows"]
    assert devices_listed(sessions_section(laptop)) == ["Chrome on Windows"]
    # Signed out already: not found, as another user's.
    assert laptop.post(f"/settings/sessions/{phone_row.id}/sign-out").status_code == 404


def test_signing_out_this_session_from_the_list_logs_this_browser_out(app, ada):
    laptop = browser(app, CHROME_WINDOWS)
    (row,) = session_rows(app)

    response = laptop.post(f"/settings/sessions/{row.id}/sign-out", follow_redirects=True)

    assert response.request.path == "/login"
    assert not is_logged_in(laptop)
    assert session_rows(app) == []


def test_sign_out_all_others_keeps_this_session_and_every_link(app, ada):
    _give_links(app, ada)
    others = [browser(app, FIREFOX_ANDROID), browser(app, SAFARI_IPHONE)]
    laptop = browser(app, CHROME_WINDOWS)
    bob = browser(app, FIREFOX_ANDROID, "bob@example.org")

    response = laptop.post("/settings/sessions/sign-out-others", follow_redirects=True)

    assert response.request.path == "/settings"
    assert "Every other session is signed out" in response.get_data(as_text=True)
    assert is_logged_in(laptop)
    assert not any(is_logged_in(c) for c in others)
    assert [r.device for r in session_rows(app)] == ["Chrome on Windows"]
    assert is_logged_in(bob)  # another account's sessions are not touched
    assert _live(app, ada) == ALL_LIVE  # unlike "sign out everywhere", links stay
    assert "Sign out all other sessions" not in sessions_section(laptop)  # none left


def test_sign_out_everywhere_still_ends_every_session(app, ada):
    phone = browser(app, FIREFOX_ANDROID)
    laptop = browser(app, CHROME_WINDOWS)

    laptop.post("/settings/sign-out-everywhere")

    assert not is_logged_in(phone) and not is_logged_in(laptop)
    assert session_rows(app) == []


def test_another_users_session_is_not_found_and_stays(app, ada):
    bob = browser(app, FIREFOX_ANDROID, "bob@example.org")
    laptop = browser(app, CHROME_WINDOWS)
    (bobs,) = session_rows(app, "bob@example.org")

    assert laptop.post(f"/settings/sessions/{bobs.id}/sign-out").status_code == 404
    assert laptop.post("/settings/sessions/99999999/sign-out").status_code == 404
    assert laptop.get(f"/settings/sessions/{bobs.id}/sign-out").status_code == 405
    assert is_logged_in(bob)
    assert "Firefox on Android" not in sessions_section(laptop)


def test_signing_out_needs_the_csrf_token(app, ada, make_app):  # noqa: F811
    guarded = make_app(WTF_CSRF_ENABLED=True)
    phone = browser(app, FIREFOX_ANDROID)
    laptop = guarded.test_client()
    laptop.post(
        "/login",
        data={
            "email": "ada@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token(laptop, "/login"),
        },
    )
    phone_row = next(r for r in session_rows(app) if r.device == "Firefox on Android")
    url = f"/settings/sessions/{phone_row.id}/sign-out"

    assert laptop.post(url).status_code == 400
    assert laptop.post("/settings/sessions/sign-out-others").status_code == 400
    assert is_logged_in(phone)

    token = csrf_token(laptop, "/settings")
    assert laptop.post(url, data={"csrf_token": token}).status_code == 302
    assert not is_logged_in(phone)


def test_the_row_keeps_neither_an_address_nor_the_user_agent(app, ada):
    browser(app, SAFARI_IPHONE)

    with app.app_context():
        columns = set(UserSession.__table__.columns.keys())
        (row,) = db.session.execute(select(UserSession.__table__)).mappings().all()
    assert columns == {
        "id", "user_id", "token_hash", "created_at", "last_seen_at", "expires_at", "remember",
        "password_at", "device",
    }  # fmt: skip
    assert row["device"] == "Safari on iPhone"
    stored = " ".join(str(v) for v in row.values())
    for part in ("127.0.0.1", "Mozilla", "iPhone OS", "18_1", "AppleWebKit", "604.1"):
        assert part not in stored


def test_last_use_is_written_at_most_once_a_minute(app, ada):
    policy = LoginPolicy()
    with app.app_context():
        token = start_session(db.session.get(User, ada), now=NOW, policy=policy)
        db.session.commit()

    def seen_after(seconds: int) -> datetime:
        with app.app_context():
            assert user_for_session(token, now=NOW + timedelta(seconds=seconds), policy=policy)
            db.session.rollback()
            return db.session.scalar(select(UserSession.last_seen_at))

    assert seen_after(59) == NOW  # no write within the minute
    assert seen_after(60) == NOW + timedelta(seconds=60)
    assert seen_after(100) == NOW + timedelta(seconds=60)
    assert seen_after(125) == NOW + timedelta(seconds=125)


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        (timedelta(0), "active now"),
        (timedelta(minutes=4, seconds=59), "active now"),
        (timedelta(minutes=5), "5 minutes ago"),
        (timedelta(minutes=61), "1 hour ago"),
        (timedelta(hours=2, minutes=59), "2 hours ago"),
        (timedelta(days=3, hours=5), "3 days ago"),
    ],
)
def test_the_last_use_is_approximate(ago, words):
    assert sessions.last_use(NOW - ago, NOW) == words


def test_sessions_ended_by_time_are_not_listed_and_go_at_the_next_login(app, ada):
    idle = browser(app, FIREFOX_ANDROID)
    over = browser(app, SAFARI_IPHONE)
    kept = browser(app, CHROME_WINDOWS)
    now = datetime.now(UTC)
    with app.app_context():
        db.session.execute(  # idle past SESSION_IDLE_MINUTES, without "keep me signed in"
            update(UserSession)
            .where(UserSession.device == "Firefox on Android")
            .values(last_seen_at=now - timedelta(minutes=31))
        )
        db.session.execute(  # past its end
            update(UserSession)
            .where(UserSession.device == "Safari on iPhone")
            .values(expires_at=now - timedelta(minutes=1))
        )
        db.session.commit()

    assert devices_listed(sessions_section(kept)) == ["Chrome on Windows"]
    assert not is_logged_in(idle) and not is_logged_in(over)
    assert len(session_rows(app)) == 3  # still there until the next login

    browser(app, UAS["Firefox on Linux"])

    assert sorted(r.device for r in session_rows(app)) == ["Chrome on Windows", "Firefox on Linux"]


def test_an_unknown_user_agent_is_listed_as_unknown_device(app, ada):
    client = browser(app, "curl/8.5.0")
    assert devices_listed(sessions_section(client)) == ["Unknown device"]


def test_a_new_password_keeps_this_sessions_device(app, ada):
    laptop = browser(app, CHROME_WINDOWS)
    browser(app, FIREFOX_ANDROID)
    laptop.post(
        "/settings/password",
        data={"current_password": PASSWORD, "new_password": "another good passphrase"},
    )
    assert [r.device for r in session_rows(app)] == ["Chrome on Windows"]
    with app.app_context():
        assert db.session.scalar(select(func.count(UserSession.id))) == 1
