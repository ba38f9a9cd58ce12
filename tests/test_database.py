"""SQLite transactions: BEGIN IMMEDIATE just before the first write, savepoints nest inside
it, readers take no lock, and writers that read first wait instead of "database is locked"."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine

from tests.conftest import NOW, PG_URL, config, make_user
from tracker import database
from tracker.app import create_app
from tracker.auth.models import LoginFailure
from tracker.extensions import db

sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="SQLite's transactions only")


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """Every statement SQLite runs for the app, ours included, in order."""
    seen: list[str] = []

    def trace(dbapi_connection, connection_record) -> None:  # noqa: ANN001
        dbapi_connection.set_trace_callback(seen.append)

    with app.app_context():
        engine = db.engine
    engine.dispose()  # new connections, each traced from its start
    event.listen(engine, "connect", trace)
    yield seen
    event.remove(engine, "connect", trace)
    engine.dispose()


def _count_failures() -> int:
    return db.session.scalar(select(func.count(LoginFailure.id)))


def _heads(statements: list[str]) -> list[str]:
    return [s.split()[0].upper() for s in statements if not s.startswith("PRAGMA")]


@sqlite_only
def test_a_request_that_only_reads_begins_no_transaction(app: Flask, statements) -> None:
    app.add_url_rule("/_read", "read", lambda: str(_count_failures()), methods=["GET", "POST"])
    client = app.test_client()
    assert client.get("/_read").status_code == 200
    assert client.post("/_read").status_code == 200
    assert _heads(statements) == ["SELECT", "SELECT"]


@sqlite_only
def test_the_write_lock_is_taken_just_before_the_first_write(app: Flask, statements) -> None:
    user_id = make_user(app)
    statements.clear()
    with app.app_context():
        _count_failures()
        db.session.add(LoginFailure(user_id=user_id, at=NOW))
        db.session.commit()
    assert _heads(statements) == ["SELECT", "BEGIN", "INSERT", "COMMIT"]
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]


@sqlite_only
def test_a_savepoint_opens_the_write_transaction_and_nests_in_it(app: Flask, statements) -> None:
    user_id = make_user(app)
    statements.clear()
    with app.app_context():
        with db.session.begin_nested():
            db.session.add(LoginFailure(user_id=user_id, at=NOW))
        db.session.commit()
    assert _heads(statements) == ["BEGIN", "SAVEPOINT", "INSERT", "RELEASE", "COMMIT"]


def test_a_savepoint_rolled_back_keeps_the_rest_of_the_transaction(app: Flask) -> None:
    user_id = make_user(app)
    with app.app_context():
        db.session.add(LoginFailure(user_id=user_id, at=NOW))
        with pytest.raises(RuntimeError), db.session.begin_nested():
            db.session.add(LoginFailure(user_id=user_id, at=NOW))
            db.session.flush()
            raise RuntimeError("undo the inner one")
        db.session.commit()
    with app.app_context():
        assert _count_failures() == 1


def test_a_released_savepoint_is_undone_with_its_transaction(app: Flask) -> None:
    # The sqlite3 module's legacy mode ran a first SAVEPOINT outside any transaction it knew
    # of, so the rollback of the request kept what the savepoint had written.
    user_id = make_user(app)
    with app.app_context():
        with db.session.begin_nested():
            db.session.add(LoginFailure(user_id=user_id, at=NOW))
        db.session.rollback()
    with app.app_context():
        assert _count_failures() == 0


@sqlite_only
def test_writers_that_read_inside_a_savepoint_wait_their_turn(app: Flask) -> None:
    # The shape of save_once and the import preview: a savepoint, a read, then a write. In a
    # deferred transaction the write would fail at once while another writer holds the lock.
    user_id = make_user(app)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer() -> None:
        start.wait()
        for _ in range(15):
            try:
                with app.app_context():
                    with db.session.begin_nested():
                        _count_failures()
                        db.session.add(LoginFailure(user_id=user_id, at=NOW))
                    db.session.commit()
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert _count_failures() == 8 * 15


def _hold_the_lock(path: str, release: threading.Event, held: threading.Event) -> None:
    import sqlite3

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    held.set()
    release.wait(10)
    other.execute("ROLLBACK")
    other.close()


@sqlite_only
def test_a_writer_waits_for_the_lock_and_begins_once_it_is_free(app: Flask) -> None:
    user_id = make_user(app)
    with app.app_context():
        path = db.engine.url.database
        release, held = threading.Event(), threading.Event()
        holder = threading.Thread(target=_hold_the_lock, args=(path, release, held))
        holder.start()
        held.wait(5)
        threading.Timer(0.3, release.set).start()
        db.session.add(LoginFailure(user_id=user_id, at=NOW))
        db.session.commit()  # waited for the other connection, then wrote
        holder.join()
        assert release.is_set() and _count_failures() == 1
        raw = db.session.connection().connection.dbapi_connection
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000  # restored


@sqlite_only
def test_a_writer_gives_up_after_the_busy_timeout(app: Flask, monkeypatch) -> None:
    import sqlalchemy.exc

    user_id = make_user(app)
    monkeypatch.setattr(database, "BUSY_MS", 200)
    with app.app_context():
        path = db.engine.url.database
        release, held = threading.Event(), threading.Event()
        holder = threading.Thread(target=_hold_the_lock, args=(path, release, held))
        holder.start()
        held.wait(5)
        try:
            db.session.add(LoginFailure(user_id=user_id, at=NOW))
            with pytest.raises(sqlalchemy.exc.OperationalError, match="database is locked"):
                db.session.commit()
            db.session.rollback()
        finally:
            release.set()
            holder.join()
        assert _count_failures() == 0


def _setup(connection) -> dict[str, object]:  # noqa: ANN001
    """What the connect listener sets that SQLite's and the sqlite3 module's defaults do not."""
    names = ("foreign_keys", "busy_timeout")
    pragmas = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in names}
    # None: the sqlite3 module begins no transaction of its own (we begin, see database.py)
    return {**pragmas, "isolation_level": connection.connection.dbapi_connection.isolation_level}


@sqlite_only
def test_the_pragmas_are_on_the_apps_engine_and_on_no_other(app: Flask, tmp_path) -> None:
    """init_app puts them on the app's own engine: an engine made elsewhere in the process
    (a script's) gets SQLite's defaults, and each app's engine has them once."""
    other = create_app(config(app.config["DATABASE_URL"], str(tmp_path / "second")))
    with app.app_context():
        engine = db.engine
        with engine.connect() as connection:
            assert _setup(connection) == {
                "foreign_keys": 1,
                "busy_timeout": database.BUSY_MS,
                "isolation_level": None,
            }
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    bare = create_engine(engine.url)
    with bare.connect() as connection:
        assert _setup(connection) == {
            "foreign_keys": 0,
            "busy_timeout": 5000,  # the sqlite3 module's own timeout=5.0
            "isolation_level": "",
        }
    bare.dispose()
    with other.app_context():
        assert db.engine is not engine
        assert list(db.engine.pool.dispatch.connect).count(database._sqlite_pragmas) == 1
    assert list(engine.pool.dispatch.connect).count(database._sqlite_pragmas) == 1
    assert not event.contains(Engine, "connect", database._sqlite_pragmas)
