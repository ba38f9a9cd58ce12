"""Plain factories for reminder tests: a user with a scheduled medication and a channel."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import Flask

from tests.conftest import NOW, make_user
from tests.medications.factories import get_user, scheduled_med
from tracker.extensions import db
from tracker.reminders import channels, sender
from tracker.reminders.models import Reminder

SETTINGS = sender.Settings("test-secret", "http://tracker.test")


def reminded_user(
    app: Flask,
    url: str,
    *,
    tz: str = "Europe/Berlin",
    email: str = "ada@example.org",
    at: tuple[time, ...] = (time(8),),
    names: tuple[str, ...] = ("sertraline",),
) -> int:
    """A user in `tz` with one medication per name, each at the times `at`, and one channel."""
    uid = make_user(app, email, tz=tz)
    with app.app_context():
        user = get_user(uid)
        for name in names:
            scheduled_med(
                user, name=name, started_on=date(2025, 1, 1), doses=tuple((a, 50) for a in at)
            )
        channels.add_channel(user, name="Hook", url=url, now=NOW, secret_key="test-secret")
        db.session.commit()
    return uid


def run_pass(app: Flask, now: datetime) -> sender.Tally:
    with app.app_context():
        return sender.run_pass(SETTINGS, now=now)


def rows(app: Flask) -> list[Reminder]:
    with app.app_context():
        found = db.session.scalars(db.select(Reminder).order_by(Reminder.due_at, Reminder.id))
        return list(found)
