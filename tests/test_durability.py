"""The server killed (SIGKILL, master and workers at once) in the middle of writes, 20 times
over, restarted in between: every check-in answered as saved is still there, once, and the
SQLite file passes its integrity check. PostgreSQL when TRACKER_TEST_DATABASE_URL is set.

On SQLite the test has a database file of its own, so that whatever happens to it stays with
this test; a failure says what the server logged and how much disk was free."""

from __future__ import annotations

import http.client
import random
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from tests import serving
from tests.conftest import PASSWORD, PG_URL, config, make_user, migrated
from tracker.app import create_app
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db

pytestmark = pytest.mark.load

ROUNDS = 20
PEOPLE = 3


def _write_until_killed(client: serving.Client, saved: list[str], failed: list) -> None:
    while True:
        try:
            key, answer = client.check_in()
        except (OSError, http.client.HTTPException):  # gone before answering: not acknowledged
            return
        if answer.status == 302:
            saved.append(key)
        else:
            failed.append(answer.status)


def _round(server: serving.Server, clients: list[serving.Client], rng: random.Random):  # noqa: ANN202
    saved: list[str] = []
    failed: list = []
    for client in clients:
        client.port = server.port
    writers = [
        threading.Thread(target=_write_until_killed, args=(c, saved, failed)) for c in clients
    ]
    for writer in writers:
        writer.start()
    time.sleep(rng.uniform(0.2, 0.6))
    server.stop(signal.SIGKILL)
    for writer in writers:
        writer.join(timeout=60)
    return saved, failed


@pytest.fixture
def own_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """PostgreSQL: the run's database; SQLite: a file of this test's own, migrated here."""
    if PG_URL:
        yield request.getfixturevalue("app")
        return
    url = migrated("sqlite:///" + str(tmp_path / "durable.db"), str(tmp_path / "migrating"))
    app = create_app(config(url, str(tmp_path / "app")))
    yield app
    with app.app_context():
        db.engine.dispose()


def _what_happened(log: Path) -> str:
    """The server's log lines of errors and the disk space left, for a failure's message."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if "rror" in line]
    free = shutil.disk_usage(log.parent).free // 2**20
    return f"{free} MiB free on the disk; the server logged:\n" + "\n".join(lines[-30:])


def test_acknowledged_writes_survive_the_server_being_killed(
    own_app: Flask, tmp_path: Path
) -> None:
    app = own_app
    emails = [f"crash{n}@example.org" for n in range(PEOPLE)]
    for email in emails:
        make_user(app, email)
    url, instance, log = app.config["DATABASE_URL"], tmp_path / "instance", tmp_path / "g.log"
    rng = random.Random(20)
    saved: list[str] = []
    failed: list = []
    clients: list[serving.Client] = []
    began = time.perf_counter()
    for _ in range(ROUNDS):
        server = serving.start(url, instance, workers=2, log=log)
        if not clients:  # sessions live in the database: one login outlasts every restart
            clients = [serving.Client(server.port) for _ in emails]
            for client, email in zip(clients, emails, strict=True):
                client.login(email, PASSWORD)
        acknowledged, refused = _round(server, clients, rng)
        saved += acknowledged
        failed += refused
    seconds = time.perf_counter() - began

    assert failed == [], _what_happened(log)
    assert len(saved) > ROUNDS * PEOPLE  # writes really were in flight in every round
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(MoodCheckin.request_key, func.count()).group_by(MoodCheckin.request_key)
            ).all()
        )
        if db.engine.dialect.name == "sqlite":
            problems = db.session.execute(text("PRAGMA integrity_check")).scalars().all()
            assert problems == ["ok"], _what_happened(log)
            assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
    assert [key for key in saved if counts.get(key) != 1] == []
    unanswered = len(counts) - len(saved)  # written, but the answer died with the server
    print(  # noqa: T201 - the measurement, shown with -s
        f"\ndurability: {ROUNDS} kills in {seconds:.0f} s, {len(saved)} acknowledged writes all "
        f"kept, {unanswered} more saved whose answer was lost"
    )
