"""Accounts end to end: sign-up, passwords, lock-out, server-side sessions, settings,
account deletion, cookies, CSRF and the post-login redirect."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.conftest import LIGHT_HASHER, NOW, PASSWORD, config, login, make_user
from tracker.app import create_app
from tracker.auth.models import User, UserSession
from tracker.auth.services import (
    WRONG_LOGIN,
    AccountLocked,
    LoginPolicy,
    authenticate,
    start_session,
    user_for_session,
)
from tracker.errors import Invalid
from tracker.extensions import db

COOKIE = "tracker_session"
WRONG = "Email or password is not right."
REFUSED = (200, 422)  # a form shown again with its errors


# --- helpers -------------------------------------------------------------------------------


def signup(
    client: FlaskClient,
    email: str = "new@example.org",
    password: str = PASSWORD,
    *,
    confirm: str | None = None,
    timezone: str = "Europe/Berlin",
    **extra: str,
):  # noqa: ANN201
    data = {
        "email": email,
        "password": password,
        "confirm": password if confirm is None else confirm,
        "timezone": timezone,
        **extra,
    }
    return client.post("/signup", data=data)


def user_by_email(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def user_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def failure_count(app: Flask, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(User.login_attempts).where(User.id == user_id))


def login_error(response) -> str:  # noqa: ANN001
    return field_error(response.get_data(as_text=True), "password")


def is_logged_in(client: FlaskClient) -> bool:
    response = client.get("/today")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    return False


def field_error(body: str, field: str) -> str:
    """The error text rendered beside one field (empty when there is none)."""
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', body, re.S)
    return html.unescape(match.group(1)) if match else ""


def text(response) -> str:  # noqa: ANN001
    return html.unescape(response.get_data(as_text=True))


def csrf_token(client: FlaskClient, path: str) -> str:
    body = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and cookie.value
    return cookie.value


def client_with_cookie(app: Flask, value: str) -> FlaskClient:
    fresh = app.test_client()
    fresh.set_cookie(COOKIE, value, domain="localhost")
    return fresh


@pytest.fixture
def make_app(app: Flask, database_url: str, tmp_path) -> Iterator[Callable[..., Flask]]:  # noqa: ANN001
    """Build more apps on the same database (like more server processes); rows are emptied
    by the `app` fixture, the extra engines are closed here."""
    built: list[Flask] = []

    def build(**extra: object) -> Flask:
        instance = tmp_path / f"instance-{len(built)}"
        instance.mkdir()
        other = create_app(config(database_url, str(instance), **extra))
        built.append(other)
        return other

    yield build
    for other in built:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


# --- sign-up ---------------------------------------------------------------------------------


def test_signup_creates_the_account_and_logs_in(app, client):
    response = signup(client, "new@example.org")

    assert response.status_code == 302
    assert response.headers["Location"] == "/medications/new"
    assert client.get("/today").status_code == 200
    user = user_by_email(app, "new@example.org")
    assert user is not None
    assert user.timezone == "Europe/Berlin"


def test_signup_stores_the_email_lower_cased(app, client):
    assert signup(client, "  Grace.Hopper@Example.ORG ").status_code == 302

    assert user_by_email(app, "grace.hopper@example.org") is not None
    assert user_count(app) == 1


def test_signup_with_a_taken_email_is_rejected_without_saying_the_email_has_an_account(app, client):
    make_user(app, "ada@example.org")

    response = signup(client, "ADA@example.org")

    assert response.status_code in REFUSED
    body = response.get_data(as_text=True)
    said = field_error(body, "email")
    assert "log in" in said and "Check your email" in said
    assert "exist" not in body and "already an account" not in body
    assert 'value="ADA@example.org"' in body
    assert user_count(app) == 1
    assert not is_logged_in(client)


def test_signup_rejects_a_password_shorter_than_eight_characters(app, client):
    response = signup(client, "short@example.org", "seven77")

    assert response.status_code in REFUSED
    message = field_error(response.get_data(as_text=True), "password")
    assert "8" in message and "characters" in message
    assert user_count(app) == 0


def test_a_long_unicode_passphrase_with_spaces_is_kept_exactly_as_typed(app, client):
    core = "ça va 🦊 Straße über die Brücke 日本語 correct horse "
    passphrase = " " + (core * 10)[:198] + " "
    assert len(passphrase) == 200

    assert signup(client, "poet@example.org", passphrase).status_code == 302
    client.post("/logout")

    stripped = login(client, "poet@example.org", passphrase.strip())
    assert stripped.status_code in REFUSED
    assert WRONG in text(stripped)
    assert not is_logged_in(client)
    squeezed = login(client, "poet@example.org", " ".join(passphrase.split()))
    assert squeezed.status_code in REFUSED
    assert not is_logged_in(client)

    exact = login(client, "poet@example.org", passphrase)
    assert exact.status_code == 302
    assert exact.headers["Location"] == "/today"
    assert is_logged_in(client)


@pytest.mark.real_password_hashing
def test_the_password_is_stored_as_an_argon2id_hash_with_strong_parameters(app, client):
    signup(client, "hash@example.org", PASSWORD)

    stored = user_by_email(app, "hash@example.org").password_hash
    # RFC 9106's second recommendation (argon2-cffi's defaults): 64 MiB, 3 passes, 4 lanes.
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored


@pytest.mark.real_password_hashing
def test_a_hash_made_with_weaker_parameters_is_strengthened_at_the_next_login(app, client):
    signup(client, "old@example.org", PASSWORD)
    client.post("/logout")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "old@example.org"))
        user.password_hash = LIGHT_HASHER.hash(PASSWORD)
        db.session.commit()

    assert login(client, "old@example.org", PASSWORD).status_code == 302
    stored = user_by_email(app, "old@example.org").password_hash
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_signup_rejects_an_unknown_time_zone(app, client):
    response = signup(client, "tz@example.org", timezone="Mars/Olympus_Mons")

    assert response.status_code in REFUSED
    assert field_error(response.get_data(as_text=True), "timezone")
    assert user_count(app) == 0


def test_with_signup_turned_off_signup_is_not_found_and_creates_nobody(app, make_app):
    closed = make_app(SIGNUP_ENABLED=False)
    client = closed.test_client()

    assert client.get("/signup").status_code == 404
    response = signup(client, "nobody@example.org")
    assert response.status_code == 404
    assert user_count(app) == 0
    assert 'href="/signup"' not in client.get("/login").get_data(as_text=True)


def test_with_signup_turned_off_the_cli_still_creates_accounts(app, make_app):
    closed = make_app(SIGNUP_ENABLED=False)

    result = closed.test_cli_runner().invoke(
        args=["tracker", "create-user", "x@example.org"], input="a long password\n"
    )

    assert result.exit_code == 0, result.output
    assert "Created x@example.org" in result.output
    client = closed.test_client()
    assert login(client, "x@example.org", "a long password").headers["Location"] == "/today"
    assert is_logged_in(client)


# --- settings --------------------------------------------------------------------------------


def test_settings_change_the_time_zone_and_on_time_window(app, client):
    user_id = make_user(app, tz="Europe/Berlin")
    login(client)

    response = client.post(
        "/settings",
        data={
            "display_name": "Ada L.",
            "timezone": "America/New_York",
            "on_time_window_minutes": "30",
            "clock": "24",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/settings"
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.timezone, user.on_time_window_minutes, user.display_name) == (
            "America/New_York",
            30,
            "Ada L.",
        )


@pytest.mark.parametrize("minutes", ["5", "240"])
def test_settings_accept_the_on_time_window_limits(app, client, minutes):
    user_id = make_user(app)
    login(client)

    response = client.post(
        "/settings", data={"timezone": "Europe/Berlin", "on_time_window_minutes": minutes}
    )

    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).on_time_window_minutes == int(minutes)


@pytest.mark.parametrize("minutes", ["0", "4", "241"])
def test_settings_reject_an_on_time_window_outside_5_to_240_and_change_nothing(
    app, client, minutes
):
    user_id = make_user(app, tz="Europe/Berlin")
    login(client)

    response = client.post(
        "/settings", data={"timezone": "Asia/Tokyo", "on_time_window_minutes": minutes}
    )

    assert response.status_code in REFUSED
    message = field_error(response.get_data(as_text=True), "on_time_window_minutes")
    assert "5" in message and "240" in message
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.timezone, user.on_time_window_minutes) == ("Europe/Berlin", 60)


def test_settings_reject_an_unknown_time_zone(app, client):
    user_id = make_user(app, tz="Europe/Berlin")
    login(client)

    response = client.post(
        "/settings", data={"timezone": "Nowhere/Special", "on_time_window_minutes": "30"}
    )

    assert response.status_code in REFUSED
    assert field_error(response.get_data(as_text=True), "timezone")
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.timezone, user.on_time_window_minutes) == ("Europe/Berlin", 60)


# --- login and lock-out ----------------------------------------------------------------------


def test_login_with_the_right_password_logs_in(app, client):
    make_user(app)

    response = login(client, "ADA@Example.org")

    assert response.status_code == 302
    assert response.headers["Location"] == "/today"
    assert is_logged_in(client)


def test_login_with_a_wrong_password_shows_a_message_and_does_not_log_in(app, client):
    make_user(app)

    response = login(client, password="not the password")

    assert response.status_code in REFUSED
    assert WRONG in text(response)
    assert not is_logged_in(client)


def test_login_with_an_unknown_email_says_the_same_as_a_wrong_password(app, client):
    make_user(app)

    response = login(client, "nobody@example.org")

    assert response.status_code in REFUSED
    assert WRONG in text(response)
    assert not is_logged_in(client)


def test_five_failed_logins_lock_the_account_even_for_the_right_password(app, client):
    user_id = make_user(app)
    for _ in range(4):
        assert WRONG in text(login(client, password="wrong password"))
    assert failure_count(app, user_id) == 4
    assert user_by_email(app, "ada@example.org").locked_until is None

    fifth = login(client, password="wrong password")
    assert login_error(fifth) == WRONG_LOGIN
    sixth = login(client, password=PASSWORD)

    assert sixth.status_code in REFUSED
    assert login_error(sixth) == WRONG_LOGIN
    assert not is_logged_in(client)
    locked_until = user_by_email(app, "ada@example.org").locked_until
    assert locked_until is not None
    assert locked_until > datetime.now(UTC) + timedelta(minutes=10)


def test_failed_logins_are_counted_across_server_processes(app, make_app):
    user_id = make_user(app)
    first, second = make_app(), make_app()
    one, two = first.test_client(), second.test_client()

    for _ in range(3):
        login(one, password="wrong password")
    for _ in range(1):
        login(two, password="wrong password")
    assert failure_count(app, user_id) == 4
    assert user_by_email(app, "ada@example.org").locked_until is None
    login(two, password="wrong password")
    assert user_by_email(app, "ada@example.org").locked_until is not None

    refused = login(one, password=PASSWORD)
    assert refused.status_code in REFUSED
    assert login_error(refused) == WRONG_LOGIN
    assert not is_logged_in(one)
    assert login_error(login(two, password=PASSWORD)) == WRONG_LOGIN
    assert user_by_email(app, "ada@example.org").locked_until > datetime.now(UTC)


def test_the_right_password_works_again_after_the_lock_period(app):
    make_user(app)
    policy = LoginPolicy()
    with app.app_context():
        for n in range(5):
            expected = AccountLocked if n == 4 else Invalid
            with pytest.raises(expected):
                authenticate("ada@example.org", "wrong password", now=NOW, policy=policy)
            db.session.commit()

        with pytest.raises(AccountLocked):
            authenticate(
                "ada@example.org", PASSWORD, now=NOW + timedelta(minutes=14), policy=policy
            )
        user = authenticate(
            "ada@example.org", PASSWORD, now=NOW + timedelta(minutes=16), policy=policy
        )
        db.session.commit()
        assert user.email == "ada@example.org"
        assert db.session.get(User, user.id).locked_until is None


def test_failures_older_than_the_window_do_not_count_towards_the_lock(app):
    user_id = make_user(app)
    policy = LoginPolicy()
    with app.app_context():
        for _ in range(4):
            with pytest.raises(Invalid):
                authenticate("ada@example.org", "wrong password", now=NOW, policy=policy)
        later = NOW + timedelta(minutes=20)
        with pytest.raises(Invalid) as raised:
            authenticate("ada@example.org", "wrong password", now=later, policy=policy)
        assert not isinstance(raised.value, AccountLocked)
        db.session.commit()
        assert db.session.get(User, user_id).locked_until is None

        user = authenticate(
            "ada@example.org", PASSWORD, now=later + timedelta(minutes=1), policy=policy
        )
        assert user.id == user_id


def test_a_kept_session_expires_after_its_lifetime_however_often_it_is_used(app):
    make_user(app)
    policy = LoginPolicy(session_lifetime=timedelta(days=30))
    with app.app_context():
        user = db.session.scalar(select(User))
        token = start_session(user, now=NOW, policy=policy, remember=True)
        db.session.commit()

        for day in (1, 10, 29):  # days apart: "keep me signed in" has no idle limit
            assert user_for_session(token, now=NOW + timedelta(days=day), policy=policy)
        assert (
            user_for_session(token, now=NOW + timedelta(days=30, seconds=1), policy=policy) is None
        )


def _session_alive(app: Flask, token: str, at: datetime, policy: LoginPolicy) -> bool:
    with app.app_context():
        return user_for_session(token, now=at, policy=policy) is not None


def _new_session(app: Flask, policy: LoginPolicy, *, remember: bool = False) -> str:
    with app.app_context():
        token = start_session(
            db.session.scalar(select(User)), now=NOW, policy=policy, remember=remember
        )
        db.session.commit()
        return token


def test_a_session_ends_after_30_minutes_without_a_request(app):
    make_user(app)
    policy = LoginPolicy()
    token = _new_session(app, policy)

    assert _session_alive(app, token, NOW + timedelta(minutes=29), policy)
    assert _session_alive(app, token, NOW + timedelta(minutes=58), policy)  # 29 since the last
    assert not _session_alive(app, token, NOW + timedelta(minutes=89), policy)


def test_a_session_in_use_still_ends_12_hours_after_login(app):
    make_user(app)
    policy = LoginPolicy()
    token = _new_session(app, policy)

    for minutes in range(20, 12 * 60, 20):
        assert _session_alive(app, token, NOW + timedelta(minutes=minutes), policy), minutes
    assert not _session_alive(app, token, NOW + timedelta(hours=12, minutes=1), policy)


def test_the_idle_time_is_configurable(app, make_app):
    make_user(app)
    other = make_app(SESSION_IDLE_MINUTES=5)
    client = other.test_client()
    login(client)
    with other.app_context():
        db.session.execute(
            UserSession.__table__.update().values(
                last_seen_at=datetime.now(UTC) - timedelta(minutes=6)
            )
        )
        db.session.commit()
    assert not is_logged_in(client)


def test_keep_me_signed_in_makes_a_lasting_cookie_and_a_30_day_session(app, client):
    make_user(app)
    short = login(client)
    assert "Expires=" not in _session_set_cookie(short)  # ends with the browser
    kept = client.post(
        "/login", data={"email": "ada@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert "Expires=" in _session_set_cookie(kept)
    with app.app_context():
        ends = sorted(db.session.scalars(select(UserSession.expires_at)))
    assert ends[0] < datetime.now(UTC) + timedelta(hours=12, minutes=1)
    assert ends[-1] > datetime.now(UTC) + timedelta(days=29)


# --- sessions end on the server --------------------------------------------------------------


def test_logout_ends_the_session_on_the_server(app, client):
    make_user(app)
    login(client)
    old_cookie = session_cookie(client)
    assert is_logged_in(client_with_cookie(app, old_cookie))  # the copy works before logout

    response = client.post("/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert not is_logged_in(client)
    replayed = client_with_cookie(app, old_cookie).get("/today")
    assert replayed.status_code == 302
    assert replayed.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.scalar(select(func.count(UserSession.id))) == 0


def test_changing_the_password_logs_out_other_sessions_but_not_this_one(app, client):
    make_user(app)
    other = app.test_client()
    login(client)
    login(other)
    other_cookie = session_cookie(other)

    response = client.post(
        "/settings/password",
        data={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/settings"
    assert is_logged_in(client)
    assert not is_logged_in(other)
    assert not is_logged_in(client_with_cookie(app, other_cookie))

    third = app.test_client()
    assert WRONG in text(login(third, password=PASSWORD))
    assert login(third, password="a brand new passphrase").headers["Location"] == "/today"


def test_changing_the_password_needs_the_current_one(app, client):
    make_user(app)
    login(client)

    response = client.post(
        "/settings/password",
        data={"current_password": "not my password", "new_password": "a brand new passphrase"},
    )

    assert response.status_code in REFUSED
    assert field_error(response.get_data(as_text=True), "current_password")
    assert is_logged_in(client)
    other = app.test_client()
    assert login(other).headers["Location"] == "/today"


# --- deleting the account --------------------------------------------------------------------


def _give_data(app: Flask, user_id: int) -> None:
    from tracker.medications.doses import record_scheduled
    from tracker.medications.services import MedicationFields, create_medication
    from tracker.medications.tapers import TaperInput, plan_taper

    today = date(2025, 6, 2)
    with app.app_context():
        user = db.session.get(User, user_id)
        med = create_medication(
            user,
            MedicationFields(name="Sertraline", unit="mg"),
            doses=[(time(8, 0), 50.0)],
            today=today - timedelta(days=7),
            now=NOW - timedelta(days=7),
        )
        record_scheduled(
            user,
            med,
            day=today,
            at=time(8, 0),
            action="taken",
            taken_at=NOW - timedelta(hours=1),
            now=NOW,
        )
        record_scheduled(
            user,
            med,
            day=today - timedelta(days=1),
            at=time(8, 0),
            action="skipped",
            taken_at=None,
            now=NOW,
        )
        plan_taper(
            user,
            med,
            TaperInput(
                starts_on=today + timedelta(days=3),
                start_amount=50,
                step=25,
                interval_days=7,
                end_amount=0,
                ends_in_stop=True,
                at=time(8, 0),
                stop_reason=_a_stop_reason(),
            ),
            today=today,
            now=NOW,
        )
        create_medication(
            user,
            MedicationFields(name="Lorazepam", unit="mg", as_needed=True, default_amount=0.5),
            today=today,
            now=NOW,
        )
        db.session.commit()


def _a_stop_reason() -> str:
    from tracker.medications.models import STOP_REASONS

    return next(iter(STOP_REASONS))


def _rows_per_user(app: Flask) -> dict[str, dict[int, int]]:
    """For every table with a user_id column: how many rows each user has."""
    counts: dict[str, dict[int, int]] = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if "user_id" not in table.c:
                continue
            rows = db.session.execute(
                select(table.c.user_id, func.count()).group_by(table.c.user_id)
            ).all()
            counts[table.name] = {uid: n for uid, n in rows}
    return counts


def test_deleting_the_account_needs_the_password_and_then_removes_every_row(app, client):
    ada = make_user(app, "ada@example.org")
    bob = make_user(app, "bob@example.org")
    _give_data(app, ada)
    _give_data(app, bob)
    login(client)
    bob_client = app.test_client()
    login(bob_client, "bob@example.org")
    login(app.test_client(), password="wrong password")
    login(app.test_client(), "bob@example.org", password="wrong password")
    before = _rows_per_user(app)
    for table in (
        "user_sessions",
        "medications",
        "schedule_versions",
        "taper_plans",
        "dose_events",
    ):
        assert before[table].get(ada), f"test data has no {table} row for the user"
        assert before[table].get(bob), f"test data has no {table} row for the other user"

    refused = client.post("/settings/delete", data={"password": "not my password"})

    assert refused.status_code in REFUSED
    assert field_error(refused.get_data(as_text=True), "password")
    assert _rows_per_user(app) == before
    assert user_by_email(app, "ada@example.org") is not None
    assert is_logged_in(client)

    response = client.post("/settings/delete", data={"password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert user_by_email(app, "ada@example.org") is None
    after = _rows_per_user(app)
    for table, per_user in after.items():
        assert ada not in per_user, f"{table} still holds rows of the deleted user"
        assert per_user.get(bob) == before[table].get(bob), f"{table} lost the other user's rows"
    assert user_by_email(app, "bob@example.org") is not None
    assert not is_logged_in(client)
    assert is_logged_in(bob_client)
    assert WRONG in text(login(app.test_client()))


# --- cookies ---------------------------------------------------------------------------------


def _session_set_cookie(response) -> str:  # noqa: ANN001
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    assert headers, "no session cookie set"
    return headers[-1]


def test_the_session_cookie_is_httponly_and_samesite_lax(app, client):
    make_user(app)

    header = _session_set_cookie(login(client))

    attributes = [a.strip().lower() for a in header.split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes


def test_with_https_the_session_cookie_is_also_secure(app, make_app):
    make_user(app)
    secure = make_app(HTTPS=True)

    header = _session_set_cookie(login(secure.test_client()))

    attributes = [a.strip().lower() for a in header.split(";")]
    assert {"httponly", "samesite=lax", "secure"} <= set(attributes)


# --- CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def csrf_app(make_app) -> Flask:  # noqa: ANN001
    return make_app(WTF_CSRF_ENABLED=True)


def _login_with_token(client: FlaskClient, email: str = "ada@example.org") -> None:
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"] == "/today"


def test_csrf_login_without_a_token_is_refused(app, csrf_app):
    user_id = make_user(app)
    client = csrf_app.test_client()

    assert login(client).status_code == 400
    assert login(client, password="wrong password").status_code == 400

    assert not is_logged_in(client)
    assert failure_count(app, user_id) == 0
    _login_with_token(client)
    assert is_logged_in(client)


def test_csrf_signup_without_a_token_is_refused(app, csrf_app):
    client = csrf_app.test_client()

    assert signup(client, "new@example.org").status_code == 400
    assert user_count(app) == 0

    token = csrf_token(client, "/signup")
    assert signup(client, "new@example.org", csrf_token=token).status_code == 302
    assert user_by_email(app, "new@example.org") is not None


def test_csrf_settings_without_a_token_are_refused(app, csrf_app):
    user_id = make_user(app, tz="Europe/Berlin")
    client = csrf_app.test_client()
    _login_with_token(client)
    data = {"timezone": "Asia/Tokyo", "on_time_window_minutes": "30", "clock": "24"}

    assert client.post("/settings", data=data).status_code == 400
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.timezone, user.on_time_window_minutes) == ("Europe/Berlin", 60)

    token = csrf_token(client, "/settings")
    assert client.post("/settings", data={**data, "csrf_token": token}).status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert (user.timezone, user.on_time_window_minutes) == ("Asia/Tokyo", 30)


def test_csrf_logout_without_a_token_is_refused(app, csrf_app):
    make_user(app)
    client = csrf_app.test_client()
    _login_with_token(client)

    assert client.post("/logout").status_code == 400
    assert is_logged_in(client)

    token = csrf_token(client, "/today")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.headers["Location"] == "/login"
    assert not is_logged_in(client)


# --- where login leads -----------------------------------------------------------------------


def test_login_goes_to_a_relative_next_path(app, client):
    make_user(app)

    response = client.post(
        "/login?next=/medications", data={"email": "ada@example.org", "password": PASSWORD}
    )

    assert response.headers["Location"] == "/medications"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x", "evil.example"])
def test_login_ignores_a_next_that_leaves_the_site(app, client, target):
    make_user(app)

    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "ada@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/today"


@pytest.mark.parametrize(
    "target",
    [
        "/\\evil.example",
        "/\\/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "///evil.example",
    ],
)
def test_login_never_redirects_to_another_site_via_browser_lenient_paths(app, client, target):
    """Browsers read a backslash as a slash and drop tabs and newlines in URLs."""
    make_user(app)

    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "ada@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    as_a_browser_reads_it = re.sub(r"[\t\n\r]", "", response.headers["Location"])
    as_a_browser_reads_it = as_a_browser_reads_it.replace("\\", "/")
    parts = urlsplit(as_a_browser_reads_it)
    assert (parts.scheme, parts.netloc) == ("", ""), response.headers["Location"]
    assert as_a_browser_reads_it.startswith("/")
