"""SQLite's WAL is copied back into the database file only by a connection that holds the write
lock (tracker/database.py): no automatic checkpoint beside writers (SQLite's WAL-reset race,
3.7.0 to 3.51.2), and a writer returning to the pool empties a WAL grown past the limit."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import text

from tests.conftest import PG_URL, config
from tracker import database
from tracker.app import create_app
from tracker.extensions import db

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite's WAL only")

LIMIT = 64 * 1024
ROW = 3000  # bytes of a row: a transaction writes about one 4 KiB page


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Flask, str]]:
    """An app on a database of its own with one table, and the WAL limit at 64 KiB."""
    monkeypatch.setattr(database, "CHECKPOINT_BYTES", LIMIT)
    path = tmp_path / "wal.db"
    app = create_app(config(f"sqlite:///{path}", str(tmp_path)))
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)"))
    yield app, str(path) + "-wal"
    with app.app_context():
        db.engine.dispose()


def _write(app: Flask, rows: int = 1) -> None:
    with app.app_context(), db.engine.begin() as conn:
        for _ in range(rows):
            conn.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": os.urandom(ROW)})


def _raw(path: str) -> sqlite3.Connection:
    """A second process's connection, as SQLite ships it (automatic checkpoints off here, so
    that only the code under test checkpoints)."""
    conn = sqlite3.connect(
        path.removesuffix("-wal"), isolation_level=None, timeout=10, check_same_thread=False
    )
    conn.execute("PRAGMA wal_autocheckpoint=0")
    return conn


def test_no_app_connection_checkpoints_on_its_own(small: tuple[Flask, str]) -> None:
    app, _ = small
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_writer_back_in_the_pool_empties_a_wal_grown_past_the_limit(
    small: tuple[Flask, str],
) -> None:
    app, wal = small
    sizes = []
    for _ in range(100):  # about 400 KiB written in all, six times the limit
        _write(app)
        sizes.append(os.stat(wal).st_size)
    # Each commit that took the WAL past the limit emptied it on the connection's return.
    assert max(sizes) <= LIMIT + 3 * 4096 + 32
    assert sizes.count(0) >= 5
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 100
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_connection_that_only_read_copies_nothing(small: tuple[Flask, str]) -> None:
    app, wal = small
    other = _raw(wal)
    for _ in range(30):
        other.execute("INSERT INTO notes (body) VALUES (?)", (os.urandom(ROW),))
    grown = os.stat(wal).st_size
    assert grown > LIMIT
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 30
    assert os.stat(wal).st_size == grown
    other.close()


def test_the_checkpoint_waits_for_another_writer_and_never_copies_beside_it(
    small: tuple[Flask, str],
) -> None:
    app, wal = small
    other = _raw(wal)
    for _ in range(30):
        other.execute("INSERT INTO notes (body) VALUES (?)", (os.urandom(ROW),))
    file = os.stat(wal.removesuffix("-wal")).st_size
    with app.app_context():
        fairy = db.engine.raw_connection()
    holding, copied = threading.Event(), []

    def hold_the_write_lock() -> None:
        other.execute("BEGIN IMMEDIATE")  # another process writes
        holding.set()
        time.sleep(0.3)
        copied.append(os.stat(wal.removesuffix("-wal")).st_size)
        other.execute("ROLLBACK")

    writer = threading.Thread(target=hold_the_write_lock)
    writer.start()
    assert holding.wait(timeout=30)
    try:
        database._checkpoint_after_writes(
            fairy.driver_connection, SimpleNamespace(info={database._WROTE: True}), wal
        )
    finally:
        writer.join()
        fairy.close()
        other.close()
    # Nothing reached the file while the other writer held the lock; then all of it did, and
    # the WAL was emptied (a PASSIVE copy beside the writer would have left it full).
    assert copied == [file]
    assert os.stat(wal).st_size == 0
    assert os.stat(wal.removesuffix("-wal")).st_size > file + 30 * ROW
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 30
