"""Plain feed entries to iCalendar text with the icalendar library (no Flask, no database)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

NAME = "Tracker"
PRODID = "-//Tracker//Private calendar feed//EN"
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    """One event: a dose slot or an appointment, already in the words the calendar shows."""

    uid: str
    summary: str
    # An aware datetime in the user's zone (written with its TZID), or a date for all day.
    start: datetime | date
    # When the calendar app reminds, relative to the start; None: no reminder.
    reminder: timedelta | None
    busy: bool  # a dose is a moment in the day, not time the user is taken up


def _event(entry: Entry, stamp: datetime) -> Event:
    event = Event.new(uid=entry.uid, summary=entry.summary, start=entry.start, stamp=stamp)
    if not isinstance(entry.start, datetime):
        event.end = entry.start + timedelta(days=1)  # all day: [day, next day)
    # No end for a timed entry: the tracker knows when it starts, not how long it lasts.
    # PRIVATE: an app that shares the user's calendar with others hides what it says.
    event.add("CLASS", "PRIVATE")
    event.add("TRANSP", "OPAQUE" if entry.busy else "TRANSPARENT")
    if entry.reminder is not None:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", entry.summary)
        alarm.add("TRIGGER", entry.reminder)
        event.add_component(alarm)
    return event


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def render(entries: Sequence[Entry], *, now: datetime, first: date, last: date) -> bytes:
    """The whole feed; its VTIMEZONE covers the local days `first` to `last` and every entry."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("NAME", NAME)
    calendar.add("X-WR-CALNAME", NAME)
    # RFC 7986 wants VALUE=DURATION spelt out; X-PUBLISHED-TTL is what Outlook and older
    # Apple Calendar read instead.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    for entry in entries:
        calendar.add_component(_event(entry, now))
    days = [first, last, *(_day(e.start) for e in entries)]
    # One VTIMEZONE per zone used, made by icalendar from the IANA data, over only the days
    # the feed spans (a short block instead of every rule since 1970).
    calendar.add_missing_timezones(
        first_date=min(days) - timedelta(days=1), last_date=max(days) + timedelta(days=2)
    )
    return calendar.to_ical()
