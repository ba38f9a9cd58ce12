"""The two backends: rows in the database (no extra service), keys in Redis (no writes to
the database on every hit)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, case, delete, literal, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from tracker.database import UTCDateTime
from tracker.extensions import db
from tracker.ratelimit.models import RateCounter

PREFIX = "tracker:"


def window_start(now: datetime, window: int) -> datetime:
    """The start of the fixed window of `window` seconds that holds `now`."""
    seconds = int(now.timestamp()) // window * window
    return datetime.fromtimestamp(seconds, UTC)


def _commit_reads() -> None:
    session = db.session
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("ratelimit commits its count: call it before any change")
    # End the request's reads first: on SQLite a transaction whose first statement
    # writes waits for the lock, where one that read first would fail under load.
    session.commit()


class DatabaseLimiter:
    """Counters as rows and password attempts on the user's row, in the request's session;
    each count is committed at once (a refused or failed request still counts).

    `accounts` is the users table (given by create_app: tracker.auth builds on this package,
    not the other way round); its rows hold id, locked_until, login_attempts and
    login_attempts_since."""

    def __init__(self, accounts: Table) -> None:
        self.accounts = accounts

    def hit(self, key: str, limit: int, window: int, *, now: datetime) -> bool:
        session = db.session
        _commit_reads()
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

    def login_attempt(self, user_id: int, limit: int, window: timedelta, *, now: datetime) -> int:
        # One UPDATE checks the limit and counts the attempt, so parallel requests are
        # serialised by the row (PostgreSQL) or the write lock (SQLite): none reads a count
        # another is about to raise. A locked account is not counted, and refused.
        users = self.accounts
        since, attempts = users.c.login_attempts_since, users.c.login_attempts
        fresh = or_(since.is_(None), since <= now - window)
        statement = (
            update(users)
            .where(
                users.c.id == user_id,
                or_(users.c.locked_until.is_(None), users.c.locked_until <= now),
                or_(fresh, attempts < limit),
            )
            .values(
                login_attempts=case((fresh, 1), else_=attempts + 1),
                login_attempts_since=case((fresh, literal(now, UTCDateTime())), else_=since),
            )
            .returning(attempts)
        )
        _commit_reads()
        number = db.session.execute(statement).scalar_one_or_none()
        db.session.commit()  # counted before the password is tested, whatever follows
        return limit + 1 if number is None else number

    def clear_login_failures(self, user_id: int) -> None:
        users = self.accounts
        db.session.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(login_attempts=0, login_attempts_since=None)
        )


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

    def login_attempt(self, user_id: int, limit: int, window: timedelta, *, now: datetime) -> int:
        # One member per attempt, scored by its time, added and counted in one MULTI/EXEC:
        # each attempt gets its own count, so at most `limit` of them get one up to `limit`.
        name, at = self._failures(user_id), now.timestamp()
        pipe = self.client.pipeline()
        pipe.zadd(name, {f"{at}:{uuid.uuid4().hex}": at})
        pipe.zremrangebyscore(name, "-inf", at - window.total_seconds())
        pipe.zcard(name)
        pipe.expire(name, int(window.total_seconds()) + 1)
        return int(pipe.execute()[2])

    def clear_login_failures(self, user_id: int) -> None:
        self.client.delete(self._failures(user_id))
