"""Model base (naming convention, UTC-only datetimes), the unbound `db`, owned-or-404, and the
SQLite pragmas and BEGIN that init_app puts on the app's own engine.

It imports nothing of the tracker's: extensions.py and every model module build on it."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, abort
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Created unbound here, beside its model base, so that the loaders below need no import of
# tracker.extensions (which lists it with the other extensions and binds it in init_app).
db = SQLAlchemy(model_class=Base)


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


# Ids are INTEGER columns: PostgreSQL's hold 32 bits, SQLite's 64. An id outside that range, or
# a posted id that is not a number, names no record: 404, not a failed statement (OverflowError,
# DataError) with its trace in the log.
SQLITE_MAX_ID = 2**63 - 1
POSTGRES_MAX_ID = 2**31 - 1


def max_record_id(dialect: str) -> int:
    """The largest id an INTEGER primary key holds in this database ("sqlite", "postgresql")."""
    return SQLITE_MAX_ID if dialect == "sqlite" else POSTGRES_MAX_ID


def record_id_or_404(value: object) -> int:
    """A record id from a path or a form: a positive whole number the database can hold."""
    if isinstance(value, str):
        value = int(value) if value.isascii() and value.isdigit() and len(value) < 20 else None
    if type(value) is not int or value < 1:
        abort(404)
    if value > max_record_id(db.engine.dialect.name):
        abort(404)
    return value


def get_owned_or_404(model: type[M], record_id: int | str | None, user: Any) -> M:
    """Load one record of `user` by id (a form's text too); another user's record, an id that
    is not a number or one no record can have is simply not found."""
    record = db.session.get(model, record_id_or_404(record_id))
    if record is None or getattr(record, "user_id", None) != user.id:
        abort(404)
    return record


BUSY_MS = 10_000  # how long a statement waits for SQLite's lock before "database is locked"
POLL_SECONDS = 0.002  # how often a transaction waiting to begin tries again


def init_app(app: Flask) -> None:
    """Put the SQLite pragmas and the late BEGIN IMMEDIATE on the app's own engine (bound by
    extensions.init_app); they go with the engine, and an engine made elsewhere is left alone."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL needs none of them
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "before_cursor_execute", _sqlite_begin_at_first_write)
    event.listen(engine, "commit", _sqlite_end)
    event.listen(engine, "rollback", _sqlite_end)
    wal = _wal_path(engine)
    if wal is not None:

        def checkpoint(raw: sqlite3.Connection, record: Any) -> None:
            _checkpoint_after_writes(raw, record, wal)

        event.listen(engine.pool, "checkin", checkpoint)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # Durability and integrity for the embedded database: FK cascades really run, a crash
    # never loses an acknowledged write, and concurrent writers wait instead of failing.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        # No checkpoint without the write lock: see _checkpoint_after_writes.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        # Deleted rows are overwritten with zeros, not left in free pages (account deletion).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
        # The sqlite3 module's own transaction handling is turned off (SQLAlchemy's recipe):
        # it began with a deferred BEGIN and left SAVEPOINTs outside any transaction, so a
        # rolled-back request could keep what a released savepoint wrote. We begin instead.
        dbapi_connection.isolation_level = None


# A deferred transaction that has read cannot wait for the write lock: SQLite answers
# "database is locked" at once when another connection writes, or has written since that
# read. So a transaction begins with BEGIN IMMEDIATE, which waits its turn (busy_timeout), and
# only just before its first write or savepoint: the lock is not held while a request hashes
# a password, parses an upload or draws a page, and reading never waits for writers (WAL).
# What a request reads before its first write is read as PostgreSQL's READ COMMITTED would.
#
# While it waits, it tries again every 2 ms (up to BUSY_MS) instead of through SQLite's own busy
# handler, which sleeps up to 100 ms between tries: behind a long write (an import's), waiting
# writers began 29–130 ms after the lock was free; polling, within 3 ms (measured).
_PENDING = "tracker_sqlite_begin_pending"
_FIRST_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP", "ALTER")


def _sqlite_begin(conn: Connection) -> None:
    if conn.dialect.name == "sqlite" and conn.dialect.driver == "pysqlite":
        conn.info[_PENDING] = True


def _sqlite_begin_at_first_write(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
    if conn.info.get(_PENDING) and statement.lstrip()[:9].upper().startswith(_FIRST_WRITES):
        del conn.info[_PENDING]
        _begin_immediate(cursor.connection)
        conn.connection.info[_WROTE] = True


def _begin_immediate(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock up to BUSY_MS, trying every POLL_SECONDS."""
    raw.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + BUSY_MS / 1000
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                    raise
            time.sleep(POLL_SECONDS)
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_MS}")


def _sqlite_end(conn: Connection) -> None:
    conn.info.pop(_PENDING, None)


# Checkpoints (copying the WAL back into the database file) run only while holding the write
# lock. SQLite's own automatic checkpoint (PASSIVE, after a commit) runs beside writers, and
# SQLite 3.7.0 to 3.51.2 have a race there, the "WAL-reset bug" (sqlite.org/wal.html): a
# checkpoint that starts while another process's commit restarts the WAL can later skip part of
# a transaction and damage the file. Gunicorn's workers, the job worker and the reminder sender
# are such processes, and Debian 12 ships 3.40.1. So every connection turns the automatic one
# off (wal_autocheckpoint=0), and a connection that wrote, once it is back in the pool, runs a
# TRUNCATE checkpoint when the WAL file has grown past CHECKPOINT_BYTES. TRUNCATE takes the
# write lock before it reads the WAL's header, so no commit can restart the WAL under it; it
# waits for the lock as a writer does (busy_timeout), and then for readers to finish the
# statement they are in (reads are single statements here, milliseconds). Only if the lock
# stayed taken for the whole busy timeout would SQLite fall back to a PASSIVE copy. TRUNCATE
# empties the WAL file, so its size is the measure of what waits to be copied.
CHECKPOINT_BYTES = 4 * 1024 * 1024  # SQLite's own default: 1,000 pages of 4 KiB
_WROTE = "tracker_sqlite_wrote"
log = logging.getLogger(__name__)


def _wal_path(engine: Engine) -> str | None:
    """The WAL file beside the engine's database file (None for a database in memory)."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return os.path.abspath(name) + "-wal"


def _checkpoint_after_writes(raw: sqlite3.Connection | None, record: Any, wal: str) -> None:
    if not record.info.pop(_WROTE, False) or raw is None:  # None: invalidated, closed
        return
    try:
        if os.stat(wal).st_size <= CHECKPOINT_BYTES:
            return
    except FileNotFoundError:
        return
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error as exc:  # the next writer's return tries again
        log.warning("WAL checkpoint not done: %s", exc)
