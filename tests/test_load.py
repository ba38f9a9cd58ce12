"""20 people × 50 check-ins at once through 4 gunicorn workers: every write answered as saved
is there exactly once, and nothing answers 5xx. SQLite (the suite's file), or PostgreSQL when
TRACKER_TEST_DATABASE_URL is set. Run alone with `pytest -m load -s` to see the numbers."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests import serving
from tests.conftest import PASSWORD, make_user
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db

pytestmark = pytest.mark.load

USERS = 20
WRITES = 50
RETRY_EVERY = 10  # every 10th check-in is sent again with its key, like a double tap


def _person(port: int, email: str, results: list, start: threading.Barrier) -> None:
    client = serving.Client(port)
    try:
        client.login(email, PASSWORD)
    except (RuntimeError, OSError) as exc:
        results.append((email, None, f"login: {exc}", 0.0))
        return
    finally:
        start.wait()  # together, whatever the login answered
    for n in range(WRITES):
        try:
            key, answer = client.check_in()
            results.append((email, key, answer.status, answer.seconds))
            if n % RETRY_EVERY == 0:
                _, again = client.check_in(key)
                results.append((email, key, again.status, again.seconds))
        except OSError as exc:  # no answer at all: counted, never as a success
            results.append((email, None, repr(exc), 0.0))


def _run(port: int, emails: list[str]) -> tuple[list, float]:
    results: list = []
    start = threading.Barrier(len(emails) + 1, timeout=120)
    people = [
        threading.Thread(target=_person, args=(port, email, results, start)) for email in emails
    ]
    for person in people:
        person.start()
    start.wait()
    began = time.perf_counter()
    for person in people:
        person.join()
    return results, time.perf_counter() - began


def test_twenty_people_writing_at_once_lose_nothing_and_double_nothing(
    app: Flask, tmp_path: Path
) -> None:
    emails = [f"person{n}@example.org" for n in range(USERS)]
    for email in emails:
        make_user(app, email)
    server = serving.start(
        app.config["DATABASE_URL"], tmp_path / "instance", workers=4, log=tmp_path / "gunicorn.log"
    )
    try:
        results, seconds = _run(server.port, emails)
    finally:
        server.stop()

    logged = (tmp_path / "gunicorn.log").read_text()
    assert "Exception on" not in logged and "Traceback" not in logged
    statuses = Counter(status for *_, status, _ in results)
    saved = {(email, key) for email, key, status, _ in results if status == 302}
    assert statuses == {302: USERS * (WRITES + WRITES // RETRY_EVERY)}, statuses
    with app.app_context():
        rows = db.session.execute(
            select(MoodCheckin.request_key, func.count()).group_by(MoodCheckin.request_key)
        ).all()
    assert len(saved) == USERS * WRITES
    assert sorted(key for key, _ in rows) == sorted(key for _, key in saved)
    assert {count for _, count in rows} == {1}

    took = [s for *_, s in results]
    with app.app_context():
        database = db.engine.dialect.name
    print(  # noqa: T201 - the measurement, shown with -s
        f"\nload ({database}): {len(results)} writes in "
        f"{seconds:.1f} s = {len(results) / seconds:.0f}/s; p50 "
        f"{serving.percentile(took, 0.5) * 1000:.0f} ms, p95 "
        f"{serving.percentile(took, 0.95) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms"
    )
