"""`tracker restore`: checked first, the current file kept aside, a rejection changes nothing."""

import hashlib
import os
from pathlib import Path

import pytest

from tests.backups.conftest import all_rows, execute, rows, run
from tests.conftest import login, make_user
from tracker.backups.sqlite import migration_revisions
from tracker.config import ROOT
from tracker.extensions import db


def _backup(app, path: Path) -> Path:
    result = run(app, "backup", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def stop(app) -> None:
    """The app stopped: no connection of it left open, as restore expects."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _state(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in directory.iterdir()}


def _emails(path: Path) -> list[str]:
    return sorted(r[1] for r in rows(path, "users"))


def test_restore_puts_the_backup_back_and_keeps_the_current_database_aside(
    sqlite_app, db_file, tmp_path
):
    make_user(sqlite_app, "ada@example.org")
    backup = _backup(sqlite_app, tmp_path / "b.db")
    make_user(sqlite_app, "later@example.org")
    before = all_rows(db_file)
    stop(sqlite_app)
    result = run(sqlite_app, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert _emails(db_file) == ["ada@example.org"]
    [aside] = [p for p in db_file.parent.iterdir() if ".before-restore-" in p.name]
    assert aside.name.startswith("tracker.db.before-restore-2")
    assert f"kept as {aside}" in result.output
    assert all_rows(aside) == before
    for stale in ("-wal", "-shm"):
        wal = Path(str(db_file) + stale)
        assert not wal.exists() or wal.stat().st_size == 0
    assert not [p for p in db_file.parent.iterdir() if p.name.endswith(".partial")]
    assert "db upgrade" not in result.output


def test_the_app_works_on_the_restored_database(sqlite_app, tmp_path):
    make_user(sqlite_app)
    backup = _backup(sqlite_app, tmp_path / "b.db")
    stop(sqlite_app)
    assert run(sqlite_app, "restore", str(backup)).exit_code == 0
    client = sqlite_app.test_client()
    assert login(client).status_code == 302
    assert client.get("/today").status_code == 200


def _not_sqlite(path: Path) -> None:
    path.write_text("id,name\n1,not a database\n")


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : page * 4] = b"\xa5" * (page * 2)  # scribble over the second and third pages
    path.write_bytes(bytes(data))


def _unknown_revision(path: Path) -> None:
    execute(path, "UPDATE alembic_version SET version_num = 'ffffffffffff'")


def _no_alembic_version(path: Path) -> None:
    execute(path, "DROP TABLE alembic_version")


def _missing_table(path: Path) -> None:
    execute(path, "DROP TABLE login_failures")


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (_not_sqlite, "not an SQLite database"),
        (_corrupt, ""),
        (_unknown_revision, "revision ffffffffffff is not one this version of the app knows"),
        (_no_alembic_version, "no alembic_version"),
        (_missing_table, "lacks the app's tables login_failures"),
    ],
)
def test_a_file_that_is_not_a_good_backup_is_refused_and_changes_nothing(
    sqlite_app, db_file, tmp_path, spoil, reason
):
    make_user(sqlite_app)
    backup = _backup(sqlite_app, tmp_path / "b.db")
    spoil(backup)
    stop(sqlite_app)
    before = _state(db_file.parent)
    result = run(sqlite_app, "restore", str(backup))
    assert result.exit_code != 0
    assert "Not restored" in result.output and "Nothing was changed" in result.output
    assert reason in result.output
    if spoil is _corrupt:
        assert "integrity" in result.output or "cannot be read" in result.output
    assert _state(db_file.parent) == before


def test_a_missing_file_is_refused(sqlite_app, db_file, tmp_path):
    before = _state(db_file.parent)
    result = run(sqlite_app, "restore", str(tmp_path / "nope.db"))
    assert result.exit_code != 0 and "no such file" in result.output
    assert _state(db_file.parent) == before


def test_a_backup_with_data_in_a_wal_beside_it_is_refused(sqlite_app, db_file, tmp_path):
    backup = _backup(sqlite_app, tmp_path / "b.db")
    Path(str(backup) + "-wal").write_bytes(b"\1" * 32)
    result = run(sqlite_app, "restore", str(backup))
    assert result.exit_code != 0 and "-wal" in result.output


def test_restoring_an_older_revision_says_to_run_db_upgrade(sqlite_app, db_file, tmp_path):
    make_user(sqlite_app)
    backup = _backup(sqlite_app, tmp_path / "b.db")
    older = migration_revisions(os.path.join(ROOT, "migrations")).known[-2]
    execute(backup, f"UPDATE alembic_version SET version_num = '{older}'")
    stop(sqlite_app)
    result = run(sqlite_app, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert f"revision {older}" in result.output and "flask --app wsgi db upgrade" in result.output
    assert rows(db_file, "alembic_version") == [(older,)]


def test_restore_into_a_missing_database_needs_nothing_aside(sqlite_app, db_file, tmp_path):
    make_user(sqlite_app)
    backup = _backup(sqlite_app, tmp_path / "b.db")
    stop(sqlite_app)
    db_file.unlink()
    result = run(sqlite_app, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert "kept as" not in result.output and _emails(db_file) == ["ada@example.org"]
