"""SQLite: a consistent online copy with the backup API, and a restore that checks first."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import urllib.parse
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from tracker.backups.files import keep_aside, move_into_place, temporary_beside
from tracker.errors import TrackerError

SQLITE_MAGIC = b"SQLite format 3\x00"
# Created by the first revision and never dropped: what a backup older than head must have.
CORE_TABLES = frozenset(
    {"users", "medications", "schedule_versions", "schedule_doses", "dose_events"}
)


class BackupFailed(TrackerError):
    """The backup or restore could not be done; nothing was changed."""


class BackupRejected(TrackerError):
    """The file is not a backup of this app that can be restored; nothing was changed."""


@dataclass(frozen=True)
class Revisions:
    """The migrations this codebase knows, oldest first, and the newest (head)."""

    head: str
    known: tuple[str, ...]


@dataclass(frozen=True)
class Backup:
    path: str
    size: int
    revision: str | None


@dataclass(frozen=True)
class Restored:
    revision: str
    aside: str | None  # where the database that was replaced now is
    needs_upgrade: bool  # the backup is older than head: `flask db upgrade` brings it up


def migration_revisions(directory: str) -> Revisions:
    """Every revision in the migrations directory, read with alembic's ScriptDirectory."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(directory)
    known = tuple(r.revision for r in script.walk_revisions())
    return Revisions(head=script.get_current_head() or "", known=known[::-1])


def _connect(path: str) -> sqlite3.Connection:
    # mode=rw: open an existing file, never create an empty database by mistake.
    uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=rw"
    return sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)


@contextlib.contextmanager
def _open(path: str):  # noqa: ANN202
    conn = _connect(path)
    try:
        yield conn
    finally:
        conn.close()


def _integrity_problem(conn: sqlite3.Connection) -> str | None:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchmany(3)]
    return None if rows == ["ok"] else "; ".join(str(r) for r in rows)


def _revisions_in(conn: sqlite3.Connection) -> list[str] | None:
    try:
        return [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.OperationalError:  # no such table
        return None


def database_revision(path: str) -> str | None:
    """The migration revision of the database file at `path` (None: none recorded)."""
    try:
        with _open(path) as conn:
            found = _revisions_in(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(f"{path} cannot be read as an SQLite database ({exc}).") from exc
    return found[0] if found else None


def _copy_online(source: str, target: str) -> None:
    with _open(source) as src:
        dst = sqlite3.connect(target)
        try:
            # One step (pages=-1) reads the whole database inside one read transaction: one
            # consistent snapshot, while writers in WAL mode carry on.
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
        finally:
            dst.close()


def take_backup(db_path: str, dest: str, *, force: bool = False) -> Backup:
    """Copy the live database at `db_path` to `dest` through a temporary file beside it."""
    if not os.path.isfile(db_path):
        raise BackupFailed(f"There is no database at {db_path}.")
    if os.path.isdir(dest):
        raise BackupFailed(f"{dest} is a directory; give a file name.")
    if os.path.lexists(dest) and not force:
        raise BackupFailed(f"{dest} exists already; choose another name or add --force.")
    os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
    with temporary_beside(dest, "backup") as tmp:
        try:
            _copy_online(db_path, tmp)
            with _open(tmp) as conn:
                problem = _integrity_problem(conn)
                found = _revisions_in(conn)
        except sqlite3.Error as exc:
            raise BackupFailed(f"Could not copy {db_path}: {exc}.") from exc
        if problem:
            raise BackupFailed(f"The copy failed SQLite's integrity check: {problem}.")
        move_into_place(tmp, dest)
    return Backup(dest, os.path.getsize(dest), found[0] if found else None)


def _check_contents(conn: sqlite3.Connection, revisions: Revisions, head_tables: Collection[str]):  # noqa: ANN202
    problem = _integrity_problem(conn)
    if problem:
        raise BackupRejected(f"it fails SQLite's integrity check ({problem})")
    orphan = conn.execute("PRAGMA foreign_key_check").fetchone()
    if orphan:
        raise BackupRejected(f"table {orphan[0]} has rows whose parent row is missing")
    found = _revisions_in(conn)
    if not found:
        raise BackupRejected("it has no alembic_version, so it is not a database of this app")
    if len(found) != 1 or found[0] not in revisions.known:
        raise BackupRejected(
            f"its revision {', '.join(found)} is not one this version of the app knows "
            "(a backup from a newer version? restore it with that version)"
        )
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    required = head_tables if found[0] == revisions.head else CORE_TABLES
    missing = sorted(set(required) - tables)
    if missing:
        raise BackupRejected(f"it lacks the app's tables {', '.join(missing)}")
    return found[0]


def check_backup(path: str, revisions: Revisions, head_tables: Collection[str]) -> str:
    """The revision of the backup at `path`; BackupRejected says why it cannot be restored."""
    with open(path, "rb") as file:
        if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupRejected("it is not an SQLite database")
    try:
        with _open(path) as conn:
            return _check_contents(conn, revisions, head_tables)
    except sqlite3.DatabaseError as exc:
        raise BackupRejected(f"it cannot be read as a database ({exc})") from exc


def _checkpoint(db_path: str) -> None:
    try:
        with _open(db_path) as conn:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.DatabaseError:
        return  # an unreadable database: kept aside as it is, with its -wal
    if busy:
        raise BackupFailed("The database is in use: stop the app, then restore.")


def _set_aside(db_path: str, now: datetime) -> str:
    _checkpoint(db_path)
    aside = keep_aside(db_path, now)
    wal = db_path + "-wal"
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        os.replace(wal, aside + "-wal")  # only when the checkpoint could not read the file
    for stale in (wal, db_path + "-shm"):  # must not be applied to the restored file
        with contextlib.suppress(FileNotFoundError):
            os.remove(stale)
    return aside


def restore_backup(
    db_path: str,
    backup: str,
    revisions: Revisions,
    head_tables: Collection[str],
    *,
    now: datetime,
) -> Restored:
    """Check `backup`, keep the current database aside, and put the backup in its place."""
    db_path, backup = os.path.abspath(db_path), os.path.abspath(backup)
    if not os.path.isfile(backup):
        raise BackupRejected("there is no such file")
    if os.path.exists(db_path) and os.path.samefile(db_path, backup):
        raise BackupRejected("it is the database itself")
    wal = backup + "-wal"
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        raise BackupRejected(
            f"{wal} beside it may hold part of its data; take a copy with `tracker backup`"
        )
    os.makedirs(os.path.dirname(db_path), exist_ok=True)
    with temporary_beside(db_path, "restore") as tmp:
        shutil.copyfile(backup, tmp)  # check the very bytes that will be put in place
        revision = check_backup(tmp, revisions, head_tables)
        aside = _set_aside(db_path, now) if os.path.exists(db_path) else None
        move_into_place(tmp, db_path)
    return Restored(revision, aside, needs_upgrade=revision != revisions.head)
