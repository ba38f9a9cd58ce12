"""The two backends: rows in the database (no extra service), keys in Redis (no writes to
the database on every hit)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from tracker.auth.models import LoginFailure
from tracker.extensions import db
from tracker.ratelimit.models import RateCounter

PREFIX = "tracker:"


def window_start(now: datetime, window: int) -> datetime:
    """The start of the fixed window of `window` seconds that holds `now`."""
    seconds = int(now.timestamp()) // window * window
    return datetime.fromtimestamp(seconds, UTC)


class DatabaseLimiter:
    """Counters and failed logins as rows, in the request's session."""

    def hit(self, key: str, limit: int, window: int, *, now: datetime) -> bool:
        session = db.session
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("ratelimit.hit() commits its count: call it before any change")
        # End the request's reads first: on SQLite a transaction whose first statement
        # writes waits for the lock, where one that read first would fail under load.
        session.commit()
        start = window_start(now, window)
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(RateCounter).values(
            key=f"{key}/{window}s",
            window_start=start,
            hits=1,
            expires_at=start + timedelta(seconds=window),
        )
        statement = statement.on_conflict_do_update(
            index_elements=["key", "window_start"], set_={"hits": RateCounter.hits + 1}
        ).returning(RateCounter.hits)
        hits = session.execute(statement).scalar_one()
        session.execute(delete(RateCounter).where(RateCounter.expires_at <= now))
        session.commit()
        return hits <= limit

    def login_failure(self, user_id: int, window: timedelta, *, now: datetime) -> int:
        db.session.add(LoginFailure(user_id=user_id, at=now))
        db.session.flush()
        return db.session.scalar(
            select(func.count(LoginFailure.id)).where(
                LoginFailure.user_id == user_id, LoginFailure.at > now - window
            )
        )

    def clear_login_failures(self, user_id: int) -> None:
        db.session.execute(delete(LoginFailure).where(LoginFailure.user_id == user_id))


class RedisLimiter:
    """Counters as keys that expire with their window; failed logins as a sorted set."""

    def __init__(self, client: Any, prefix: str = PREFIX) -> None:
        self.client = client
        self.prefix = prefix

    def hit(self, key: str, limit: int, window: int, *, now: datetime) -> bool:
        start = int(window_start(now, window).timestamp())
        name = f"{self.prefix}hits:{key}/{window}s:{start}"
        pipe = self.client.pipeline()  # MULTI/EXEC: the count and its expiry together
        pipe.incr(name)
        pipe.expire(name, window + 1)  # from the latest hit: past the window's end, then gone
        hits, _ = pipe.execute()
        return int(hits) <= limit

    def _failures(self, user_id: int) -> str:
        return f"{self.prefix}login-failures:{user_id}"

    def login_failure(self, user_id: int, window: timedelta, *, now: datetime) -> int:
        # One member per failure, scored by its time: the count over the last `window`
        # slides like the database's rows do.
        name, at = self._failures(user_id), now.timestamp()
        pipe = self.client.pipeline()
        pipe.zadd(name, {f"{at}:{uuid.uuid4().hex}": at})
        pipe.zremrangebyscore(name, "-inf", at - window.total_seconds())
        pipe.zcard(name)
        pipe.expire(name, int(window.total_seconds()) + 1)
        return int(pipe.execute()[2])

    def clear_login_failures(self, user_id: int) -> None:
        self.client.delete(self._failures(user_id))
