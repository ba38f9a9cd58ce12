"""Reminder rows planned ahead from the medication plan: one per scheduled dose slot due in the
next HORIZON, its instant computed in the user's zone and kept in UTC.

Planning is repeated by every sender pass and is idempotent: a row that exists is left alone
(the unique key; two senders planning at once insert it once), and an unsent row that the plan
no longer has (a changed schedule, a stop, a new zone) is removed and planned anew."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications.doses import slots_of
from tracker.medications.reading import read_plan
from tracker.reminders.channels import preferences
from tracker.reminders.models import PENDING, SKIPPED, Reminder, ReminderChannel
from tracker.timeutils import local_today, localize, to_local

HORIZON = timedelta(hours=36)
# A reminder is never sent more than this after it was to go out (it is skipped instead).
LATE_LIMIT = timedelta(hours=1)
DOSE = "dose"


@dataclass(frozen=True)
class Planned:
    target_id: int
    day: date
    at: time
    due: datetime


def users_to_remind() -> list[User]:
    """Users with at least one channel turned on."""
    ids = select(ReminderChannel.user_id).where(ReminderChannel.disabled_at.is_(None))
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def dose_slots(user: User, *, now: datetime, horizon: timedelta = HORIZON) -> Iterator[Planned]:
    """Scheduled (not as-needed) dose slots due from LATE_LIMIT ago to `horizon` ahead."""
    meds = [m for m in read_plan(user).medications if not m.as_needed]
    first = local_today(user.timezone, now - LATE_LIMIT)
    last = local_today(user.timezone, now + horizon)
    for slot in slots_of(user, meds, {}, first, last, now):
        if now - LATE_LIMIT <= slot.scheduled <= now + horizon:
            yield Planned(slot.medication.id, slot.day, slot.at, slot.scheduled)


def quiet_end(instant: datetime, tz: str, start: time | None, end: time | None) -> datetime | None:
    """The end of the quiet hours `instant` falls in (start included, end not), else None.
    Quiet hours from 22:00 until 07:00 cross midnight."""
    if start is None or end is None:
        return None
    local = to_local(instant, tz)
    at = local.time().replace(tzinfo=None)
    if start < end:
        inside, day = start <= at < end, local.date()
    else:
        inside = at >= start or at < end
        day = local.date() + timedelta(days=1) if at >= start else local.date()
    return localize(day, end, tz) if inside else None


def plan(user: User, *, now: datetime, horizon: timedelta = HORIZON) -> int:
    """Bring the user's unsent dose reminders in line with the plan; returns the rows added."""
    wanted = {(p.target_id, p.due): p for p in dose_slots(user, now=now, horizon=horizon)}
    _drop_unplanned(user, wanted, now)
    prefs = preferences(user)
    window = timedelta(minutes=user.on_time_window_minutes)
    rows = []
    for p in wanted.values():
        send_at = quiet_end(p.due, user.timezone, prefs.quiet_start, prefs.quiet_end) or p.due
        # Held to the end of quiet hours, unless the dose's window has closed by then.
        held_too_long = send_at > p.due + window
        rows.append(
            {
                "user_id": user.id, "kind": DOSE, "target_id": p.target_id, "slot_day": p.day,
                "slot_time": p.at, "tz": user.timezone, "due_at": p.due, "repeat": 0,
                "send_at": send_at, "next_try_at": send_at,
                "status": SKIPPED if held_too_long else PENDING, "attempts": 0,
                "error": "Due in quiet hours; the dose's window closed before they ended."
                if held_too_long else None,
            }
        )  # fmt: skip
    return _insert_new(rows)


def _drop_unplanned(user: User, wanted: dict, now: datetime) -> None:
    """Unsent, unclaimed rows the plan no longer has, or planned in another zone."""
    rows = db.session.execute(
        select(Reminder.id, Reminder.target_id, Reminder.due_at, Reminder.tz).where(
            Reminder.user_id == user.id,
            Reminder.kind == DOSE,
            Reminder.repeat == 0,
            Reminder.status == PENDING,
            Reminder.attempts == 0,
            Reminder.claimed_at.is_(None),
            Reminder.due_at >= now - LATE_LIMIT,
        )
    )
    stale = [r.id for r in rows if r.tz != user.timezone or (r.target_id, r.due_at) not in wanted]
    if stale:
        db.session.execute(
            delete(Reminder).where(Reminder.id.in_(stale), Reminder.claimed_at.is_(None))
        )


def _insert_new(rows: list[dict]) -> int:
    """Insert, leaving a row another sender planned first (ON CONFLICT DO NOTHING)."""
    if not rows:
        return 0
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(Reminder).values(rows).on_conflict_do_nothing()
    return db.session.execute(statement).rowcount or 0
