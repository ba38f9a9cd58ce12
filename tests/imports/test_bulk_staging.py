"""On SQLite an import stages its rows in temporary tables before its write transaction, so
the database's write lock is held only for the copy: staging works while another connection
writes, and the copy places the rows after whatever was written meanwhile."""

import io
import json
import sqlite3
from datetime import date, time

import pytest
from sqlalchemy import select

from tests.conftest import PG_URL, make_user
from tests.imports.test_services import FIXTURES, NOW
from tests.medications.factories import get_user, scheduled_med
from tracker.extensions import db
from tracker.imports import bulk, services
from tracker.imports.models import ImportedRecord
from tracker.symptoms.models import Symptom, SymptomEntry

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite's one writer at a time")

OTHER_ENTRIES = 40  # another user's symptom entries written while the import stages


def _another_writer(path: str, user_id: int, symptom_id: int):  # noqa: ANN202
    """A connection holding the write lock, having written rows the import has not seen."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        other.executemany(
            "INSERT INTO symptom_entries (user_id, symptom_id, severity, at, day, tz, created_at,"
            " row_version) VALUES (?, ?, 4, '2026-05-01 10:00:00.000000', '2026-05-01', 'UTC',"
            " '2026-05-01 10:00:00.000000', 1)",
            [(user_id, symptom_id)] * OTHER_ENTRIES,
        )
    except BaseException:
        other.close()
        raise
    return other


def test_staging_takes_no_write_lock_and_the_copy_goes_after_rows_written_meanwhile(
    app, monkeypatch
):
    uid = make_user(app)
    other_uid = make_user(app, "bob@example.org")
    with app.app_context():
        user = get_user(uid)
        scheduled_med(user, name="Sertraline", started_on=date(2026, 1, 1), doses=((time(8), 50),))
        other_symptom = Symptom(user_id=other_uid, name="Bob's own")
        db.session.add(other_symptom)
        db.session.commit()
        other_symptom_id = other_symptom.id
        path = db.engine.url.database
        staged = []
        real_stage = bulk.stage

        def stage_while_another_writes(conn, encoded):  # noqa: ANN001, ANN202
            other = _another_writer(path, other_uid, other_symptom_id)
            raw = conn.connection.dbapi_connection
            raw.execute("PRAGMA busy_timeout = 0")  # waiting for the lock would fail at once
            try:
                staging = real_stage(conn, encoded)
            finally:
                raw.execute("PRAGMA busy_timeout = 10000")
                other.execute("COMMIT")
                other.close()
            staged.append(staging)
            return staging

        monkeypatch.setattr(bulk, "stage", stage_while_another_writes)
        data = (FIXTURES / "bearable.csv").read_bytes()
        batch, result = services.run(user, "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.commit()

        assert staged and staged[0] is not None  # staged while the other connection wrote
        assert result.added["symptom"] == 2
        severities = {
            s.name: e.severity
            for e, s in db.session.execute(
                select(SymptomEntry, Symptom)
                .join(Symptom, SymptomEntry.symptom_id == Symptom.id)
                .where(SymptomEntry.user_id == uid)
            )
        }
        assert severities == {"Brain fog": 5, "Stress": 3}
        assert db.session.scalars(
            select(SymptomEntry.id).where(SymptomEntry.user_id == other_uid)
        ).all() == list(range(1, OTHER_ENTRIES + 1))  # fmt: skip
        # Every kept source key points at a row of the importing user, none at Bob's.
        records = db.session.scalars(
            select(ImportedRecord).where(ImportedRecord.batch_id == batch.id)
        ).all()
        entry_ids = {r.row_id for r in records if r.table == "symptom_entries"}
        assert len(entry_ids) == 2 and min(entry_ids) > OTHER_ENTRIES
        owners = db.session.scalars(
            select(SymptomEntry.user_id).where(SymptomEntry.id.in_(entry_ids))
        ).all()
        assert owners == [uid, uid]
        assert _stages() == []  # the temporary tables went with the write


def _stages() -> list:
    return (
        db.session.connection()
        .exec_driver_sql("SELECT name FROM sqlite_temp_master WHERE name LIKE 'import_stage%'")
        .all()
    )


def test_a_staged_import_that_fails_writes_nothing_and_the_next_one_clears_its_stage(
    app, monkeypatch
):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        scheduled_med(user, name="Sertraline", started_on=date(2026, 1, 1), doses=((time(8), 50),))
        db.session.commit()
        data = (FIXTURES / "bearable.csv").read_bytes()
        real_copy = bulk.Staging.copy

        def broken_copy(self, *args):  # noqa: ANN001, ANN202
            raise RuntimeError("disk full")

        monkeypatch.setattr(bulk.Staging, "copy", broken_copy)
        with pytest.raises(RuntimeError):
            services.run(user, "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.rollback()
        assert db.session.scalars(select(SymptomEntry)).all() == []
        assert db.session.scalars(select(ImportedRecord)).all() == []
        assert db.session.scalars(select(Symptom).where(Symptom.user_id == uid)).all() == []

        monkeypatch.setattr(bulk.Staging, "copy", real_copy)
        user = get_user(uid)
        batch, result = services.run(user, "bearable", io.BytesIO(data), "b.csv", {}, now=NOW)
        db.session.commit()
        assert batch is not None and result.added["symptom"] == 2
        assert _stages() == []


def test_our_own_export_stages_too_and_its_rows_point_at_each_other_after_rows_written_meanwhile(
    app, monkeypatch
):
    from tests.exports.factories import empty_user, full_account
    from tracker.exports import services as exports

    with app.app_context():
        source = full_account()
        data = exports.export(source, "json", now=NOW).data
        before = exports.export(source, "json", now=NOW)
        target = empty_user()
        bob = make_user(app, "bob@example.org")
        other = Symptom(user_id=bob, name="Bob's own")
        db.session.add(other)
        db.session.commit()
        other_id, target_id = other.id, target.id
        path = db.engine.url.database
        real_stage = bulk.stage
        staged = []

        def stage_while_another_writes(conn, encoded):  # noqa: ANN001, ANN202
            writer = _another_writer(path, bob, other_id)
            raw = conn.connection.dbapi_connection
            raw.execute("PRAGMA busy_timeout = 0")
            try:
                staged.append(real_stage(conn, encoded))
            finally:
                raw.execute("PRAGMA busy_timeout = 10000")
                writer.execute("COMMIT")
                writer.close()
            return staged[-1]

        monkeypatch.setattr(bulk, "stage", stage_while_another_writes)
        batch, result = services.run(get_user(target_id), "json", io.BytesIO(data), "a.json", {},
                                     now=NOW)  # fmt: skip
        db.session.commit()

        assert staged and staged[0] is not None and batch is not None
        # The copy is the same account: every entry points at the copy's own symptoms and
        # medications (its export equals the source's but for the account's own fields).
        after = exports.export(get_user(target_id), "json", now=NOW)
        mine = {
            k: v for k, v in json.loads(after.data).items() if k not in ("exported_at", "profile")
        }
        theirs = {
            k: v for k, v in json.loads(before.data).items() if k not in ("exported_at", "profile")
        }
        assert mine == theirs
        assert _stages() == []
