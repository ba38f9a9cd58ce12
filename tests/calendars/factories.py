"""Feeds made through the service, and the feed read back with icalendar."""

from __future__ import annotations

from datetime import date, datetime

import icalendar

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.calendars import services
from tracker.extensions import db


def make_feed(app, uid: int, *, now: datetime = NOW) -> tuple[int, str]:
    """A feed address of user `uid`, committed; returns its id and its raw token."""
    with app.app_context():
        created = new_feed(db.session.get(User, uid), now=now)
        db.session.commit()
        return created.feed.id, created.token


def new_feed(user: User, *, now: datetime = NOW) -> services.Created:
    """A feed address of `user`, flushed (inside the caller's app context)."""
    return services.create_feed(user, now=now)


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def doses(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return sorted(
        (e for e in calendar.events if str(e["UID"]).startswith("dose-")), key=lambda e: e.start
    )


def appointments(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return [e for e in calendar.events if str(e["UID"]).startswith("appointment-")]


def alarms(event: icalendar.Event) -> list[icalendar.Alarm]:
    return [c for c in event.subcomponents if c.name == "VALARM"]


def by_day(events: list[icalendar.Event]) -> dict[date, list[str]]:
    """Each local day's doses as 'HH:MM Summary', in time order."""
    days: dict[date, list[str]] = {}
    for e in events:
        days.setdefault(e.start.date(), []).append(f"{e.start:%H:%M} {e['SUMMARY']}")
    return days
