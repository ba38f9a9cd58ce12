"""Limits shared by every server process: counted in the database, or in Redis when
TRACKER_REDIS_URL is set.

Two uses: password attempts per account (the lock-out of tracker.auth.services), and `hit()`,
a fixed-window counter for any key, e.g. per API token or per client address:

    if not ratelimit.hit(f"api-token:{token.id}", 600, 60):
        return too_many_requests()

The database backend commits its count at once (a refused or failed request still counts),
so call `hit()` before the request changes anything.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Protocol

import redis
from flask import Flask, current_app
from sqlalchemy import Table

from tracker.ratelimit.backends import DatabaseLimiter, RedisLimiter, window_start
from tracker.timeutils import utcnow


class Limiter(Protocol):
    def hit(self, key: str, limit: int, window: int, *, now: datetime) -> bool:
        """Count one hit of `key`; False when it is past `limit` in this `window` (seconds)."""
        ...

    def login_attempt(self, user_id: int, limit: int, window: timedelta, *, now: datetime) -> int:
        """Count one password attempt before it is tested; return its number within `window`.

        Checked and counted in one step: of any number of parallel attempts at most `limit`
        get a number up to `limit`; the others get a larger one and must not be tested.
        """
        ...

    def clear_login_failures(self, user_id: int) -> None:
        """Forget the account's attempts (after a right password)."""
        ...


def init_app(app: Flask, *, accounts: Table) -> None:
    """Choose the backend: Redis when REDIS_URL is set, else the database (which counts
    password attempts on the rows of `accounts`, the users table)."""
    url = app.config.get("REDIS_URL")
    if url:
        # The client connects on first use; a Redis that does not answer fails the request
        # within a few seconds instead of holding a worker.
        client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
        app.extensions["ratelimit"] = RedisLimiter(client)
    else:
        app.extensions["ratelimit"] = DatabaseLimiter(accounts)


def limiter() -> Limiter:
    """The app's backend."""
    return current_app.extensions["ratelimit"]


def retry_after(window: int, *, now: datetime | None = None) -> int:
    """Seconds until the fixed window of `window` seconds that holds `now` ends (at least 1)."""
    now = now or utcnow()
    end = window_start(now, window).timestamp() + window
    return max(1, math.ceil(end - now.timestamp()))


def hit(key: str, limit: int, window: int, *, now: datetime | None = None) -> bool:
    """Count one hit of `key`: True while at most `limit` hits fell in this window of
    `window` seconds (windows start at multiples of `window` since the epoch)."""
    if limit < 1 or window < 1:
        raise ValueError("limit and window must be at least 1")
    return limiter().hit(key, limit, window, now=now or utcnow())
