"""The dose log: a day's doses with their status, recording, editing, history, adherence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.auth.models import User
from tracker.errors import Conflict, Invalid, NeedsConfirmation
from tracker.extensions import db
from tracker.journal import TimelineItem
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import (
    DUE,
    Adherence,
    Outcome,
    adherence,
    dose_status,
    scheduled_instant,
    slots_on,
)
from tracker.medications.services import fmt_amount, plan_versions
from tracker.timeutils import to_local

FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_BACKDATE = timedelta(days=3660)


@dataclass(frozen=True)
class Slot:
    """One scheduled dose of one medication on one local day, with what happened to it."""

    medication: Medication
    day: date
    at: time
    amount: float
    scheduled: datetime
    event: DoseEvent | None
    status: str


@dataclass(frozen=True)
class AsNeeded:
    medication: Medication
    last: DoseEvent | None
    used_24h: float
    doses_today: list[DoseEvent]


@dataclass(frozen=True)
class DaySheet:
    day: date
    carried_over: list[Slot]  # yesterday's late-evening doses whose window is still open
    slots: list[Slot]
    as_needed: list[AsNeeded]


def _window(user: User) -> timedelta:
    return timedelta(minutes=user.on_time_window_minutes)


def _events_by_slot(user: User, med_ids: list[int], first: date, last: date) -> dict:
    if not med_ids:
        return {}
    rows = db.session.scalars(
        select(DoseEvent).where(
            DoseEvent.user_id == user.id,
            DoseEvent.medication_id.in_(med_ids),
            DoseEvent.scheduled_date >= first,
            DoseEvent.scheduled_date <= last,
        )
    )
    return {(e.medication_id, e.scheduled_date, e.scheduled_time): e for e in rows}


def _slots(
    user: User, meds: list[Medication], first: date, last: date, now: datetime
) -> Iterator[Slot]:
    events = _events_by_slot(user, [m.id for m in meds], first, last)
    window = _window(user)
    for med in meds:
        versions = plan_versions(med)
        day = max(first, med.started_on)
        while day <= last:
            for planned in slots_on(versions, day, med.started_on, med.stopped_on):
                event = events.get((med.id, day, planned.at))
                tz = event.tz if event else user.timezone
                at = scheduled_instant(day, planned.at, tz)
                status = dose_status(
                    scheduled=at,
                    action=event.action if event else None,
                    taken_at=event.taken_at if event else None,
                    window=window,
                    now=now,
                )
                yield Slot(med, day, planned.at, planned.amount, at, event, status)
            day += timedelta(days=1)


def _user_meds(user: User, *, as_needed: bool | None = None) -> list[Medication]:
    query = select(Medication).where(Medication.user_id == user.id)
    if as_needed is not None:
        query = query.where(Medication.as_needed == as_needed)
    return list(db.session.scalars(query.order_by(Medication.name)))


def day_sheet(user: User, day: date, *, now: datetime) -> DaySheet:
    """Everything the Today page shows for a local day."""
    scheduled = _user_meds(user, as_needed=False)
    slots = sorted(
        _slots(user, scheduled, day - timedelta(days=1), day, now),
        key=lambda s: (s.scheduled, s.medication.name),
    )
    carried = [s for s in slots if s.day < day and s.status == DUE]
    todays = [s for s in slots if s.day == day]
    prn = [
        _as_needed_state(user, m, day, now)
        for m in _user_meds(user, as_needed=True)
        if m.active_on(day)
    ]
    return DaySheet(day, carried, todays, prn)


def _as_needed_state(user: User, med: Medication, day: date, now: datetime) -> AsNeeded:
    taken = _prn_taken_between(user, med, now - timedelta(days=2), now + FUTURE_TOLERANCE)
    used = sum(e.amount or 0 for e in taken if e.taken_at > now - timedelta(hours=24))
    on_day = [e for e in taken if to_local(e.taken_at, user.timezone).date() == day]
    return AsNeeded(med, taken[-1] if taken else None, used, on_day)


def _prn_taken_between(
    user: User, med: Medication, start: datetime, end: datetime
) -> list[DoseEvent]:
    return list(
        db.session.scalars(
            select(DoseEvent)
            .where(
                DoseEvent.user_id == user.id,
                DoseEvent.medication_id == med.id,
                DoseEvent.action == "taken",
                DoseEvent.taken_at >= start,
                DoseEvent.taken_at <= end,
            )
            .order_by(DoseEvent.taken_at)
        )
    )


def _check_taken_at(taken_at: datetime, now: datetime) -> None:
    if taken_at > now + FUTURE_TOLERANCE:
        raise Invalid("That time is in the future.", "taken_at")
    if taken_at < now - MAX_BACKDATE:
        raise Invalid("That time is more than ten years ago.", "taken_at")


def _text(value: str | None, limit: int, field: str) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise Invalid(f"Keep this under {limit} characters.", field)
    return value or None


def _existing_for_key(user: User, request_key: str | None) -> DoseEvent | None:
    if not request_key:
        return None
    return db.session.scalar(
        select(DoseEvent).where(DoseEvent.user_id == user.id, DoseEvent.request_key == request_key)
    )


def _planned_amount(med: Medication, day: date, at: time) -> float:
    for planned in slots_on(plan_versions(med), day, med.started_on, med.stopped_on):
        if planned.at == at:
            return planned.amount
    raise Invalid(f"{med.name} has no dose planned at {at:%H:%M} on {day}.", "at")


def _save(user: User, event: DoseEvent) -> DoseEvent:
    """Insert once: a repeated form (same request key) or a second record for one slot is
    answered with the first record, even when two requests race."""
    try:
        with db.session.begin_nested():
            db.session.add(event)
    except IntegrityError:
        existing = _existing_for_key(user, event.request_key) or _slot_event(user, event)
        if existing is None:
            raise
        return existing
    return event


def _slot_event(user: User, event: DoseEvent) -> DoseEvent | None:
    if event.scheduled_date is None:
        return None
    return db.session.scalar(
        select(DoseEvent).where(
            DoseEvent.user_id == user.id,
            DoseEvent.medication_id == event.medication_id,
            DoseEvent.scheduled_date == event.scheduled_date,
            DoseEvent.scheduled_time == event.scheduled_time,
        )
    )


def record_scheduled(
    user: User,
    med: Medication,
    *,
    day: date,
    at: time,
    action: str,
    taken_at: datetime | None,
    amount: float | None = None,
    reason: str | None = None,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> DoseEvent:
    """Mark one scheduled dose taken or skipped; a second mark of the same slot changes nothing."""
    if (existing := _existing_for_key(user, request_key)) is not None:
        return existing
    if action not in ("taken", "skipped"):
        raise Invalid("Choose taken or skipped.", "action")
    planned = _planned_amount(med, day, at)
    if action == "taken":
        taken_at = taken_at or now
        _check_taken_at(taken_at, now)
    elif scheduled_instant(day, at, user.timezone) > now + timedelta(days=1):
        raise Invalid("Doses can be skipped up to a day ahead.", "day")
    event = DoseEvent(
        user_id=user.id,
        medication_id=med.id,
        scheduled_date=day,
        scheduled_time=at,
        action=action,
        taken_at=taken_at if action == "taken" else None,
        tz=user.timezone,
        amount=_amount(amount, planned) if action == "taken" else None,
        reason=_text(reason, 200, "reason"),
        note=_text(note, 2000, "note"),
        request_key=request_key,
        created_at=now,
    )
    return _save(user, event)


def _amount(value: float | None, default: float | None) -> float | None:
    value = default if value is None else value
    if value is not None and not 0 < value <= 100_000:
        raise Invalid("Enter an amount above 0.", "amount")
    return value


def as_needed_warnings(
    med: Medication,
    recent: list[DoseEvent],
    taken_at: datetime,
    amount: float,
    *,
    exclude_id: int | None = None,
) -> list[str]:
    """What a new as-needed dose would pass: the 24-hour maximum or the minimum interval."""
    warnings = []
    others = [e for e in recent if e.id != exclude_id and e.taken_at is not None]
    if med.max_per_24h is not None:
        worst = _heaviest_day_around(others, taken_at)
        if worst + amount > med.max_per_24h:
            warnings.append(
                f"This makes {fmt_amount(worst + amount)} {med.unit} within 24 hours; "
                f"the maximum you entered is {fmt_amount(med.max_per_24h)} {med.unit}."
            )
    if med.min_interval_minutes is not None:
        gap = timedelta(minutes=med.min_interval_minutes)
        close = [e for e in others if abs(e.taken_at - taken_at) < gap]
        if close:
            nearest = min(close, key=lambda e: abs(e.taken_at - taken_at))
            minutes = int(abs(nearest.taken_at - taken_at).total_seconds() // 60)
            side = "after" if nearest.taken_at <= taken_at else "before"
            span = "less than a minute" if minutes < 1 else f"{minutes} minutes"
            warnings.append(
                f"This is {span} {side} another dose; the minimum interval you "
                f"entered is {med.min_interval_minutes} minutes."
            )
    return warnings


def _heaviest_day_around(others: list[DoseEvent], taken_at: datetime) -> float:
    """The most taken in any rolling 24 hours that would also hold a dose at `taken_at`.

    Such a window [s, s + 24 h) starts in (taken_at - 24 h, taken_at]. Its total only changes
    where a dose enters or leaves it, so the windows starting at those points are enough:
    at an earlier dose, just after a later dose's time minus 24 h, and at the two ends.
    """
    day, tick = timedelta(hours=24), timedelta(seconds=1)
    times = [e.taken_at for e in others]
    starts = [taken_at, taken_at - day + tick, *times, *(t - day + tick for t in times)]
    return max(
        sum(e.amount or 0 for e in others if s <= e.taken_at < s + day)
        for s in starts
        if taken_at - day < s <= taken_at
    )


def record_as_needed(
    user: User,
    med: Medication,
    *,
    taken_at: datetime,
    amount: float | None,
    reason: str | None,
    note: str | None = None,
    confirmed: bool = False,
    request_key: str | None = None,
    now: datetime,
) -> DoseEvent:
    """Log an as-needed dose; passing a limit raises NeedsConfirmation unless confirmed."""
    if (existing := _existing_for_key(user, request_key)) is not None:
        return existing
    if not med.as_needed:
        raise Invalid(f"{med.name} is scheduled; mark it on its time.", "medication_id")
    _check_taken_at(taken_at, now)
    amount = _amount(amount, med.default_amount)
    if amount is None:
        raise Invalid("Enter the amount you took.", "amount")
    recent = _prn_taken_between(
        user, med, taken_at - timedelta(days=1), taken_at + timedelta(days=1)
    )
    warnings = as_needed_warnings(med, recent, taken_at, amount)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    event = DoseEvent(
        user_id=user.id,
        medication_id=med.id,
        action="taken",
        taken_at=taken_at,
        tz=user.timezone,
        amount=amount,
        reason=_text(reason, 200, "reason"),
        note=_text(note, 2000, "note"),
        over_limit=" ".join(warnings)[:300] or None,
        request_key=request_key,
        created_at=now,
    )
    return _save(user, event)


def update_dose(
    user: User,
    event: DoseEvent,
    *,
    row_version: int,
    action: str,
    taken_at: datetime | None,
    amount: float | None,
    reason: str | None,
    note: str | None,
    helped: int | None,
    now: datetime,
) -> None:
    """Edit a logged dose; a stale form (edited elsewhere meanwhile) is refused, not merged."""
    if row_version != event.row_version:
        raise Conflict(
            "This dose was changed elsewhere since you opened it. "
            "Reload to see the latest version, then make your change again."
        )
    if action not in ("taken", "skipped") or (event.scheduled_date is None and action != "taken"):
        raise Invalid("Choose taken or skipped.", "action")
    if action == "taken":
        if taken_at is None:
            raise Invalid("Enter when you took it.", "taken_at")
        _check_taken_at(taken_at, now)
    if helped is not None and not 0 <= helped <= 10:
        raise Invalid("Choose from 0 to 10.", "helped")
    event.action = action
    event.taken_at = taken_at if action == "taken" else None
    event.amount = _amount(amount, event.amount) if action == "taken" else None
    event.reason = _text(reason, 200, "reason")
    event.note = _text(note, 2000, "note")
    event.helped = helped
    db.session.flush()


def delete_dose(user: User, event: DoseEvent) -> None:
    """Delete a logged dose (a scheduled one becomes unrecorded again)."""
    db.session.delete(event)
    db.session.flush()


@dataclass(frozen=True)
class HistoryRow:
    day: date
    scheduled: datetime | None
    at: time | None
    event: DoseEvent | None
    amount: float | None
    status: str


def dose_history(
    user: User, med: Medication, *, first: date, last: date, now: datetime
) -> list[HistoryRow]:
    """Every dose of a medication in a local date range, missed ones included, newest first."""
    if first > last:
        raise Invalid("The start must be before the end.", "start")
    rows = [
        HistoryRow(
            s.day,
            s.scheduled,
            s.at,
            s.event,
            s.event.amount if s.event and s.event.amount else s.amount,
            s.status,
        )
        for s in _slots(user, [med], first, last, now)
    ]
    seen = {s.event.id for s in rows if s.event}
    for e in _events_in_days(user, med, first, last):
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
    return adherence(Outcome(s.scheduled, s.status) for s in _slots(user, [med], first, last, now))


@dataclass(frozen=True)
class Summary:
    """What the medication page shows beside the schedule timeline."""

    adherence_30: Adherence | None
    adherence_90: Adherence | None
    as_needed_30: int | None  # as-needed doses taken in the last 30 days
    as_needed_over_limit_30: int | None


def medication_summary(user: User, med: Medication, *, today: date, now: datetime) -> Summary:
    """Adherence over 30 and 90 days, or as-needed use over 30 days."""
    if med.as_needed:
        taken = _prn_taken_between(user, med, now - timedelta(days=30), now)
        return Summary(None, None, len(taken), sum(1 for e in taken if e.over_limit))
    return Summary(
        medication_adherence(user, med, first=today - timedelta(days=29), last=today, now=now),
        medication_adherence(user, med, first=today - timedelta(days=89), last=today, now=now),
        None,
        None,
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
        slot = f"for {event.scheduled_time:%H:%M}" if event.scheduled_time else "as needed"
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
