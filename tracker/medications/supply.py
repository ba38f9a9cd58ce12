"""Supply and refills: what one unit is, refills and counts, the level and the estimate of
when it runs short, read through the medication plan (changes, taper steps, a planned stop).

The level is computed from the events and the taken doses each time (tracker/medications/
stock.py), not stored: editing or deleting a dose, or correcting a count in the past, moves
every later level with nothing to keep in step, and a dose import needs no second write.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from tracker import journal
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import text
from tracker.medications import stock
from tracker.medications.models import DoseEvent, Medication, MedicationSupply, SupplyEvent
from tracker.medications.plan import scheduled_instant, slots_on
from tracker.medications.services import SCHEDULES, UNITS, plan_versions
from tracker.timeutils import local_today

UNIT_KINDS = {
    "tablet": "tablets",
    "capsule": "capsules",
    "ml": "ml",
    "patch": "patches",
    "sachet": "sachets",
    "puff": "puffs",
    "drop": "drops",
    "injection": "injections",
    "unit": "units",
}
DEFAULT_WARN_DAYS = 7
AVERAGE_DAYS = 28  # as-needed use is averaged over the last four weeks
HORIZON_DAYS = 366  # the estimate looks a year ahead at most
MAX_UNITS = 100_000.0


@dataclass(frozen=True)
class SupplyFields:
    unit_kind: str
    unit_size: float | None
    size_unit: str | None = None  # the medication's dose unit when left out
    warn_days: int | None = DEFAULT_WARN_DAYS


@dataclass(frozen=True)
class SupplyStatus:
    """The level now and the estimate, for the medication page, Today and the API."""

    medication_id: int
    name: str
    unit_kind: str
    level: float | None  # units on hand now; None before the first count
    days_left: int | None
    runs_out_on: date | None
    until_stop: date | None  # enough until this stop (none runs out before it)
    basis: str | None  # "schedule", "average" (as needed, last 28 days) or None
    per_day: float | None  # as needed: the average units a day
    warn_days: int
    problem: str | None = None  # why there is no estimate
    over_days: int | None = None  # as needed: the days the average is taken over

    @property
    def units_label(self) -> str:
        return UNIT_KINDS.get(self.unit_kind, self.unit_kind)

    @property
    def warn(self) -> bool:
        return self.days_left is not None and self.days_left <= self.warn_days


@dataclass(frozen=True)
class EventRow:
    event: SupplyEvent
    level_after: float | None


@dataclass(frozen=True)
class RefillDue:
    """A medication whose supply runs short within its warning days (for the reminders)."""

    medication_id: int
    name: str
    days_left: int
    runs_out_on: date
    level: float


def get_supply(user: User, med: Medication) -> MedicationSupply | None:
    """The medication's supply settings, or None while supply is not tracked."""
    return db.session.scalar(
        select(MedicationSupply).where(
            MedicationSupply.user_id == user.id, MedicationSupply.medication_id == med.id
        )
    )


def _size_in_dose_unit(med: Medication, supply: MedicationSupply) -> float | None:
    factor = stock.size_factor(supply.size_unit, med.unit)
    return None if factor is None else supply.unit_size * factor


def _check_units(units: float | None, field: str, *, zero: bool) -> float:
    low_ok = units is not None and (units >= 0 if zero else units > 0)
    if units is None or not low_ok or units > MAX_UNITS:
        word = "0 or more" if zero else "above 0"
        raise Invalid(f"Enter a number of units {word}, at most {MAX_UNITS:g}.", field)
    return units


def check_fields(med: Medication, fields: SupplyFields) -> SupplyFields:
    """A unit kind from the list, a size above zero in the medication's unit (or a mass unit
    that converts to it), and warning days from 0 to 90."""
    if fields.unit_kind not in UNIT_KINDS:
        raise Invalid("Choose what one unit is from the list.", "unit_kind")
    if fields.unit_size is None or not 0 < fields.unit_size <= MAX_UNITS:
        raise Invalid("Enter how much one unit holds, above 0.", "unit_size")
    size_unit = fields.size_unit or med.unit
    if size_unit not in UNITS or stock.size_factor(size_unit, med.unit) is None:
        raise Invalid(
            f"Doses of {med.name} are entered in {med.unit}; give the size in {med.unit}.",
            "size_unit",
        )
    warn = DEFAULT_WARN_DAYS if fields.warn_days is None else fields.warn_days
    if not 0 <= warn <= 90:
        raise Invalid("Enter between 0 and 90 days.", "warn_days")
    return SupplyFields(fields.unit_kind, fields.unit_size, size_unit, warn)


def set_supply(
    user: User,
    med: Medication,
    fields: SupplyFields,
    *,
    units_on_hand: float | None = None,
    now: datetime,
) -> MedicationSupply:
    """Start tracking (with the units on hand now, the first count) or change the settings."""
    checked = check_fields(med, fields)
    supply = get_supply(user, med)
    if supply is None:
        units = _check_units(units_on_hand, "units_on_hand", zero=True)
        supply = MedicationSupply(user_id=user.id, medication_id=med.id, created_at=now)
        db.session.add(supply)
        db.session.add(_event(user, med, "count", now, units, None, now))
    supply.unit_kind, supply.unit_size = checked.unit_kind, checked.unit_size
    supply.size_unit, supply.warn_days = checked.size_unit, checked.warn_days
    db.session.flush()
    return supply


def stop_tracking(user: User, med: Medication) -> None:
    """Forget the supply settings and every refill and count of the medication."""
    for event in _events(user, med):
        db.session.delete(event)
    supply = get_supply(user, med)
    if supply is not None:
        db.session.delete(supply)
    db.session.flush()


def _event(
    user: User, med: Medication, kind: str, at: datetime, units: float, note: str | None, now
) -> SupplyEvent:
    return SupplyEvent(
        user_id=user.id,
        medication_id=med.id,
        kind=kind,
        at=at,
        tz=user.timezone,
        units=units,
        note=text(note, 200, "note"),
        created_at=now,
    )


def add_event(
    user: User,
    med: Medication,
    *,
    kind: str,
    units: float | None,
    at: datetime | None = None,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> SupplyEvent:
    """Log a refill (units added) or a count ("counted N units at <instant>", which sets the
    level at that instant; a count in the past corrects every level after it). The same form
    sent twice (its request key) saves once: a refill is never added twice."""
    if (existing := journal.saved_before(user, SupplyEvent, request_key)) is not None:
        return existing
    if get_supply(user, med) is None:
        raise Invalid("Set up the supply of this medication first.", "units")
    if kind not in (stock.REFILL, stock.COUNT):
        raise Invalid("Choose a refill or a count.", "kind")
    checked = _check_units(units, "units", zero=kind == "count")
    at = at or now
    journal.check_time(at, now, field="at")
    event = _event(user, med, kind, at, checked, note, now)
    event.request_key = request_key
    event = journal.save_once(user, event)
    db.session.flush()
    return event


def delete_event(user: User, event: SupplyEvent) -> None:
    """Delete a refill or a count; the only count is the level's start and stays."""
    if event.kind == "count":
        counts = db.session.scalars(
            select(SupplyEvent.id).where(
                SupplyEvent.user_id == user.id,
                SupplyEvent.medication_id == event.medication_id,
                SupplyEvent.kind == "count",
            )
        ).all()
        if len(counts) <= 1:
            raise Invalid(
                "This is the only count, where the level starts; stop tracking the supply "
                "instead, or add a new count first.",
                None,
            )
    db.session.delete(event)
    db.session.flush()


def _events(user: User, med: Medication) -> list[SupplyEvent]:
    return list(
        db.session.scalars(
            select(SupplyEvent)
            .where(SupplyEvent.user_id == user.id, SupplyEvent.medication_id == med.id)
            .order_by(SupplyEvent.at, SupplyEvent.id)
        )
    )


def _changes(events: list[SupplyEvent]) -> list[stock.Change]:
    return [stock.Change(e.at, e.kind, e.units, e.id) for e in events]


def _uses(med: Medication, size: float, since: datetime | None) -> list[stock.Use]:
    """The units of the medication's taken doses after `since` (skipped ones use none; a dose
    logged without an amount counts as the usual amount, or not at all without one)."""
    if since is None:
        return []
    rows = db.session.execute(
        select(DoseEvent.taken_at, DoseEvent.amount).where(
            DoseEvent.user_id == med.user_id,
            DoseEvent.medication_id == med.id,
            DoseEvent.action == "taken",
            DoseEvent.taken_at > since,
        )
    )
    uses = []
    for taken_at, amount in rows:
        amount = amount if amount is not None else med.default_amount
        if amount is not None:
            uses.append(stock.Use(taken_at, stock.units_of(amount, size)))
    return uses


def list_events(user: User, med: Medication) -> list[EventRow]:
    """The refills and counts, newest first, each with the level just after it."""
    supply = get_supply(user, med)
    events = _events(user, med)
    size = _size_in_dose_unit(med, supply) if supply else None
    if not events or size is None:
        return [EventRow(e, None) for e in reversed(events)]
    changes = _changes(events)
    uses = _uses(med, size, events[0].at)
    rows = []
    for i, e in enumerate(events):
        # a later event at the same instant is not in yet
        level = stock.level_at(changes[: i + 1], uses, e.at)
        rows.append(EventRow(e, None if level is None else round(level, 2)))
    return rows[::-1]


def supply_status(user: User, med: Medication, *, now: datetime) -> SupplyStatus | None:
    """The level now and the estimate of when it runs short; None while supply is not tracked."""
    supply = get_supply(user, med)
    if supply is None:
        return None
    base = SupplyStatus(
        med.id, med.name, supply.unit_kind, None, None, None, None, None, None, supply.warn_days
    )
    size = _size_in_dose_unit(med, supply)
    if size is None:
        return _with(
            base, problem=f"The unit size is in {supply.size_unit}; doses are in {med.unit}."
        )
    events = _events(user, med)
    counts = [e for e in events if e.kind == "count" and e.at <= now]
    since = max((e.at for e in counts), default=None)
    level = stock.level_at(_changes(events), _uses(med, size, since), now)
    if level is not None:
        level = round(level, 2)  # a third of a tablet is shown as 0.33
    if level is None:
        return _with(base, problem="No count yet.")
    today = local_today(user.timezone, now)
    if med.stopped_on is not None and med.stopped_on <= today:
        return _with(base, level=level, problem=f"Stopped from {med.stopped_on}: no estimate.")
    if med.as_needed:
        return _as_needed_estimate(_with(base, level=level), med, size, today, now)
    needs = _needs(user, med, size, today, now)
    return _dated(
        _with(base, level=level, basis="schedule"), med, stock.run_out_day(level, needs), today
    )


def _with(status: SupplyStatus, **changes) -> SupplyStatus:
    return SupplyStatus(**{**vars(status), **changes})


def _dated(
    status: SupplyStatus, med: Medication, runs_out: date | None, today: date
) -> SupplyStatus:
    """The run-out day as days left; a planned stop before it means none."""
    if med.stopped_on is not None and (runs_out is None or runs_out >= med.stopped_on):
        return _with(status, until_stop=med.stopped_on)
    if runs_out is None:
        return status  # more than the horizon: no date to give
    return _with(status, days_left=(runs_out - today).days, runs_out_on=runs_out)


def _needs(
    user: User, med: Medication, size: float, today: date, now: datetime
) -> Iterator[tuple[date, float]]:
    """Each local day's units still to take from today on: today's open doses (not logged,
    window not passed), then each later day's plan, up to the stop or a year ahead."""
    logged = set(
        db.session.execute(
            select(DoseEvent.scheduled_date, DoseEvent.scheduled_time).where(
                DoseEvent.user_id == user.id,
                DoseEvent.medication_id == med.id,
                DoseEvent.scheduled_date >= today,
            )
        ).all()
    )
    versions = plan_versions(med)
    window = timedelta(minutes=user.on_time_window_minutes)
    for offset in range(HORIZON_DAYS):
        day = today + timedelta(days=offset)  # a date, not 24 hours: DST changes are one day
        units = 0.0
        for planned in slots_on(versions, day, med.started_on, med.stopped_on):
            if (day, planned.at) in logged:
                continue
            if day == today and scheduled_instant(day, planned.at, user.timezone) + window < now:
                continue  # missed: it takes nothing from the supply
            units += stock.units_of(planned.amount, size)
        yield day, units


def _as_needed_estimate(
    status: SupplyStatus, med: Medication, size: float, today: date, now: datetime
) -> SupplyStatus:
    """As needed: the average use of the last 28 days (fewer since a recent start)."""
    days = max(1, min(AVERAGE_DAYS, (today - med.started_on).days + 1))
    start = now - timedelta(days=days)
    used = sum(u.units for u in _uses(med, size, start) if u.at <= now)
    status = _with(status, basis="average", per_day=used / days if used else None, over_days=days)
    left = stock.average_days_left(status.level or 0.0, used, days)
    if left is None:
        return _with(status, problem=f"No doses in the last {days} days, so no estimate.")
    return _dated(status, med, today + timedelta(days=left), today)


def _tracked(user: User, now: datetime) -> list[SupplyStatus]:
    meds = db.session.scalars(
        select(Medication)
        .join(MedicationSupply, MedicationSupply.medication_id == Medication.id)
        .where(Medication.user_id == user.id)
        .options(SCHEDULES)
    ).all()
    found = (supply_status(user, med, now=now) for med in meds)
    return [status for status in found if status is not None]


def warnings(user: User, now: datetime) -> dict[int, SupplyStatus]:
    """By medication id, the supplies that run short within their warning days (Today)."""
    return {s.medication_id: s for s in _tracked(user, now) if s.warn}


def refills_due(user: User, now: datetime) -> list[RefillDue]:
    """The user's medications whose supply runs short within their warning days, soonest
    first: what a refill reminder names (no stopped or untracked medication)."""
    due = [
        RefillDue(s.medication_id, s.name, s.days_left, s.runs_out_on, s.level or 0.0)
        for s in _tracked(user, now)
        if s.warn and s.days_left is not None and s.runs_out_on is not None
    ]
    return sorted(due, key=lambda d: (d.runs_out_on, d.name.lower()))
