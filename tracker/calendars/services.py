"""Calendar feeds: make, list and revoke addresses; find one by its token; build its feed.

Services take the user and the clock; no Flask here. As with share links, the token in the
address is the only secret: it is looked up by its SHA-256, and the raw token is never stored.

The feed holds the scheduled doses from the user's today for `weeks` weeks, read through the
medication plan (schedule versions, taper steps and stops as the Today page sees them), and
the appointments from a week ago on. It says as little as a reminder needs: the medication
and amount, or who the appointment is with; never notes, purposes or classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from tracker.appointments import services as appointments
from tracker.auth.models import User
from tracker.calendars import ics
from tracker.calendars.models import CalendarFeed
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.medications.models import Medication
from tracker.medications.plan import counts_from, scheduled_instant, slots_on
from tracker.medications.services import fmt_amount, list_medications, plan_versions
from tracker.secrettokens import digest, new_token
from tracker.timeutils import local_today, localize, to_local

MAX_ACTIVE = 10
DEFAULT_WEEKS = 4
# Appointments of the past week stay in the feed: the visit just had is still there to look
# back on (and to write its notes against), instead of vanishing the moment it is over.
PAST_APPOINTMENT_DAYS = 7
BEFORE_VISIT = timedelta(hours=1)
# An all-day entry starts at local midnight: six hours before is 18:00 the evening before.
EVENING_BEFORE = timedelta(hours=-6)
FETCH_RECORDED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Created:
    """A new feed and its raw token, which exists only in this answer."""

    feed: CalendarFeed
    token: str


@dataclass(frozen=True)
class FeedSummary:
    id: int
    created_at: datetime
    last_used_at: datetime | None


def _active(user: User) -> Select[tuple[CalendarFeed]]:
    return select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
    )


def create_feed(user: User, *, now: datetime) -> Created:
    """Make a new feed address; its token is shown once and only its hash is kept."""
    active = db.session.scalar(select(func.count()).select_from(_active(user).subquery()))
    if (active or 0) >= MAX_ACTIVE:
        raise Invalid(f"You have {MAX_ACTIVE} feed addresses; revoke one you no longer use first.")
    token = new_token()
    feed = CalendarFeed(user_id=user.id, token_hash=digest(token), created_at=now)
    db.session.add(feed)
    db.session.flush()
    return Created(feed, token)


def list_feeds(user: User) -> list[FeedSummary]:
    """The user's feed addresses that still work, newest first."""
    feeds = db.session.scalars(
        _active(user).order_by(CalendarFeed.created_at.desc(), CalendarFeed.id.desc())
    )
    return [FeedSummary(f.id, f.created_at, f.last_used_at) for f in feeds]


def revoke_feed(user: User, feed: CalendarFeed, *, now: datetime) -> None:
    """End a feed address now; revoking twice keeps the first time."""
    if feed.user_id != user.id:  # callers load through get_owned_or_404; this is a backstop
        raise Invalid("This feed is not yours.")
    if feed.revoked_at is None:
        feed.revoked_at = now


def find_feed(token: str) -> CalendarFeed | None:
    """The feed this token opens; None when unknown or revoked."""
    if not token or len(token) > 128:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == digest(token)))
    return feed if feed is not None and feed.revoked_at is None else None


def record_fetch(feed: CalendarFeed, *, now: datetime) -> None:
    """Note when a calendar app last fetched the feed (nothing about who or from where).

    At most once a minute: several apps refreshing together make one write, not one each.
    """
    if feed.last_used_at is None or now - feed.last_used_at >= FETCH_RECORDED_EVERY:
        feed.last_used_at = now


def owner(feed: CalendarFeed) -> User:
    user = db.session.get(User, feed.user_id)
    assert user is not None  # noqa: S101 - a feed is deleted with its owner (ON DELETE CASCADE)
    return user


# --- the feed ----------------------------------------------------------------------------------


def _dose_summary(med: Medication, amount: float) -> str:
    """'Sertraline 50 mg': the name as entered, first letter up, and the slot's amount."""
    return f"{med.name[:1].upper()}{med.name[1:]} {fmt_amount(amount)} {med.unit}"


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def dose_entries(
    user: User, *, first: date, last: date, now: datetime, domain: str
) -> list[ics.Entry]:
    """One entry per scheduled dose slot on the local days `first` to `last`.

    Each starts at the slot's wall time in the user's zone (read back from its instant, so a
    time in a DST gap is the one the clock shows); the reminder is at the dose time, left out
    once that has passed so a new subscription does not pop up the morning's doses.
    """
    entries = []
    window = timedelta(minutes=user.on_time_window_minutes)
    for med in list_medications(user):
        if med.as_needed:
            continue
        versions = plan_versions(med)
        # A dose before the medication was added, on its first day, was never a dose.
        begins = counts_from(med.started_on, med.created_at, user.timezone, window)
        for day in _days(max(first, med.started_on), last):
            for planned in slots_on(versions, day, med.started_on, med.stopped_on):
                instant = scheduled_instant(day, planned.at, user.timezone)
                if instant < begins:
                    continue
                entries.append(
                    ics.Entry(
                        uid=f"dose-{med.id}-{day:%Y%m%d}-{planned.at:%H%M}@{domain}",
                        summary=_dose_summary(med, planned.amount),
                        start=to_local(instant, user.timezone),
                        reminder=timedelta(0) if instant > now else None,
                        busy=False,
                    )
                )
    return entries


def appointment_entries(user: User, *, today: date, now: datetime, domain: str) -> list[ics.Entry]:
    """Every appointment from a week before `today` on: timed at its time, else all day."""
    entries = []
    first = today - timedelta(days=PAST_APPOINTMENT_DAYS)
    for a in appointments.appointments_between(user, first, date.max):
        if a.at is not None:
            start: datetime | date = to_local(a.at, user.timezone)
            reminder, alarm_at = -BEFORE_VISIT, a.at - BEFORE_VISIT
        else:
            start = a.day
            reminder = EVENING_BEFORE
            alarm_at = localize(a.day, time(0), user.timezone) + EVENING_BEFORE
        entries.append(
            ics.Entry(
                uid=f"appointment-{a.id}@{domain}",
                summary=a.title,  # kind and provider; the notes stay in the tracker
                start=start,
                reminder=reminder if alarm_at > now else None,
                busy=True,
            )
        )
    return entries


def feed_ics(
    user: User, *, now: datetime, weeks: int = DEFAULT_WEEKS, domain: str = "tracker"
) -> bytes:
    """The user's feed: doses from today for `weeks` weeks, and appointments, as iCalendar.

    `domain` ends every UID (the server's host name), so the UIDs stay the same from one
    fetch to the next and calendar apps update their entries instead of adding copies.
    """
    today = local_today(user.timezone, now)
    last = today + timedelta(weeks=max(1, weeks)) - timedelta(days=1)
    doses = dose_entries(user, first=today, last=last, now=now, domain=domain)
    visits = appointment_entries(user, today=today, now=now, domain=domain)
    return ics.render([*doses, *visits], now=now, first=today, last=last)
