"""`tracker reminders …`: the sender (a loop, or one pass for cron and tests), and scripting."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime

import click
from flask import current_app
from sqlalchemy import select

from tracker.auth.models import User
from tracker.cli.commands import bp
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.reminders import channels, sender
from tracker.timeutils import utcnow


@bp.cli.group("reminders")
def reminders() -> None:
    """Reminders: the sender and channels."""


def _settings() -> sender.Settings:
    config = current_app.config
    return sender.Settings(str(config["SECRET_KEY"]), config.get("PUBLIC_URL"))


def _instant(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("Give an ISO-8601 instant, e.g. 2026-03-29T06:00:00Z.") from exc
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _report(tally: sender.Tally) -> str:
    return (
        f"Planned {tally.planned}, sent {tally.sent}, skipped {tally.skipped}, "
        f"retrying {tally.retrying}, failed {tally.failed}."
    )


@reminders.command("run")
@click.option("--once", is_flag=True, help="One pass, then exit (cron, tests).")
@click.option("--now", "now_text", help="With --once: the pass's instant (ISO-8601).")
@click.option("--every", default=30.0, show_default=True, help="Seconds between passes.")
def run(once: bool, now_text: str | None, every: float) -> None:
    """Send the reminders that are due; without --once, until SIGTERM or Ctrl-C."""
    settings = _settings()
    if once:
        click.echo(_report(sender.run_pass(settings, now=_instant(now_text))))
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.is_set():
        try:
            sender.run_pass(settings, now=utcnow())
        except Exception:  # a pass that failed (the database away) is tried again next time
            db.session.rollback()
            current_app.logger.exception("A reminder pass failed; trying again shortly.")
        finally:
            db.session.remove()
        stop.wait(every)
    click.echo("Reminder sender stopped.")


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account {email}.")
    return user


@reminders.command("add-channel")
@click.option("--user", "email", required=True, help="The account's email.")
@click.option("--name", default="Channel", show_default=True)
@click.argument("url")
def add_channel(email: str, name: str, url: str) -> None:
    """Add an Apprise URL as a channel of the account."""
    try:
        channel = channels.add_channel(
            _user(email), name=name, url=url, now=utcnow(), secret_key=_settings().secret_key
        )
        db.session.commit()
    except Invalid as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(f"Added {channel.name} ({channel.label}).")


@reminders.command("test")
@click.option("--user", "email", required=True, help="The account's email.")
def test(email: str) -> None:
    """Send a test to each of the account's channels."""
    user, failed = _user(email), 0
    for channel in channels.list_channels(user):
        error = channels.send_test(user, channel, now=utcnow(), secret_key=_settings().secret_key)
        failed += error is not None
        click.echo(f"{channel.name}: {'sent' if error is None else error}")
    db.session.commit()
    if failed:
        raise click.ClickException(f"{failed} channel(s) failed.")
