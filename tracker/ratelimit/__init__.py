"""Limits shared by every server process: counted in the database, or in Redis when
TRACKER_REDIS_URL is set.

Two uses: failed logins per account (the lock-out of tracker.auth.services), and `hit()`,
a fixed-window counter for any key, e.g. per API token or per client address:

    if not ratelimit.hit(f"api-token:{token.id}", 600, 60):
        return too_many_requests()

The database backend commits its count at once (a refused or failed request still counts),
so call `hit()` before the request changes anything.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from flask import Flask, current_app

from tracker.timeutils import utcnow


class Limiter(Protocol):
    def hit(self, key: str, limit: int, window: int, *, now: datetime) -> bool:
        """Count one hit of `key`; False when it is past `limit` in this `window` (seconds)."""
        ...

    def login_failure(self, user_id: int, window: timedelta, *, now: datetime) -> int:
        """Record a failed login and return the account's failures within `window`."""
        ...

    def clear_login_failures(self, user_id: int) -> None:
        """Forget the account's failed logins (after a right password, or when it locks)."""
        ...


def init_app(app: Flask) -> None:
    """Choose the backend: Redis when REDIS_URL is set, else the database."""
    from tracker.ratelimit.backends import DatabaseLimiter, RedisLimiter

    url = app.config.get("REDIS_URL")
    if url:
        import redis

        # The client connects on first use; a Redis that does not answer fails the request
        # within a few seconds instead of holding a worker.
        client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
        app.extensions["ratelimit"] = RedisLimiter(client)
    else:
        app.extensions["ratelimit"] = DatabaseLimiter()


def limiter() -> Limiter:
    """The app's backend."""
    return current_app.extensions["ratelimit"]


def hit(key: str, limit: int, window: int, *, now: datetime | None = None) -> bool:
    """Count one hit of `key`: True while at most `limit` hits fell in this window of
    `window` seconds (windows start at multiples of `window` since the epoch)."""
    if limit < 1 or window < 1:
        raise ValueError("limit and window must be at least 1")
    return limiter().hit(key, limit, window, now=now or utcnow())
