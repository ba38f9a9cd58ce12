"""`tracker backup`: a consistent online copy, written atomically, and PostgreSQL's commands."""

import os
import sqlite3
import threading
import time as clock
from datetime import date, time
from pathlib import Path

from tests.backups.conftest import all_rows, execute, rows, run
from tests.conftest import NOW, config, make_user
from tracker.app import create_app
from tracker.auth.models import User
from tracker.backups import sqlite as backups
from tracker.config import ROOT
from tracker.extensions import db
from tracker.medications import services
from tracker.medications.services import MedicationFields

DAY = date(2025, 6, 1)
MAGIC = b"SQLite format 3\x00"


class Writer(threading.Thread):
    """Adds medications (each with its schedule) through the services, one commit each."""

    def __init__(self, app, user_id: int, limit: int = 2000) -> None:
        super().__init__(daemon=True)
        self.app, self.user_id, self.limit = app, user_id, limit
        self.stop = threading.Event()
        self.commits: list[float] = []  # monotonic time of each commit
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.app.app_context():
                for i in range(self.limit):
                    if self.stop.is_set():
                        break
                    user = db.session.get(User, self.user_id)
                    services.create_medication(
                        user,
                        MedicationFields(name=f"writer {i}", started_on=DAY),
                        doses=[(time(8), 1), (time(20), 1)],
                        today=DAY,
                        now=NOW,
                    )
                    db.session.commit()
                    self.commits.append(clock.monotonic())
                db.session.remove()
        except BaseException as exc:  # reported by the test
            self.error = exc

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = clock.monotonic() + timeout
        while len(self.commits) < count and clock.monotonic() < deadline and self.is_alive():
            clock.sleep(0.005)
        assert len(self.commits) >= count, self.error


def _data_version(path: Path) -> int:
    return rows(path, "users")[0][[c for c in _columns(path, "users")].index("data_version")]


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    finally:
        conn.close()


def _checks(path: Path) -> tuple[list, list]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("PRAGMA integrity_check").fetchall(),
            conn.execute("PRAGMA foreign_key_check").fetchall(),
        )
    finally:
        conn.close()


def _without_data_version(path: Path, table_rows: dict) -> dict:
    """The rows, bar the counters every commit moves: the user's data version and the version
    of each table (tracker/dataversion.py)."""
    where = _columns(path, "users").index("data_version")
    users = [r[:where] + r[where + 1 :] for r in table_rows["users"]]
    where = _columns(path, "table_versions").index("version")
    versions = [r[:where] + r[where + 1 :] for r in table_rows["table_versions"]]
    return {**table_rows, "users": users, "table_versions": versions}


def test_a_backup_taken_during_writes_is_one_consistent_snapshot_and_restores_exactly(
    sqlite_app, db_file, tmp_path, monkeypatch
):
    uid = make_user(sqlite_app)
    base_version = _data_version(db_file)
    writer = Writer(sqlite_app, uid)
    writer.start()
    writer.wait_for(5)
    real_copy = backups._copy_online

    def copy_while_writing(source, target):
        writer.wait_for(len(writer.commits) + 1)  # at least one commit inside the command
        real_copy(source, target)

    monkeypatch.setattr(backups, "_copy_online", copy_while_writing)
    started = clock.monotonic()
    result = run(sqlite_app, "backup", "-o", str(tmp_path / "during.db"))
    finished = clock.monotonic()
    writer.wait_for(len(writer.commits) + 5)  # the writer carries on after the snapshot too
    writer.stop.set()
    writer.join(30)
    assert result.exit_code == 0, result.output
    assert writer.error is None
    assert any(started <= t <= finished for t in writer.commits), "no commit during the backup"
    with sqlite_app.app_context():
        db.engine.dispose()

    backup, source = tmp_path / "during.db", all_rows(db_file)
    taken = all_rows(backup)
    meds = len(taken["medications"])
    # Not before the writes began, not after they ended: a point in between ...
    assert 5 <= meds < len(source["medications"]) == len(writer.commits)
    # ... where every commit is whole: each medication with its version and both doses ...
    assert len(taken["schedule_versions"]) == meds and len(taken["schedule_doses"]) == 2 * meds
    assert _checks(backup) == ([("ok",)], [])
    # ... and the user's data version moved once per commit seen (the same step every commit).
    step, remainder = divmod(_data_version(db_file) - base_version, len(writer.commits))
    assert remainder == 0 and _data_version(backup) == base_version + step * meds
    # ... and each table a commit writes moved once per commit seen.
    where = _columns(backup, "table_versions").index("version")
    named = _columns(backup, "table_versions").index("table_name")
    versions = {r[named]: r[where] for r in taken["table_versions"]}
    for table in ("medications", "schedule_versions", "schedule_doses"):
        assert versions[table] == meds, (table, versions)
    # Every row of every table is the source's row (rows are only added, bar data_version).
    assert set(taken) == set(source)
    at_snapshot = _without_data_version(db_file, source)
    for table, table_rows in _without_data_version(backup, taken).items():
        assert table_rows == at_snapshot[table][: len(table_rows)], table

    restored = run(sqlite_app, "restore", str(backup))
    assert restored.exit_code == 0, restored.output
    assert all_rows(db_file) == taken  # table by table, row by row


def test_the_backup_is_a_single_self_contained_sqlite_file(sqlite_app, db_file, tmp_path):
    make_user(sqlite_app)
    out = tmp_path / "copies" / "b.db"
    result = run(sqlite_app, "backup", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Backed up to {out}" in result.output
    assert out.read_bytes()[:16] == MAGIC and out.read_bytes()[18:20] == b"\x01\x01"  # not WAL
    assert sorted(p.name for p in out.parent.iterdir()) == ["b.db"]
    assert out.stat().st_mode & 0o077 == 0  # health data: readable by its owner only
    assert all_rows(out)["users"] == all_rows(db_file)["users"]


def test_an_existing_file_is_not_overwritten_unless_forced(sqlite_app, tmp_path):
    out = tmp_path / "b.db"
    out.write_text("my other file")
    result = run(sqlite_app, "backup", "-o", str(out))
    assert result.exit_code != 0 and "--force" in result.output
    assert out.read_text() == "my other file"
    assert run(sqlite_app, "backup", "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes()[:16] == MAGIC


def test_a_failed_backup_leaves_nothing_under_the_final_name(sqlite_app, tmp_path, monkeypatch):
    def half_written(source, target):
        Path(target).write_bytes(MAGIC + b"\0" * 100)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backups, "_copy_online", half_written)
    result = run(sqlite_app, "backup", "-o", str(tmp_path / "out" / "b.db"))
    assert result.exit_code != 0 and "disk I/O error" in result.output
    assert list((tmp_path / "out").iterdir()) == []


def test_postgresql_is_refused_with_the_pg_dump_command_to_use(tmp_path):
    url = "postgresql://tracker:s3cret@db.example.org:5433/tracker"
    app = create_app(config(url, str(tmp_path)))
    result = run(app, "backup", "-o", str(tmp_path / "t.dump"))
    assert result.exit_code != 0
    expected = f"pg_dump --format=custom --file={tmp_path}/t.dump"
    assert f"{expected} postgresql://tracker@db.example.org:5433/tracker" in result.output
    assert "s3cret" not in result.output and "PGPASSWORD" in result.output
    assert not (tmp_path / "t.dump").exists()
    restore = run(app, "restore", str(tmp_path / "t.dump"))
    assert restore.exit_code != 0 and "pg_restore --clean --dbname=" in restore.output


def test_before_upgrade_on_a_fresh_install_does_nothing_and_creates_no_database(tmp_path):
    app = create_app(config("sqlite:///" + str(tmp_path / "new.db"), str(tmp_path)))
    result = run(app, "backup", "--before-upgrade")
    assert result.exit_code == 0 and "No database yet" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_before_upgrade_at_head_needs_no_backup(sqlite_app, db_file):
    result = run(sqlite_app, "backup", "--before-upgrade")
    assert result.exit_code == 0 and "newest revision" in result.output
    assert not (db_file.parent / "backups").exists()


def test_before_upgrade_backs_up_a_database_behind_head_and_keeps_the_last_ten(sqlite_app, db_file):
    revisions = backups.migration_revisions(os.path.join(ROOT, "migrations"))
    older = revisions.known[-2]
    execute(db_file, f"UPDATE alembic_version SET version_num = '{older}'")
    directory = db_file.parent / "backups"
    directory.mkdir()
    for n in range(12):
        (directory / f"tracker-2020010{n // 10}T0000{n % 10}0-old.db").write_text("old")
    (directory / "notes.txt").write_text("mine")
    result = run(sqlite_app, "backup", "--before-upgrade")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in directory.iterdir())
    taken = [n for n in names if n.endswith(f"-{older}.db")]
    assert len(taken) == 1 and f"Backed up {db_file} to {directory / taken[0]}" in result.output
    assert len(names) == 11 and "notes.txt" in names
    assert "tracker-20200100T000000-old.db" not in names  # the oldest went first
    assert rows(directory / taken[0], "alembic_version") == [(older,)]
