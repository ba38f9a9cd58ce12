"""A 60,000-row Daylio import runs through its jobs while 20 other people log in and check in
through 4 gunicorn workers on the same database: nobody gets an error, every check-in answered
as saved is there exactly once, and the import adds all its rows. SQLite (the suite's file), or
PostgreSQL when TRACKER_TEST_DATABASE_URL is set. Timings are bench/imports.py's, not this."""

from __future__ import annotations

import io
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from bench.imports import daylio_csv
from tests import serving
from tests.conftest import PASSWORD, make_user
from tests.medications.factories import get_user
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.imports import batches
from tracker.imports import jobs as import_jobs
from tracker.jobs import worker
from tracker.jobs.models import Job

pytestmark = pytest.mark.load

ROWS = 60_000
USERS = 20


def _import(app: Flask, uid: int, data: bytes, done: threading.Event, failed: list) -> None:
    """Upload, preview job, apply job, as `tracker worker` runs them."""
    try:
        with app.app_context():
            now = datetime.now(UTC)
            pending = batches.keep_upload(
                get_user(uid), "daylio", "daylio.csv", io.BytesIO(data),
                Path(app.config["IMPORT_FOLDER"]), now=now,
            )  # fmt: skip
            import_jobs.start_preview(get_user(uid), pending, now=now)
            db.session.commit()
            worker.work(burst=True)
            pending = db.session.scalars(select(batches.PendingImport)).one()
            import_jobs.start_apply(get_user(uid), pending, now=datetime.now(UTC))
            db.session.commit()
            worker.work(burst=True)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        failed.append(repr(exc))
    finally:
        done.set()


def _person(port: int, email: str, done: threading.Event, results: list) -> None:
    """Log in, then check in again and again until the import is over (at least twice)."""
    client = serving.Client(port)
    try:
        client.login(email, PASSWORD)
    except (RuntimeError, OSError) as exc:
        results.append((email, None, f"login: {exc}"))
        return
    n = 0
    while not done.is_set() or n < 2:
        try:
            key, answer = client.check_in()
            results.append((email, key, answer.status))
        except OSError as exc:
            results.append((email, None, repr(exc)))
        n += 1
        done.wait(0.2)


def test_an_import_of_60000_rows_stalls_and_loses_nobody_elses_work(
    app: Flask, tmp_path: Path
) -> None:
    importer = make_user(app, "importer@example.org")
    emails = [f"person{n}@example.org" for n in range(USERS)]
    for email in emails:
        make_user(app, email)
    server = serving.start(
        app.config["DATABASE_URL"], tmp_path / "instance", workers=4, log=tmp_path / "gunicorn.log"
    )
    done, failed, results = threading.Event(), [], []
    data = daylio_csv(ROWS, end=datetime(2026, 12, 1, tzinfo=UTC))
    people = [
        threading.Thread(target=_person, args=(server.port, email, done, results))
        for email in emails
    ]
    try:
        for person in people:
            person.start()
        _import(app, importer, data, done, failed)
        for person in people:
            person.join(120)
    finally:
        server.stop()

    assert failed == []
    logged = (tmp_path / "gunicorn.log").read_text()
    assert "Exception on" not in logged and "Traceback" not in logged
    statuses = Counter(status for *_, status in results)
    assert set(statuses) == {302}, statuses
    saved = sorted(key for _, key, _ in results)
    with app.app_context():
        job = db.session.scalars(select(Job).order_by(Job.id.desc()).limit(1)).one()
        assert job.state == "done", job.message
        imported = db.session.scalar(
            select(func.count()).select_from(MoodCheckin).where(MoodCheckin.user_id == importer)
        )
        theirs = db.session.scalars(
            select(MoodCheckin.request_key).where(MoodCheckin.user_id != importer)
        ).all()
    assert imported == ROWS
    assert sorted(theirs) == saved  # each saved check-in once, none missing
    assert len(saved) >= 2 * USERS
