"""Medication rules: create and edit, schedule versions, taper plans, stop and delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.auth.models import User
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.journal import text
from tracker.medications import catalog
from tracker.medications.models import (
    STOP_REASONS,
    Medication,
    ScheduleDose,
    ScheduleVersion,
)
from tracker.medications.plan import PlannedDose, Version

EARLIEST_START = date(1900, 1, 1)
UNITS = ("mg", "µg", "g", "ml", "IU", "drops", "puffs", "tablet", "capsule")


@dataclass(frozen=True)
class MedicationFields:
    """What the user enters about a medication apart from its schedule."""

    name: str
    drug_class: str | None = None
    form: str | None = None
    strength: float | None = None
    unit: str = "mg"
    as_needed: bool = False
    purpose: str | None = None
    prescriber: str | None = None
    started_on: date | None = None
    default_amount: float | None = None
    max_per_24h: float | None = None
    min_interval_minutes: int | None = None
    notes: str | None = None


def medication_fields(med: Medication) -> MedicationFields:
    """A medication's fields as they are now (a partial edit changes some of them)."""
    return MedicationFields(
        name=med.name,
        drug_class=med.drug_class,
        form=med.form,
        strength=med.strength,
        unit=med.unit,
        as_needed=med.as_needed,
        purpose=med.purpose,
        prescriber=med.prescriber,
        started_on=med.started_on,
        default_amount=med.default_amount,
        max_per_24h=med.max_per_24h,
        min_interval_minutes=med.min_interval_minutes,
        notes=med.notes,
    )


def check_positive(value: float | None, field: str, *, upper: float = 100_000) -> float | None:
    if value is not None and not 0 < value <= upper:
        raise Invalid(f"Enter a number above 0 and at most {upper:g}.", field)
    return value


def apply_fields(med: Medication, f: MedicationFields) -> None:
    """Check a medication's fields and set them (brand names resolve to the generic)."""
    name, entry = catalog.resolve(f.name or "")
    if not name:
        raise Invalid("Enter the medication's name.", "name")
    med.name = text(name, 100, "name")
    drug_class = f.drug_class or (entry.drug_class if entry else None)
    if drug_class and drug_class not in catalog.CLASSES and drug_class != "other":
        raise Invalid("Choose a class from the list.", "drug_class")
    med.drug_class = drug_class
    if f.form and f.form not in catalog.FORMS:
        raise Invalid("Choose a form from the list.", "form")
    med.form = f.form or None
    if f.unit not in UNITS:
        raise Invalid("Choose a unit from the list.", "unit")
    med.unit = f.unit
    med.strength = check_positive(f.strength, "strength")
    med.as_needed = f.as_needed
    med.purpose = text(f.purpose, 200, "purpose")
    med.prescriber = text(f.prescriber, 100, "prescriber")
    med.notes = text(f.notes, 2000, "notes")
    med.default_amount = check_positive(f.default_amount, "default_amount")
    med.max_per_24h = check_positive(f.max_per_24h, "max_per_24h") if f.as_needed else None
    if f.as_needed and f.min_interval_minutes is not None:
        if not 1 <= f.min_interval_minutes <= 2880:
            raise Invalid("Enter between 1 and 2880 minutes.", "min_interval_minutes")
    med.min_interval_minutes = f.min_interval_minutes if f.as_needed else None


def check_doses(doses: Sequence[tuple[time, float]], field: str = "doses") -> list[PlannedDose]:
    """A schedule's dose times: at least one, amounts above zero, no time twice."""
    planned = sorted(
        (PlannedDose(at.replace(second=0, microsecond=0), a) for at, a in doses), key=lambda d: d.at
    )
    if not planned:
        raise Invalid("Enter at least one time of day with an amount.", field)
    if len({d.at for d in planned}) != len(planned):
        raise Invalid("Each time of day can appear once.", field)
    for d in planned:
        if not 0 < d.amount <= 100_000:
            raise Invalid("Amounts must be above 0.", field)
    return planned


def add_version(
    med: Medication,
    *,
    effective_from: date,
    doses: Sequence[PlannedDose],
    kind: str,
    note: str | None,
    now: datetime,
    taper_plan_id: int | None = None,
) -> ScheduleVersion:
    version = ScheduleVersion(
        user_id=med.user_id,
        effective_from=effective_from,
        kind=kind,
        note=text(note, 200, "note"),
        taper_plan_id=taper_plan_id,
        created_at=now,
        doses=[ScheduleDose(at=d.at, amount=d.amount) for d in doses],
    )
    med.versions.append(version)
    return version


def create_medication(
    user: User,
    fields: MedicationFields,
    *,
    doses: Sequence[tuple[time, float]] = (),
    today: date,
    now: datetime,
) -> Medication:
    """Add a medication; a scheduled one starts with its first schedule version."""
    med = Medication(user_id=user.id, created_at=now)
    apply_fields(med, fields)
    med.started_on = _check_start(fields.started_on or today)
    if med.started_on > today + timedelta(days=366):
        raise Invalid("Choose a start date within the next year.", "started_on")
    if not med.as_needed:
        planned = check_doses(doses)
        add_version(
            med, effective_from=med.started_on, doses=planned, kind="start", note=None, now=now
        )
    db.session.add(med)
    db.session.flush()
    return med


def update_medication(
    user: User, med: Medication, fields: MedicationFields, *, row_version: int | None
) -> None:
    """Edit what the medication is; its schedule changes only through new versions."""
    _check_version(med, row_version)
    was_as_needed = med.as_needed
    apply_fields(med, fields)
    if med.as_needed != was_as_needed:
        raise Invalid(
            "Scheduled and as-needed cannot be switched; add a new medication.", "as_needed"
        )
    if fields.started_on and fields.started_on != med.started_on:
        _check_start(fields.started_on)
        first = med.versions[0].effective_from if med.versions else None
        if first is not None and fields.started_on > first:
            raise Invalid("The start cannot move after the first schedule.", "started_on")
        if first is not None and fields.started_on < first:
            med.versions[0].effective_from = fields.started_on
        med.started_on = fields.started_on
    db.session.flush()  # the row version the answer shows is the one saved


def _check_start(day: date) -> date:
    # Charts and histories reach back to the start; year 1 has no instant in most zones.
    if day < EARLIEST_START:
        raise Invalid(f"Choose a start date from {EARLIEST_START.year} on.", "started_on")
    return day


def _check_version(record: Medication, row_version: int | None) -> None:
    if row_version is not None and row_version != record.row_version:
        raise Conflict(
            "This medication was changed elsewhere since you opened it. "
            "Reload to see the latest version, then make your change again."
        )


def current_version_date(med: Medication, today: date) -> date | None:
    past = [v.effective_from for v in med.versions if v.effective_from <= today]
    return max(past) if past else None


def drop_future_versions(med: Medication, from_day: date, today: date) -> None:
    for v in list(med.versions):
        if v.effective_from >= from_day and v.effective_from > today:
            med.versions.remove(v)


def change_schedule(
    user: User,
    med: Medication,
    *,
    effective_from: date,
    doses: Sequence[tuple[time, float]],
    note: str | None,
    today: date,
    now: datetime,
) -> ScheduleVersion:
    """Add a schedule version from `effective_from`; days before it keep their plan.

    Planned future versions from that date on (a taper) are replaced by the new one.
    """
    if med.as_needed:
        raise Invalid("As-needed medications have no schedule.", "effective_from")
    planned = check_doses(doses)
    current = current_version_date(med, today)
    if effective_from < med.started_on:
        raise Invalid(f"Choose a date from the start ({med.started_on}) on.", "effective_from")
    if current is not None and effective_from <= current and current < today:
        raise Invalid(
            f"A change from {current} is already in place; choose a later date.", "effective_from"
        )
    if med.stopped_on is not None and effective_from >= med.stopped_on:
        raise Invalid("The medication is stopped by then.", "effective_from")
    if effective_from > today + timedelta(days=366):
        raise Invalid("Choose a date within the next year.", "effective_from")
    drop_future_versions(med, effective_from, today)
    for v in list(med.versions):
        if v.effective_from == effective_from:  # today's own version: a same-day correction
            med.versions.remove(v)
    db.session.flush()
    version = add_version(
        med, effective_from=effective_from, doses=planned, kind="change", note=note, now=now
    )
    db.session.flush()
    return version


def stop_medication(
    user: User, med: Medication, *, stopped_on: date, reason: str, today: date
) -> None:
    """Stop from `stopped_on` (the first day without it); planned versions after it go."""
    if reason not in STOP_REASONS:
        raise Invalid("Choose a reason.", "stop_reason")
    if stopped_on <= med.started_on:
        raise Invalid("The stop must come after the start.", "stopped_on")
    if stopped_on > today + timedelta(days=366):
        raise Invalid("Choose a date within the next year.", "stopped_on")
    current = current_version_date(med, today)
    if current is not None and stopped_on <= current < today:
        raise Invalid(f"The schedule changed on {current}; stop after that.", "stopped_on")
    drop_future_versions(med, stopped_on, today)
    med.stopped_on, med.stop_reason = stopped_on, reason
    db.session.flush()


def restart_medication(user: User, med: Medication) -> None:
    """Undo a stop (entered by mistake or planned and called off)."""
    med.stopped_on = med.stop_reason = None
    db.session.flush()


# Every version and its doses of the medications loaded, in two statements for all of them
# (instead of two per medication, loaded one at a time as a page reads each plan).
SCHEDULES = selectinload(Medication.versions).selectinload(ScheduleVersion.doses)


def list_medications(user: User, *, with_schedules: bool = False) -> list[Medication]:
    """The user's medications: current ones first, then by name."""
    query = select(Medication).where(Medication.user_id == user.id)
    if with_schedules:
        query = query.options(SCHEDULES)
    meds = db.session.scalars(query).all()
    return sorted(meds, key=lambda m: (m.stopped_on is not None, m.name.lower()))


def current_version(med: Medication, today: date) -> ScheduleVersion | None:
    """The version in effect today, or the first planned one for a future start."""
    past = [v for v in med.versions if v.effective_from <= today]
    return past[-1] if past else (med.versions[0] if med.versions else None)


def plan_versions(med: Medication) -> list[Version]:
    """The medication's schedule as pure plan versions, oldest first."""
    return [
        Version(v.effective_from, tuple(PlannedDose(d.at, d.amount) for d in v.doses))
        for v in med.versions
    ]


@dataclass(frozen=True)
class VersionRow:
    id: int
    effective_from: date
    kind: str
    label: str
    doses: tuple[PlannedDose, ...]
    note: str | None
    planned: bool  # starts after today


def fmt_amount(amount: float) -> str:
    """12.5 -> '12.5', 100.0 -> '100'."""
    return f"{amount:g}"


def version_history(med: Medication, *, today: date) -> list[VersionRow]:
    """The schedule timeline, newest first, each labelled with its change ("50 → 100 mg")."""
    rows: list[VersionRow] = []
    previous = None
    for v in med.versions:
        total = v.daily_total
        if previous is None:
            label = f"Started at {fmt_amount(total)} {med.unit} a day"
        elif total != previous:
            word = (
                "Taper step"
                if v.kind == "taper"
                else ("Increase" if total > previous else "Decrease")
            )
            label = f"{word}: {fmt_amount(previous)} → {fmt_amount(total)} {med.unit} a day"
        else:
            label = f"Times changed, still {fmt_amount(total)} {med.unit} a day"
        rows.append(
            VersionRow(
                v.id,
                v.effective_from,
                v.kind,
                label,
                tuple(PlannedDose(d.at, d.amount) for d in v.doses),
                v.note,
                v.effective_from > today,
            )
        )
        previous = total
    return rows[::-1]
