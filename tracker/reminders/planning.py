"""Reminder rows planned ahead: each scheduled dose slot (and its repeats), each appointment
(the evening before and an hour before), each questionnaire on the day it falls due and each
medication whose supply runs short within its warning days (once a supply, at 10:00), from now to
HORIZON ahead, the instant computed in the user's zone and kept in UTC.

Planning is repeated by every sender pass and is idempotent: a row that exists is left alone
(the unique key; two senders planning at once insert it once), and an unsent row the plan no
longer has, or has at another time (a changed schedule, a stop, new quiet hours, a new zone),
is removed and planned anew."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from tracker.appointments.services import appointments_between
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications.doses import slots_of
from tracker.medications.models import SupplyEvent
from tracker.medications.reading import read_plan
from tracker.medications.supply import refills_due
from tracker.questionnaires import instruments
from tracker.questionnaires.services import next_due
from tracker.reminders.channels import preferences
from tracker.reminders.models import (
    PENDING,
    SKIPPED,
    Reminder,
    ReminderChannel,
    ReminderPreferences,
    ReminderRepeat,
)
from tracker.timeutils import local_today, localize, to_local

HORIZON = timedelta(hours=36)
# A reminder is never sent more than this after it was to go out (it is skipped instead).
LATE_LIMIT = timedelta(hours=1)
MAX_WINDOW = timedelta(minutes=240)  # the longest on-time window Settings allows
DOSE, APPOINTMENT_EVE, APPOINTMENT_SOON, QUESTIONNAIRE, REFILL = (
    "dose", "appointment_eve", "appointment_soon", "questionnaire", "refill",
)  # fmt: skip
EVENING = time(19)  # the evening before an appointment; a questionnaire's day
MORNING = time(10)  # a refill reminder's time (a pharmacy is open)
QUESTIONNAIRES = instruments.TRACKED  # target_id is the index in it


@dataclass(frozen=True)
class Planned:
    """One reminder: `due` names it (a dose's slot instant), `send` is when it goes out before
    quiet hours, `latest` the last instant it is still of use."""

    kind: str
    target_id: int
    due: datetime
    send: datetime
    latest: datetime
    repeat: int = 0
    day: date | None = None
    at: time | None = None

    @property
    def key(self) -> tuple:
        return (self.kind, self.target_id, self.due, self.repeat)


def users_to_remind() -> list[User]:
    """Users with at least one channel turned on."""
    ids = select(ReminderChannel.user_id).where(ReminderChannel.disabled_at.is_(None))
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def dose_slots(user: User, *, now: datetime, horizon: timedelta = HORIZON) -> Iterator[Planned]:
    """Scheduled (not as-needed) dose slots, and the repeats asked for, around now."""
    meds = [m for m in read_plan(user).medications if not m.as_needed]
    repeats = {
        r.medication_id: r
        for r in db.session.scalars(select(ReminderRepeat).where(ReminderRepeat.user_id == user.id))
    }
    window = timedelta(minutes=user.on_time_window_minutes)
    first = local_today(user.timezone, now - LATE_LIMIT - MAX_WINDOW)
    last = local_today(user.timezone, now + horizon)
    for slot in slots_of(user, meds, {}, first, last, now):
        at, latest = slot.scheduled, slot.scheduled + window
        yield Planned(DOSE, slot.medication.id, at, at, latest, 0, slot.day, slot.at)
        repeat = repeats.get(slot.medication.id)
        for n in range(1, repeat.times + 1) if repeat else ():
            send = at + n * timedelta(minutes=repeat.every_minutes)
            if send <= latest:
                yield Planned(DOSE, slot.medication.id, at, send, latest, n, slot.day, slot.at)


def appointment_times(
    user: User, *, now: datetime, horizon: timedelta = HORIZON
) -> Iterator[Planned]:
    """The evening before each appointment (19:00) and, when its time is known, an hour before."""
    first = local_today(user.timezone, now - LATE_LIMIT)
    last = local_today(user.timezone, now + horizon) + timedelta(days=1)
    for a in appointments_between(user, first, last):
        starts = a.at or localize(a.day, time(0), user.timezone)
        eve = localize(a.day - timedelta(days=1), EVENING, user.timezone)
        yield Planned(APPOINTMENT_EVE, a.id, eve, eve, starts, day=a.day, at=a.start_time)
        if a.at is not None:
            soon = a.at - timedelta(hours=1)
            yield Planned(APPOINTMENT_SOON, a.id, soon, soon, a.at, day=a.day, at=a.start_time)


def questionnaire_days(user: User, *, now: datetime) -> Iterator[Planned]:
    """19:00 on the day PHQ-9 or GAD-7 falls due again (not for one never taken: it would be
    "due" every day)."""
    today = local_today(user.timezone, now)
    for day in (today, today + timedelta(days=1)):
        on_day, day_before = next_due(user, day), next_due(user, day - timedelta(days=1))
        for key, on in on_day.items():
            # Never taken: due "today" whatever the day, so the day before says so too.
            if on == day and day_before[key] != day - timedelta(days=1):
                at = localize(day, EVENING, user.timezone)
                end = localize(day + timedelta(days=1), time(0), user.timezone)
                yield Planned(QUESTIONNAIRE, QUESTIONNAIRES.index(key), at, at, end, day=day)


def refill_days(user: User, *, now: datetime) -> Iterator[Planned]:
    """One reminder per supply, at the first 10:00 once it runs short within its warning days
    (tracker/medications/supply.py). Its key is the instant of the supply's last refill or
    count, so it goes once whatever the run-out date does meanwhile (a dose not logged moves
    it), and the next refill or count that runs short again warns anew."""
    due = refills_due(user, now)
    if not due:
        return
    today = local_today(user.timezone, now - LATE_LIMIT)
    send = localize(today, MORNING, user.timezone)
    if send < now - LATE_LIMIT:
        send = localize(today + timedelta(days=1), MORNING, user.timezone)
    since = dict(
        db.session.execute(
            select(SupplyEvent.medication_id, func.max(SupplyEvent.at))
            .where(SupplyEvent.user_id == user.id)
            .where(SupplyEvent.medication_id.in_([r.medication_id for r in due]))
            .group_by(SupplyEvent.medication_id)
        ).all()
    )
    for r in due:
        runs_out = localize(r.runs_out_on, MORNING, user.timezone)
        if (supplied := since.get(r.medication_id)) is not None:
            yield Planned(REFILL, r.medication_id, supplied, send, max(send, runs_out))


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


def _row(user: User, p: Planned, prefs: ReminderPreferences) -> dict | None:
    """The row of `p`: held to the end of quiet hours while it is still of use, else skipped
    (a repeat in quiet hours is left out: repeats would all go out when they end)."""
    held = quiet_end(p.send, user.timezone, prefs.quiet_start, prefs.quiet_end)
    if held is not None and p.repeat:
        return None
    send = held or p.send
    useless = send > p.latest
    return {
        "user_id": user.id, "kind": p.kind, "target_id": p.target_id, "slot_day": p.day,
        "slot_time": p.at, "tz": user.timezone, "due_at": p.due, "repeat": p.repeat,
        "send_at": send, "next_try_at": send, "attempts": 0,
        "status": SKIPPED if useless else PENDING,
        "error": "Due in quiet hours; no longer of use when they ended." if useless else None,
    }  # fmt: skip


def plan(user: User, *, now: datetime, horizon: timedelta = HORIZON) -> int:
    """Bring the user's unsent reminders in line with the plan; returns the rows added."""
    prefs = preferences(user)
    found = [
        *dose_slots(user, now=now, horizon=horizon),
        *appointment_times(user, now=now, horizon=horizon),
        *questionnaire_days(user, now=now),
        *refill_days(user, now=now),
    ]
    wanted = {}
    for p in found:
        row = _row(user, p, prefs)
        if row is not None and now - LATE_LIMIT <= row["send_at"] <= now + horizon:
            wanted[p.key] = row
    _drop_unplanned(user, wanted, now)
    return _insert_new(list(wanted.values()))


def _drop_unplanned(user: User, wanted: dict[tuple, dict], now: datetime) -> None:
    """Unsent, unclaimed rows the plan no longer has, has at another time, or in another zone."""
    rows = db.session.execute(
        select(
            Reminder.id, Reminder.kind, Reminder.target_id, Reminder.due_at, Reminder.repeat,
            Reminder.send_at, Reminder.tz,
        ).where(
            Reminder.user_id == user.id,
            Reminder.status == PENDING,
            Reminder.attempts == 0,
            Reminder.claimed_at.is_(None),
            Reminder.send_at >= now - LATE_LIMIT,
        )
    )  # fmt: skip
    stale = []
    for r in rows:
        row = wanted.get((r.kind, r.target_id, r.due_at, r.repeat))
        if r.tz != user.timezone or row is None or row["send_at"] != r.send_at:
            stale.append(r.id)
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
