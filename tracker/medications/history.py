"""A medication's dose history and adherence, and the doses on the timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem
from tracker.medications import doses
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import Adherence, Outcome, adherence, scheduled_instant
from tracker.medications.services import fmt_amount
from tracker.timeutils import clock_time, to_local


@dataclass(frozen=True)
class HistoryRow:
    day: date
    scheduled: datetime | None
    at: time | None
    event: DoseEvent | None
    amount: float | None
    status: str


HISTORY_DAYS = 30
HISTORY_BACK = timedelta(days=3660)
HISTORY_AHEAD = timedelta(days=366)


def history_range(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    """The days a dose history covers: the 30 days up to `end` (today) unless `start` is given.

    Dates more than ten years back or a year ahead are refused (they name no doses, and
    the first day of year 1 has no instant in most zones).
    """
    last = end or today
    first = start or last - timedelta(days=HISTORY_DAYS - 1)
    if first > last:
        raise Invalid("The start must be before the end.", "start")
    if first < today - HISTORY_BACK:
        raise Invalid("Choose a start within the last ten years.", "start")
    if last > today + HISTORY_AHEAD:
        raise Invalid("Choose an end within the next year.", "end")
    return first, last


def dose_history(
    user: User, med: Medication, *, first: date, last: date, now: datetime
) -> list[HistoryRow]:
    """Every dose of a medication in a local date range, missed ones included, newest first."""
    if first > last:
        raise Invalid("The start must be before the end.", "start")
    slots = doses.slots_between(user, [med], first, last, now)
    return history_rows(slots, _events_in_days(user, med, first, last))


def history_rows(slots: Iterable[doses.Slot], events: Iterable[DoseEvent]) -> list[HistoryRow]:
    """The slots with what happened to each, and the other `events` of their days (as-needed
    doses, doses whose slot a later change removed), newest first: no database."""
    rows = [
        HistoryRow(
            s.day,
            s.scheduled,
            s.at,
            s.event,
            s.event.amount if s.event and s.event.amount else s.amount,
            s.status,
        )
        for s in slots
    ]
    seen = {s.event.id for s in rows if s.event}
    for e in events:
        if e.id not in seen:  # as-needed doses, and doses whose slot a later change removed
            day = e.scheduled_date or to_local(e.taken_at, e.tz).date()
            rows.append(
                HistoryRow(
                    day,
                    None,
                    e.scheduled_time,
                    e,
                    e.amount,
                    "skipped" if e.action == "skipped" else "taken",
                )
            )
    return sorted(rows, key=lambda r: (r.day, r.scheduled or r.event.taken_at), reverse=True)


def _events_in_days(user: User, med: Medication, first: date, last: date) -> list[DoseEvent]:
    start = scheduled_instant(first, time(0), user.timezone) - timedelta(days=1)
    end = scheduled_instant(last, time(0), user.timezone) + timedelta(days=2)
    rows = db.session.scalars(
        select(DoseEvent).where(
            DoseEvent.user_id == user.id,
            DoseEvent.medication_id == med.id,
            ((DoseEvent.scheduled_date >= first) & (DoseEvent.scheduled_date <= last))
            | (
                (DoseEvent.scheduled_date.is_(None))
                & (DoseEvent.taken_at >= start)
                & (DoseEvent.taken_at < end)
            ),
        )
    )
    return [
        e for e in rows if first <= (e.scheduled_date or to_local(e.taken_at, e.tz).date()) <= last
    ]


def medication_adherence(
    user: User, med: Medication, *, first: date, last: date, now: datetime
) -> Adherence:
    """Adherence of one scheduled medication over local days first..last."""
    return adherence(
        Outcome(s.scheduled, s.status) for s in doses.slots_between(user, [med], first, last, now)
    )


@dataclass(frozen=True)
class Summary:
    """What the medication page shows beside the schedule timeline."""

    adherence_30: Adherence | None
    adherence_90: Adherence | None
    as_needed_30: int | None  # as-needed doses taken in the last 30 days
    as_needed_over_limit_30: int | None
    method: str | None = None  # how adherence is counted, stated wherever it is shown


def adherence_method(window_minutes: int) -> str:
    """The adherence method in words (methods give 62–92% on the same data, so say which)."""
    return (
        "Taken = doses marked taken ÷ scheduled doses that were due; on time = within "
        f"{window_minutes} minutes of the scheduled time. A dose with no record once its "
        "window has passed counts as missed."
    )


def medication_summary(user: User, med: Medication, *, today: date, now: datetime) -> Summary:
    """Adherence over 30 and 90 days, or as-needed use over 30 days."""
    if med.as_needed:
        taken = doses.prn_taken_between(user, med, now - timedelta(days=30), now)
        return Summary(None, None, len(taken), sum(1 for e in taken if e.over_limit))
    return Summary(
        medication_adherence(user, med, first=today - timedelta(days=29), last=today, now=now),
        medication_adherence(user, med, first=today - timedelta(days=89), last=today, now=now),
        None,
        None,
        adherence_method(user.on_time_window_minutes),
    )


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every logged dose of the user's local days first..last, for the timeline."""
    start = scheduled_instant(first, time(0), user.timezone) - timedelta(days=1)
    end = scheduled_instant(last, time(0), user.timezone) + timedelta(days=2)
    rows = db.session.execute(
        select(DoseEvent, Medication)
        .join(Medication, Medication.id == DoseEvent.medication_id)
        .where(
            DoseEvent.user_id == user.id,
            ((DoseEvent.scheduled_date >= first) & (DoseEvent.scheduled_date <= last))
            | (DoseEvent.taken_at >= start) & (DoseEvent.taken_at < end),
        )
    ).all()
    items = []
    for event, med in rows:
        day = event.scheduled_date or to_local(event.taken_at, event.tz).date()
        if not first <= day <= last:
            continue
        at = event.taken_at or scheduled_instant(day, event.scheduled_time, event.tz)
        amount = f" {fmt_amount(event.amount)} {med.unit}" if event.amount else ""
        slot = (
            f"for {clock_time(event.scheduled_time, user.clock)}"
            if event.scheduled_time
            else "as needed"
        )
        title = f"{med.name}{amount} {'skipped' if event.action == 'skipped' else 'taken'}"
        detail = "; ".join(x for x in (slot, event.reason, event.note) if x)
        items.append(
            TimelineItem(
                "doses",
                at,
                day,
                title,
                detail,
                event.id,
                "medications.edit_dose",
                "medications.delete_dose",
                flag=event.over_limit,
                id_arg="dose_id",
            )
        )
    return items
