"""SQLite transactions: writes take the lock when they begin, savepoints nest, no "locked"."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from tests.conftest import NOW, PG_URL, make_user
from tracker.auth.models import LoginFailure
from tracker.database import writes_on_get
from tracker.extensions import db

sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="SQLite's transactions only")


@pytest.fixture
def begins(app: Flask) -> Iterator[list[str]]:
    """Every BEGIN the app's engine sends, in order."""
    seen: list[str] = []

    def spy(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.startswith("BEGIN"):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", spy)
    yield seen
    event.remove(engine, "before_cursor_execute", spy)


def _count_failures() -> int:
    return db.session.scalar(select(func.count(LoginFailure.id)))


def _probe_routes(app: Flask) -> None:
    def read() -> str:
        return str(_count_failures())

    @writes_on_get
    def write_on_get() -> str:
        return str(_count_failures())

    app.add_url_rule("/_probe", "probe", read, methods=["GET", "POST"])
    app.add_url_rule("/_probe_writes", "probe_writes", write_on_get)


@sqlite_only
def test_a_get_reads_in_a_deferred_transaction_and_a_post_takes_the_write_lock(
    app: Flask, begins: list[str]
) -> None:
    _probe_routes(app)
    client = app.test_client()
    assert client.get("/_probe").status_code == 200
    assert begins == ["BEGIN"]
    assert client.post("/_probe").status_code == 200
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]


@sqlite_only
def test_a_view_marked_writes_on_get_takes_the_write_lock(app: Flask, begins: list[str]) -> None:
    _probe_routes(app)
    assert app.test_client().get("/_probe_writes").status_code == 200
    assert begins == ["BEGIN IMMEDIATE"]


@sqlite_only
def test_outside_a_request_a_transaction_takes_the_write_lock(
    app: Flask, begins: list[str]
) -> None:
    with app.app_context():
        _count_failures()
    assert begins == ["BEGIN IMMEDIATE"]


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
    # The sqlite3 module's legacy mode ran a SAVEPOINT outside the transaction it did not
    # know about, so a rollback kept what the savepoint had released.
    user_id = make_user(app)
    with app.app_context():
        with db.session.begin_nested():
            db.session.add(LoginFailure(user_id=user_id, at=NOW))
        db.session.rollback()
    with app.app_context():
        assert _count_failures() == 0


@sqlite_only
def test_writers_that_read_first_wait_their_turn_instead_of_failing(app: Flask) -> None:
    user_id = make_user(app)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer() -> None:
        start.wait()
        for _ in range(15):
            try:
                with app.app_context():
                    _count_failures()  # a read first: a deferred BEGIN could not wait here
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


@sqlite_only
def test_a_get_that_writes_without_its_mark_is_named_in_the_log(
    app: Flask, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Alembic's logging set-up (the migrated test database) disables loggers made before it.
    monkeypatch.setattr(logging.getLogger("tracker.database"), "disabled", False)
    user_id = make_user(app)

    def unmarked() -> str:
        _count_failures()
        db.session.add(LoginFailure(user_id=user_id, at=NOW))
        db.session.commit()
        return "read, then written"

    def write_first() -> str:
        db.session.add(LoginFailure(user_id=user_id, at=NOW))
        db.session.commit()
        return "written first: it waits for the lock like any writer"

    app.add_url_rule("/_unmarked", "unmarked", unmarked)
    app.add_url_rule("/_write_first", "write_first", write_first)
    _probe_routes(app)
    client = app.test_client()
    with caplog.at_level("WARNING", logger="tracker.database"):
        assert client.get("/_unmarked").status_code == 200
        assert client.get("/_write_first").status_code == 200
        assert client.get("/_probe").status_code == 200
        assert client.get("/_probe_writes").status_code == 200
    assert [r.getMessage() for r in caplog.records] == [
        "GET unmarked writes: mark its view with @writes_on_get"
    ]


def test_the_views_that_write_on_get_are_marked(app: Flask) -> None:
    for endpoint in ("shares.show", "imports.preview"):
        assert getattr(app.view_functions[endpoint], "writes_on_get", False), endpoint
