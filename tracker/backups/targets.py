"""Which database the configured URL names, the PostgreSQL commands to use, and the backup
taken before migrations."""

from __future__ import annotations

import os
import shlex
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import make_url

from tracker.backups.files import STAMP, free_name, prune
from tracker.backups.sqlite import Backup, BackupFailed, Revisions, database_revision, take_backup

UPGRADE_PREFIX = "tracker-"
UPGRADE_SUFFIX = ".db"


class NotSQLite(BackupFailed):
    """The database is not SQLite: the message gives the commands to use instead."""


def sqlite_file(url: str) -> str:
    """The database file of an SQLite URL; NotSQLite for PostgreSQL (and anything else)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise NotSQLite(postgres_instructions(url))
    if not parsed.database or parsed.database == ":memory:" or "mode=memory" in url:
        raise BackupFailed("The database is in memory; there is no file to back up.")
    return os.path.abspath(parsed.database)


def libpq_url(url: str) -> str:
    """The URL as pg_dump and pg_restore take it: no SQLAlchemy driver name, no password."""
    parsed = make_url(url)
    return parsed._replace(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    )


def pg_dump_command(url: str, output: str = "tracker.dump") -> str:
    return f"pg_dump --format=custom --file={shlex.quote(output)} {shlex.quote(libpq_url(url))}"


def pg_restore_command(url: str, dump: str = "tracker.dump") -> str:
    return f"pg_restore --clean --dbname={shlex.quote(libpq_url(url))} {shlex.quote(dump)}"


def postgres_instructions(url: str, output: str = "tracker.dump") -> str:
    """What to run instead on a database that is not an SQLite file."""
    lines = [
        f"The database is {make_url(url).get_backend_name()}, not an SQLite file: this command "
        "only copies SQLite. Take a consistent dump with:",
        f"  {pg_dump_command(url, output)}",
        "and restore one (with the app stopped) with:",
        f"  {pg_restore_command(url, output)}",
    ]
    if make_url(url).password is not None:
        lines.append("The password is left out: give it at the prompt, in PGPASSWORD or ~/.pgpass.")
    return "\n".join(lines)


@dataclass(frozen=True)
class UpgradeBackup:
    taken: Backup | None
    note: str  # what was done, or why no backup was needed
    pruned: Collection[str] = ()


def backup_before_upgrade(
    db_path: str, directory: str, revisions: Revisions, *, now: datetime, keep: int = 10
) -> UpgradeBackup:
    """Back up the database into `directory` when a migration is about to change it, then keep
    only the newest `keep` of these backups. No database yet (a fresh install) needs none."""
    if not os.path.isfile(db_path) or os.path.getsize(db_path) == 0:
        return UpgradeBackup(None, f"No database yet at {db_path}; nothing to back up.")
    revision = database_revision(db_path)
    if revision == revisions.head:
        return UpgradeBackup(None, f"The database is at the newest revision ({revision}).")
    os.makedirs(directory, exist_ok=True)
    base = os.path.join(directory, f"{UPGRADE_PREFIX}{now.strftime(STAMP)}-{revision or 'none'}")
    taken = take_backup(db_path, free_name(base, UPGRADE_SUFFIX))
    pruned = prune(directory, UPGRADE_PREFIX, UPGRADE_SUFFIX, keep)
    return UpgradeBackup(taken, f"Backed up {db_path} to {taken.path} before migrating.", pruned)
