"""The dose log: a day's doses with their status, recording, editing, history, adherence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from tracker import journal
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import text
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import (
    DUE,
    counts_from,
    dose_status,
    scheduled_instant,
    slots_on,
)
from tracker.medications.services import SCHEDULES, plan_versions
from tracker.timeutils import local_today, to_local


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
    time_reached: bool = True  # the scheduled instant has come: "Taken at 08:00" is offered


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


def slots_between(
    user: User, meds: list[Medication], first: date, last: date, now: datetime
) -> Iterator[Slot]:
    events = _events_by_slot(user, [m.id for m in meds], first, last)
    return slots_of(user, meds, events, first, last, now)


def slots_of(
    user: User,
    meds: list[Medication],
    events: dict[tuple[int, date, time], DoseEvent],
    first: date,
    last: date,
    now: datetime,
) -> Iterator[Slot]:
    """The scheduled doses of local days first..last, each with its event from `events` (by
    medication id, day and time) and its status at `now`: no database (the snapshot's too)."""
    window = _window(user)
    for med in meds:
        versions = plan_versions(med)
        begins = counts_from(med.started_on, med.created_at, user.timezone, window)
        day = max(first, med.started_on)
        while day <= last:
            for planned in slots_on(versions, day, med.started_on, med.stopped_on):
                event = events.get((med.id, day, planned.at))
                tz = event.tz if event else user.timezone
                at = scheduled_instant(day, planned.at, tz)
                if at < begins and event is None:  # before the medication was added: no dose
                    continue
                status = dose_status(
                    scheduled=at,
                    action=event.action if event else None,
                    taken_at=event.taken_at if event else None,
                    window=window,
                    now=now,
                )
                yield Slot(med, day, planned.at, planned.amount, at, event, status, at <= now)
            day += timedelta(days=1)


def _user_meds(user: User, *, as_needed: bool | None = None) -> list[Medication]:
    query = select(Medication).where(Medication.user_id == user.id)
    if as_needed is not None:
        query = query.where(Medication.as_needed == as_needed)
    if not as_needed:  # scheduled ones: their plans are read next
        query = query.options(SCHEDULES)
    return list(db.session.scalars(query.order_by(Medication.name)))


def day_sheet(user: User, day: date, *, now: datetime) -> DaySheet:
    """Everything the Today page shows for a local day."""
    scheduled = _user_meds(user, as_needed=False)
    slots = sorted(
        slots_between(user, scheduled, day - timedelta(days=1), day, now),
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
    taken = prn_taken_between(user, med, now - timedelta(days=2), now + journal.FUTURE_TOLERANCE)
    used = sum(e.amount or 0 for e in taken if e.taken_at > now - timedelta(hours=24))
    on_day = [e for e in taken if to_local(e.taken_at, user.timezone).date() == day]
    return AsNeeded(med, taken[-1] if taken else None, used, on_day)


def prn_taken_between(
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


def check_taken_at(taken_at: datetime, now: datetime, *, history: bool = False) -> None:
    """The journal's rule for an entry's time (`history`: imported, any number of years back)."""
    journal.check_time(taken_at, now, field="taken_at", history=history)


def existing_for_key(user: User, request_key: str | None) -> DoseEvent | None:
    return journal.saved_before(user, DoseEvent, request_key)


def _plannedchecked_amount(med: Medication, day: date, at: time) -> float:
    for planned in slots_on(plan_versions(med), day, med.started_on, med.stopped_on):
        if planned.at == at:
            return planned.amount
    raise Invalid(f"{med.name} has no dose planned at {at:%H:%M} on {day}.", "at")


def save_once(user: User, event: DoseEvent) -> DoseEvent:
    """Insert once: a repeated form (same request key) or a second record for one slot is
    answered with the first record, even when two requests race."""
    return journal.save_once(user, event, same=lambda e: _slot_event(user, e))


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
    history: bool = False,
) -> DoseEvent:
    """Mark one scheduled dose taken or skipped; a second mark of the same slot changes nothing.
    `history`: imported from another app, so older than ten years is allowed."""
    if (existing := existing_for_key(user, request_key)) is not None:
        return existing
    event = scheduled_dose(
        user, med, day=day, at=at, action=action, taken_at=taken_at, amount=amount,
        reason=reason, note=note, request_key=request_key, now=now, history=history,
    )  # fmt: skip
    return save_once(user, event)


def scheduled_dose(
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
    history: bool = False,
) -> DoseEvent:
    """The checked, unsaved mark of one scheduled dose (`record_scheduled` saves it; an import
    writes many in bulk)."""
    if action not in ("taken", "skipped"):
        raise Invalid("Choose taken or skipped.", "action")
    today = local_today(user.timezone, now)
    oldest = date.min if history else today - journal.OLDEST
    if not oldest <= day <= today + timedelta(days=1):
        raise Invalid("Choose a day from the last ten years up to tomorrow.", "day")
    planned = _plannedchecked_amount(med, day, at)
    if action == "taken":
        taken_at = taken_at or now
        check_taken_at(taken_at, now, history=history)
    elif scheduled_instant(day, at, user.timezone) > now + timedelta(days=1):
        raise Invalid("Doses can be skipped up to a day ahead.", "day")
    return DoseEvent(
        user_id=user.id,
        medication_id=med.id,
        scheduled_date=day,
        scheduled_time=at,
        action=action,
        taken_at=taken_at if action == "taken" else None,
        tz=user.timezone,
        amount=checked_amount(amount, planned) if action == "taken" else None,
        reason=text(reason, 200, "reason"),
        note=text(note, 2000, "note"),
        request_key=request_key,
        created_at=now,
    )


def take_at_scheduled_time(
    user: User,
    med: Medication,
    *,
    day: date,
    at: time,
    amount: float | None = None,
    request_key: str | None = None,
    now: datetime,
) -> DoseEvent:
    """Mark a scheduled dose taken at its scheduled time (taken on time, logged later)."""
    if (existing := existing_for_key(user, request_key)) is not None:
        return existing
    scheduled = scheduled_instant(day, at, user.timezone)
    if scheduled > now:
        raise Invalid(
            f"It is not {at:%H:%M} yet, so this dose cannot be taken at its time; "
            "log it with Taken now instead.",
            "taken_at",
        )
    return record_scheduled(
        user,
        med,
        day=day,
        at=at,
        action="taken",
        taken_at=scheduled,
        amount=amount,
        request_key=request_key,
        now=now,
    )


def checked_amount(value: float | None, default: float | None) -> float | None:
    value = default if value is None else value
    if value is not None and not 0 < value <= 100_000:
        raise Invalid("Enter an amount above 0.", "amount")
    return value


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
    journal.check_version(event, row_version)  # type: ignore[arg-type]  # a dose is no JournalEntry
    if action not in ("taken", "skipped") or (event.scheduled_date is None and action != "taken"):
        raise Invalid("Choose taken or skipped.", "action")
    if action == "taken":
        if taken_at is None:
            raise Invalid("Enter when you took it.", "taken_at")
        check_taken_at(taken_at, now)
    if helped is not None and not 0 <= helped <= 10:
        raise Invalid("Choose from 0 to 10.", "helped")
    event.action = action
    event.taken_at = taken_at if action == "taken" else None
    event.amount = checked_amount(amount, event.amount) if action == "taken" else None
    event.reason = text(reason, 200, "reason")
    event.note = text(note, 2000, "note")
    event.helped = helped
    db.session.flush()


def skip_reasons(
    user: User, med_ids: list[int], first: date, last: date
) -> dict[int, Counter[str]]:
    """Per medication, how often each reason was given for a skipped dose of the range's days
    ("no reason given" for a skip without one)."""
    if not med_ids:
        return {}
    rows = db.session.execute(
        select(DoseEvent.medication_id, DoseEvent.reason).where(
            DoseEvent.user_id == user.id,
            DoseEvent.medication_id.in_(med_ids),
            DoseEvent.action == "skipped",
            DoseEvent.scheduled_date >= first,
            DoseEvent.scheduled_date <= last,
        )
    )
    return reason_counts(rows)


def reason_counts(rows: Iterable[tuple[int, str | None]]) -> dict[int, Counter[str]]:
    """(medication id, reason) of skipped doses -> how often each reason was given."""
    found: dict[int, Counter[str]] = {}
    for med_id, reason in rows:
        found.setdefault(med_id, Counter())[(reason or "").strip() or "no reason given"] += 1
    return found
