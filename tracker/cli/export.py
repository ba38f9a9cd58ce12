"""`tracker export`: the same service as Settings → Your data."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from tracker.auth.models import User
from tracker.auth.services import normalise_email
from tracker.cli.commands import bp
from tracker.exports import services
from tracker.extensions import db
from tracker.timeutils import utcnow


def user_by_email(email: str) -> User:
    """The account with this email, or a clear error for the shell."""
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
    download = services.export(user_by_email(email), fmt, now=utcnow())
    output.write_bytes(download.data)
    click.echo(f"Wrote {output} ({len(download.data):,} bytes, {fmt}).")
