"""`tracker report`: the prescriber report as a PDF file, the same bytes as the download."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from sqlalchemy import select

from tracker.auth.models import User
from tracker.auth.services import normalise_email
from tracker.cli.commands import bp
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.reports import services
from tracker.reports.pdf import PAPERS
from tracker.timeutils import utcnow

DAY = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@bp.cli.command("report")
@click.option("--user", "email", required=True, help="The account's email.")
@click.option("--from", "first", type=DAY, help="First day (default: the last appointment).")
@click.option("--to", "last", type=DAY, help="Last day (default: today).")
@click.option("--appendix", is_flag=True, help="Add every dose as an appendix.")
@click.option("--paper", type=click.Choice(PAPERS), default="A4", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def report(
    email: str,
    first: datetime | None,
    last: datetime | None,
    appendix: bool,
    paper: str,
    output: Path,
) -> None:
    """Write the prescriber report of a range as a PDF."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    now = utcnow()
    default_first, default_last = services.default_range(user, now=now)
    start, end = _day(first) or default_first, _day(last) or default_last
    try:
        data = services.report_file(
            user, first=start, last=end, now=now, appendix=appendix, paper=paper
        )
    except Invalid as exc:
        raise click.ClickException(exc.message) from exc
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(data):,} bytes, {start} to {end}, {paper}).")
