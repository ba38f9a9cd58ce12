"""Rate limits on both backends: the database (always) and Redis (skipped when none answers)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import NOW, PASSWORD, config, login, make_user
from tracker import ratelimit
from tracker.app import create_app
from tracker.auth.models import User
from tracker.auth.services import AccountLocked, LoginPolicy, authenticate
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.ratelimit.backends import DatabaseLimiter, RedisLimiter
from tracker.ratelimit.models import RateCounter

REDIS_URL = os.environ.get("TRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
WINDOW_START = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)  # a multiple of 60 s since the epoch


def _redis_client():  # noqa: ANN202
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    return client


@pytest.fixture
def redis_limiter() -> Iterator[RedisLimiter]:
    """A Redis backend under a prefix of its own; its keys are deleted afterwards."""
    client = _redis_client()
    limiter = RedisLimiter(client, prefix=f"tracker-test:{uuid.uuid4().hex}:")
    yield limiter
    for name in client.scan_iter(f"{limiter.prefix}*"):
        client.delete(name)
    client.close()


@pytest.fixture(params=["database", "redis"])
def limiter(request: pytest.FixtureRequest, app: Flask) -> ratelimit.Limiter:
    if request.param == "redis":
        backend = request.getfixturevalue("redis_limiter")
        app.extensions["ratelimit"] = backend
    return app.extensions["ratelimit"]


def _hits(app: Flask, key: str, count: int, limit: int, window: int, at: datetime) -> list[bool]:
    with app.app_context():
        return [ratelimit.hit(key, limit, window, now=at) for _ in range(count)]


def test_hits_up_to_the_limit_pass_and_the_next_ones_do_not(app, limiter) -> None:
    assert _hits(app, "ip:192.0.2.1", 5, 3, 60, WINDOW_START) == [True] * 3 + [False] * 2


def test_the_next_window_starts_again_from_zero(app, limiter) -> None:
    _hits(app, "token:1", 3, 3, 60, WINDOW_START)
    end = WINDOW_START + timedelta(seconds=59)
    assert _hits(app, "token:1", 1, 3, 60, end) == [False]
    assert _hits(app, "token:1", 3, 3, 60, end + timedelta(seconds=1)) == [True, True, True]


def test_keys_and_window_lengths_count_apart(app, limiter) -> None:
    _hits(app, "token:1", 2, 2, 60, WINDOW_START)
    assert _hits(app, "token:2", 1, 2, 60, WINDOW_START) == [True]
    assert _hits(app, "token:1", 1, 2, 3600, WINDOW_START) == [True]
    assert _hits(app, "token:1", 1, 2, 60, WINDOW_START) == [False]


def test_a_count_is_shared_by_every_app_on_the_same_store(app, limiter, tmp_path) -> None:
    # Another server process: its own app object, the same database or Redis.
    other = create_app(config(app.config["DATABASE_URL"], str(tmp_path / "other")))
    other.extensions["ratelimit"] = limiter
    _hits(app, "ip:198.51.100.7", 2, 3, 60, WINDOW_START)
    assert _hits(other, "ip:198.51.100.7", 2, 3, 60, WINDOW_START) == [True, False]
    with other.app_context():
        db.engine.dispose()


def test_hit_refuses_a_limit_or_window_below_one(app) -> None:
    with app.app_context(), pytest.raises(ValueError):
        ratelimit.hit("x", 0, 60)


def test_the_database_backend_commits_its_count_even_if_the_request_rolls_back(app) -> None:
    with app.app_context():
        assert ratelimit.hit("ip:203.0.113.9", 1, 60, now=WINDOW_START)
        db.session.rollback()
    assert _hits(app, "ip:203.0.113.9", 1, 1, 60, WINDOW_START) == [False]


def test_the_database_backend_refuses_to_commit_a_request_s_pending_changes(app) -> None:
    user_id = make_user(app)
    with app.app_context():
        db.session.get(User, user_id).display_name = "Ada"
        with pytest.raises(RuntimeError):
            ratelimit.hit("x", 1, 60, now=WINDOW_START)
        db.session.rollback()
        assert db.session.get(User, user_id).display_name is None


def test_the_database_backend_deletes_windows_that_have_ended(app) -> None:
    _hits(app, "old", 1, 5, 60, WINDOW_START)
    _hits(app, "new", 1, 5, 60, WINDOW_START + timedelta(minutes=5))
    with app.app_context():
        assert db.session.scalars(select(RateCounter.key)).all() == ["new/60s"]


def test_redis_keys_expire_after_their_window(app, redis_limiter) -> None:
    redis_limiter.hit("token:1", 5, 60, now=datetime.now(UTC))
    (name,) = redis_limiter.client.scan_iter(f"{redis_limiter.prefix}*")
    assert 59 <= redis_limiter.client.ttl(name) <= 61


# --- failed logins ----------------------------------------------------------------------------

POLICY = LoginPolicy(max_failures=3, window=timedelta(minutes=15), lock=timedelta(minutes=15))


def _fail(app: Flask, limiter: ratelimit.Limiter, at: datetime) -> str:
    with app.app_context():
        try:
            authenticate(
                "ada@example.org", "wrong password", now=at, policy=POLICY, failures=limiter
            )
        except AccountLocked:
            return "locked"
        except Invalid:
            return "refused"
        finally:
            db.session.commit()  # as the login view does: the count and the lock are kept
        return "logged in"


def test_three_failures_lock_the_account_on_both_backends(app, limiter) -> None:
    make_user(app)
    assert [_fail(app, limiter, NOW) for _ in range(3)] == ["refused", "refused", "locked"]
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.locked_until == NOW + POLICY.lock
        with pytest.raises(AccountLocked):
            authenticate("ada@example.org", PASSWORD, now=NOW, policy=POLICY, failures=limiter)


def test_failures_older_than_the_window_do_not_count_on_both_backends(app, limiter) -> None:
    make_user(app)
    _fail(app, limiter, NOW)
    _fail(app, limiter, NOW)
    later = NOW + POLICY.window + timedelta(seconds=1)
    assert _fail(app, limiter, later) == "refused"
    assert _fail(app, limiter, later) == "refused"
    assert _fail(app, limiter, later) == "locked"


def test_the_right_password_forgets_the_failures_on_both_backends(app, limiter) -> None:
    make_user(app)
    _fail(app, limiter, NOW)
    _fail(app, limiter, NOW)
    with app.app_context():
        authenticate("ada@example.org", PASSWORD, now=NOW, policy=POLICY, failures=limiter)
        db.session.commit()
    assert [_fail(app, limiter, NOW) for _ in range(3)] == ["refused", "refused", "locked"]


def test_with_redis_failed_logins_write_no_rows(app, redis_limiter) -> None:
    make_user(app)
    _fail(app, redis_limiter, NOW)
    with app.app_context():
        assert db.session.scalar(select(User.login_attempts)) == 0
    assert redis_limiter.client.zcard(redis_limiter._failures(_user_id(app))) == 1


def _user_id(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id))


def test_redis_url_in_config_chooses_the_redis_backend(database_url, tmp_path) -> None:
    _redis_client()
    app = create_app(config(database_url, str(tmp_path), REDIS_URL=REDIS_URL))
    assert isinstance(app.extensions["ratelimit"], RedisLimiter)
    plain = create_app(config(database_url, str(tmp_path)))
    assert isinstance(plain.extensions["ratelimit"], DatabaseLimiter)


def test_the_login_form_locks_through_redis_when_it_is_configured(app, redis_limiter) -> None:
    app.extensions["ratelimit"] = redis_limiter
    app.config["LOGIN_MAX_FAILURES"] = 2
    make_user(app)
    client = app.test_client()
    login(client, password="wrong password")
    login(client, password="wrong password")
    with app.app_context():
        assert db.session.scalar(select(User)).locked_until is not None
