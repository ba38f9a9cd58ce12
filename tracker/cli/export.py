"""`tracker export` and `tracker import`: the same services as Settings → Your data."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from tracker.auth.models import User
from tracker.auth.services import normalise_email
from tracker.cli.commands import bp
from tracker.errors import Invalid
from tracker.exports import services
from tracker.extensions import db
from tracker.timeutils import utcnow


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    return user


@bp.cli.command("export")
@click.option("--user", "email", required=True, help="The account's email.")
@click.option(
    "--format", "fmt", type=click.Choice(services.FORMATS), default="json", show_default=True
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export(email: str, fmt: str, output: Path) -> None:
    """Write the account's data as JSON, a CSV zip, or a FHIR R4 Bundle."""
    download = services.export(_user(email), fmt, now=utcnow())
    output.write_bytes(download.data)
    click.echo(f"Wrote {output} ({len(download.data):,} bytes, {fmt}).")


@bp.cli.command("import")
@click.option("--user", "email", required=True, help="The account's email (an empty account).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(email: str, file: Path) -> None:
    """Read a JSON export into an empty account: all of it, or nothing."""
    try:
        counts = services.import_json(_user(email), file.read_bytes(), now=utcnow())
        db.session.commit()
    except Invalid as exc:
        db.session.rollback()
        raise click.ClickException(f"Nothing was imported. {exc.message}") from exc
    click.echo(f"Imported {services.describe(counts)}.")
