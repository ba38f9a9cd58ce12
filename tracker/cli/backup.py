"""`tracker backup` and `tracker restore`: the click side of tracker/backups."""

from __future__ import annotations

import os

import click
from flask import current_app

from tracker.backups import targets
from tracker.backups.sqlite import (
    BackupFailed,
    BackupRejected,
    migration_revisions,
    restore_backup,
    take_backup,
)
from tracker.cli.commands import bp
from tracker.config import ROOT
from tracker.extensions import db
from tracker.timeutils import utcnow


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _before_upgrade(directory: str | None, keep: int) -> None:
    url = _database_url()
    try:
        db_path = targets.sqlite_file(url)
    except targets.NotSQLite:
        # We cannot dump PostgreSQL ourselves; stopping every `make migrate` would not help.
        click.echo("Warning: no backup taken before migrating. " + _pg_text(url), err=True)
        return
    result = targets.backup_before_upgrade(
        db_path,
        directory or os.path.join(current_app.instance_path, "backups"),
        migration_revisions(os.path.join(ROOT, "migrations")),
        now=utcnow(),
        keep=keep,
    )
    click.echo(result.note)
    for path in result.pruned:
        click.echo(f"Removed the older backup {path}.")


def _pg_text(url: str, output: str = "tracker.dump") -> str:
    return targets.postgres_instructions(url, output)


@bp.cli.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The backup file to write.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option(
    "--before-upgrade",
    is_flag=True,
    help="Back up into instance/backups/ if a migration is pending (make migrate does this).",
)
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="With --before-upgrade.")
@click.option("--keep", default=10, show_default=True, type=click.IntRange(1, 1000))
def backup(
    output: str | None, force: bool, before_upgrade: bool, directory: str | None, keep: int
) -> None:
    """Copy the whole SQLite database to OUTPUT while the app runs (one consistent snapshot)."""
    try:
        if before_upgrade:
            _before_upgrade(directory, keep)
            return
        if not output:
            raise click.UsageError("Give -o FILE (or --before-upgrade).")
        taken = take_backup(targets.sqlite_file(_database_url()), output, force=force)
    except targets.NotSQLite:
        raise click.ClickException(_pg_text(_database_url(), output or "tracker.dump")) from None
    except BackupFailed as exc:
        raise click.ClickException(exc.message) from exc
    revision = taken.revision or "no revision recorded"
    click.echo(f"Backed up to {taken.path} ({taken.size:,} bytes, revision {revision}).")


@bp.cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
def restore(file: str) -> None:
    """Replace the SQLite database with the backup FILE after checking it. Stop the app first.

    The current database is kept beside it as tracker.db.before-restore-<UTC time>."""
    try:
        db_path = targets.sqlite_file(_database_url())
        done = restore_backup(
            db_path,
            file,
            migration_revisions(os.path.join(ROOT, "migrations")),
            set(db.metadata.tables),
            now=utcnow(),
        )
    except targets.NotSQLite:
        raise click.ClickException(_pg_text(_database_url(), file)) from None
    except BackupRejected as exc:
        raise click.ClickException(f"Not restored: {exc.message}. Nothing was changed.") from exc
    except BackupFailed as exc:
        raise click.ClickException(f"{exc.message} Nothing was changed.") from exc
    if done.aside:
        click.echo(f"The previous database is kept as {done.aside}.")
    click.echo(f"Restored {file} (revision {done.revision}) to {db_path}.")
    if done.needs_upgrade:
        click.echo("It is older than this version: run `flask --app wsgi db upgrade` next.")
