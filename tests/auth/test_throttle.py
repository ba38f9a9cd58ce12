"""The per-address throttle on log-in and sign-up: 10 a minute and 100 an hour from one
address, counted where every server process sees it, answered 429 with Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask

from tests.conftest import config, login, make_user
from tracker import web
from tracker.app import create_app
from tracker.extensions import db
from tracker.ratelimit.models import RateCounter


@pytest.fixture(autouse=True)
def one_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The requests' clock held at 5 s into this minute: a fixed window never ends mid-test."""
    held = datetime.now(UTC).replace(second=5, microsecond=0)
    monkeypatch.setattr(web, "now", lambda: held)


def _app(database_url: str, tmp_path, **extra) -> Flask:  # noqa: ANN001, ANN003
    limits = {"AUTH_PER_IP_PER_MINUTE": 10, "AUTH_PER_IP_PER_HOUR": 100, **extra}
    return create_app(config(database_url, str(tmp_path / "throttled"), **limits))


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_eleventh_login_in_a_minute_from_one_address_is_429_with_retry_after(
    app, database_url, tmp_path
):
    make_user(app)
    throttled = _app(database_url, tmp_path)
    try:
        client = throttled.test_client()
        answers = [login(client, password=f"guess {n}") for n in range(11)]
        other = throttled.test_client()
        from_elsewhere = other.post(
            "/login",
            data={"email": "ada@example.org", "password": "x"},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        )
    finally:
        _dispose(throttled)

    assert [a.status_code for a in answers[:10]] == [422] * 10
    last = answers[10]
    assert last.status_code == 429
    assert 1 <= int(last.headers["Retry-After"]) <= 60
    assert "Too many tries" in last.get_data(as_text=True)
    assert from_elsewhere.status_code == 422


def test_sign_up_shares_the_address_s_count_with_log_in(app, database_url, tmp_path):
    throttled = _app(database_url, tmp_path)
    try:
        client = throttled.test_client()
        for n in range(10):
            login(client, f"nobody{n}@example.org")
        signup = client.post("/signup", data={"email": "new@example.org", "password": "x" * 12})
    finally:
        _dispose(throttled)
    assert signup.status_code == 429
    assert "Retry-After" in signup.headers


def test_the_hourly_limit_holds_across_minutes(app, database_url, tmp_path):
    throttled = _app(database_url, tmp_path, AUTH_PER_IP_PER_MINUTE=1000, AUTH_PER_IP_PER_HOUR=3)
    try:
        client = throttled.test_client()
        answers = [login(client, "nobody@example.org").status_code for _ in range(4)]
        wait = int(login(client, "nobody@example.org").headers["Retry-After"])
    finally:
        _dispose(throttled)
    assert answers == [422, 422, 422, 429]
    assert 1 <= wait <= 3600


def test_a_get_of_the_login_page_is_not_counted(app, database_url, tmp_path):
    throttled = _app(database_url, tmp_path, AUTH_PER_IP_PER_MINUTE=1)
    try:
        client = throttled.test_client()
        for _ in range(5):
            assert client.get("/login").status_code == 200
        assert login(client, "nobody@example.org").status_code == 422
    finally:
        _dispose(throttled)


def test_an_unknown_email_and_a_locked_account_get_the_same_answer(app, client):
    make_user(app)
    for n in range(5):
        login(client, password=f"guess {n}")
    locked = login(client)
    unknown = login(client, "nobody@example.org")

    assert locked.status_code == unknown.status_code == 422
    assert locked.get_data() == unknown.get_data().replace(
        b"nobody@example.org", b"ada@example.org"
    )


def test_the_counters_never_hold_the_address(app, database_url, tmp_path):
    """The per-address counters key a keyed hash of the address, not the address."""
    make_user(app)
    throttled = _app(database_url, tmp_path)
    try:
        client = throttled.test_client()
        login(client, password="wrong password")
        with throttled.app_context():
            keys = [k for k in db.session.scalars(db.select(RateCounter.key)) if "auth-ip" in k]
        assert keys and not [k for k in keys if "127.0.0.1" in k]
    finally:
        _dispose(throttled)
