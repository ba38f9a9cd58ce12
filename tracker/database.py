"""Model base (naming convention, UTC-only datetimes), owned-or-404, SQLite pragmas and BEGIN."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import abort, current_app, has_request_context, request
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

logger = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """An instant: refuses naive datetimes, stores UTC, always returns aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        # SQLite has no zone type: store naive UTC text so that ordering and comparison work.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


M = TypeVar("M")


def get_owned_or_404(model: type[M], record_id: int, user: Any) -> M:
    """Load one record of `user` by id; any other user's record is simply not found."""
    from tracker.extensions import db

    record = db.session.get(model, record_id)
    if record is None or getattr(record, "user_id", None) != user.id:
        abort(404)
    return record


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
V = TypeVar("V", bound=Callable[..., Any])


def writes_on_get(view: V) -> V:
    """Mark a view that writes on GET, so that SQLite opens its transaction for writing."""
    view.writes_on_get = True  # type: ignore[attr-defined]
    return view


def _is_pysqlite(dbapi_connection: Any) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # Durability and integrity for the embedded database: FK cascades really run, a crash
    # never loses an acknowledged write, and concurrent writers wait instead of failing.
    if _is_pysqlite(dbapi_connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
        # The sqlite3 module's own transaction handling (a deferred BEGIN before the first
        # INSERT, SELECTs and SAVEPOINTs outside any transaction) is turned off: _sqlite_begin
        # starts every transaction itself, so savepoints nest inside it (SQLAlchemy's recipe).
        dbapi_connection.isolation_level = None


def _begin_statement() -> str:
    # A deferred transaction that reads and then writes cannot wait for the write lock: SQLite
    # answers "database is locked" at once when another connection writes or has written
    # since the read. So every transaction that may write takes the lock when it starts, and
    # waits its turn there (busy_timeout). Requests that only read (GET, unless the view is
    # marked writes_on_get) start deferred: in WAL mode they never block or wait for writers.
    if has_request_context() and request.method in SAFE_METHODS:
        view = current_app.view_functions.get(request.endpoint or "")
        if not getattr(view, "writes_on_get", False):
            return "BEGIN"
    return "BEGIN IMMEDIATE"


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn: Connection) -> None:
    if conn.dialect.name == "sqlite" and conn.dialect.driver == "pysqlite":
        conn.info.pop(_DEFERRED, None)
        statement = _begin_statement()
        conn.exec_driver_sql(statement)
        if statement == "BEGIN":
            conn.info[_DEFERRED] = {"endpoint": request.endpoint, "read": False}


_DEFERRED = "tracker_deferred"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_NEUTRAL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK")


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _sqlite_end(conn: Connection) -> None:
    conn.info.pop(_DEFERRED, None)


@event.listens_for(Engine, "before_cursor_execute")
def _warn_read_then_write(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
    # A deferred transaction whose first statement writes waits for the lock like any other;
    # one that read first fails at once under load. Say which view to mark.
    deferred = conn.info.get(_DEFERRED)
    if deferred is None:
        return
    head = statement.lstrip().upper()
    if head.startswith(_WRITES):
        del conn.info[_DEFERRED]
        if deferred["read"]:
            logger.warning("GET %s writes: mark its view with @writes_on_get", deferred["endpoint"])
    elif not head.startswith(_NEUTRAL):
        deferred["read"] = True
