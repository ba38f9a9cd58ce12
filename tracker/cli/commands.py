"""The `tracker` command group: create-user, demo, reset-factors and the rest."""

from __future__ import annotations

import sys

import click
from flask import Blueprint

from tracker.auth import services as auth
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.timeutils import utcnow

bp = Blueprint("tracker", __name__, cli_group="tracker")


@bp.cli.command("create-user")
@click.argument("email")
@click.option("--timezone", default="UTC", show_default=True, help="IANA zone, e.g. Europe/Berlin")
def create_user(email: str, timezone: str) -> None:
    """Create an account; the password is read from stdin or asked for."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = auth.create_user(email, password, timezone, now=utcnow())
        db.session.commit()
    except Invalid as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.email}.")


@bp.cli.command("demo")
@click.option("--days", default=120, show_default=True, type=click.IntRange(14, 3660))
@click.option("--timezone", default="Europe/Berlin", show_default=True)
def demo(days: int, timezone: str) -> None:
    """Create or reset demo@example.org (password demo-password) with realistic data."""
    from tracker.cli.demo import build_demo

    user = build_demo(days=days, timezone=timezone, now=utcnow())
    db.session.commit()
    click.echo(f"Demo account {user.email} / password demo-password with {days} days of data.")


from tracker.cli import backup as _backup  # noqa: E402, F401 - registers backup and restore on bp
from tracker.cli import export as _export  # noqa: E402, F401 - registers export on bp
from tracker.cli import factors as _factors  # noqa: E402, F401 - registers reset-factors on bp
from tracker.cli import imports as _imports  # noqa: E402, F401 - registers import on bp
from tracker.cli import report as _report  # noqa: E402, F401 - registers report on bp
from tracker.jobs import cli as _jobs  # noqa: E402, F401 - registers worker on bp
from tracker.reminders import cli as _reminders  # noqa: E402, F401 - registers reminders on bp
