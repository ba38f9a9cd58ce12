"""Vitals rules: log, edit, the weight unit, and the timeline line (delete: tracker.entries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker import entries
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem, check_version, entry_time, text
from tracker.vitals.models import VitalSign

UNITS = ("kg", "lb")
KG_PER_LB = 0.45359237  # exact, by the international definition of the pound
# Ranges wide enough for any adult a person would enter, narrow enough to catch a typo
# (a weight in the wrong unit, a blood pressure with its numbers swapped).
MIN_KG, MAX_KG = 20, 350
MIN_SYSTOLIC, MAX_SYSTOLIC = 60, 260
MIN_DIASTOLIC, MAX_DIASTOLIC = 30, 160
MIN_RATE, MAX_RATE = 25, 250  # beats per minute, pulse and resting heart rate
NOTE_LIMIT = 2000


@dataclass(frozen=True)
class VitalFields:
    """What the user enters; any measure may be left out, but not all of them."""

    at: datetime | None = None
    weight: float | None = None
    weight_unit: str | None = None  # None: the user's own unit
    systolic: int | None = None
    diastolic: int | None = None
    pulse: int | None = None
    heart_rate: int | None = None
    note: str | None = None


def to_kg(weight: float, unit: str) -> float:
    return weight * KG_PER_LB if unit == "lb" else weight


def in_unit(weight: float, stored_unit: str, unit: str) -> float:
    """A stored weight in `unit`: as entered when the units match, else converted to 0.1."""
    if stored_unit == unit:
        return weight
    kg = to_kg(weight, stored_unit)
    return round(kg if unit == "kg" else kg / KG_PER_LB, 1)


def weight_text(weight: float, stored_unit: str, unit: str) -> str:
    """ "82.4 kg", "180.0 lb": a weight always shows one decimal, as scales do."""
    return f"{in_unit(weight, stored_unit, unit):.1f} {unit}"


def _weight(f: VitalFields, default_unit: str) -> tuple[float | None, str | None]:
    if f.weight is None:
        return None, None
    unit = f.weight_unit or default_unit
    if unit not in UNITS:
        raise Invalid("Choose kg or lb.", "weight_unit")
    # Kept to 0.1 in the unit it was entered in: what a scale shows, and what reads back.
    weight = round(f.weight, 1)
    if not MIN_KG <= to_kg(weight, unit) <= MAX_KG:
        low, high = (MIN_KG, MAX_KG) if unit == "kg" else (44.1, 771.6)
        raise Invalid(f"Enter a weight from {low:g} to {high:g} {unit}.", "weight")
    return weight, unit


def _rate(value: int | None, field: str) -> int | None:
    if value is not None and not MIN_RATE <= value <= MAX_RATE:
        raise Invalid(f"Enter from {MIN_RATE} to {MAX_RATE} beats per minute.", field)
    return value


def _pressure(f: VitalFields) -> None:
    if (f.systolic is None) != (f.diastolic is None):
        missing = "diastolic" if f.diastolic is None else "systolic"
        raise Invalid("Enter both numbers of the blood pressure (like 120 over 80).", missing)
    if f.systolic is None or f.diastolic is None:
        if f.pulse is not None:
            raise Invalid(
                "A pulse goes with a blood pressure reading; "
                "enter it as resting heart rate instead.",
                "pulse",
            )
        return
    if not MIN_SYSTOLIC <= f.systolic <= MAX_SYSTOLIC:
        raise Invalid(f"Enter the upper number from {MIN_SYSTOLIC} to {MAX_SYSTOLIC}.", "systolic")
    if not MIN_DIASTOLIC <= f.diastolic <= MAX_DIASTOLIC:
        raise Invalid(
            f"Enter the lower number from {MIN_DIASTOLIC} to {MAX_DIASTOLIC}.", "diastolic"
        )
    if f.systolic <= f.diastolic:
        raise Invalid("The upper number (systolic) must be above the lower one.", "diastolic")


def clean_vitals(f: VitalFields, default_unit: str) -> dict:
    """Every field checked; raises Invalid beside the first one that breaks a rule."""
    measures = (f.weight, f.systolic, f.diastolic, f.pulse, f.heart_rate)
    if all(value is None for value in measures):
        raise Invalid("Enter a weight, a blood pressure or a heart rate.", "weight")
    weight, unit = _weight(f, default_unit)
    _pressure(f)
    return {
        "weight": weight,
        "weight_unit": unit,
        "systolic": f.systolic,
        "diastolic": f.diastolic,
        "pulse": _rate(f.pulse, "pulse"),
        "heart_rate": _rate(f.heart_rate, "heart_rate"),
        "note": text(f.note, NOTE_LIMIT, "note"),
    }


def record_vitals(
    user: User, fields: VitalFields, *, request_key: str | None = None, now: datetime
) -> VitalSign:
    """Log vitals (back-dating allowed, the future not); the same form sent twice logs once."""
    values = clean_vitals(fields, user.weight_unit)
    return entries.new_entry(
        user, VitalSign, at=fields.at, now=now, request_key=request_key, **values
    )


def update_vitals(
    user: User, entry: VitalSign, fields: VitalFields, *, row_version: int | None, now: datetime
) -> None:
    """Edit an entry; a form opened before another change to it is refused, not merged."""
    check_version(entry, row_version)
    values = clean_vitals(fields, user.weight_unit)
    if fields.at is not None and fields.at != entry.at:
        entry.at, entry.day = entry_time(user.timezone, fields.at, now=now)
        entry.tz = user.timezone
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.flush()


def vital_fields(entry: VitalSign) -> VitalFields:
    """An entry's current fields, to change some of them."""
    return VitalFields(
        at=entry.at,
        weight=entry.weight,
        weight_unit=entry.weight_unit,
        systolic=entry.systolic,
        diastolic=entry.diastolic,
        pulse=entry.pulse,
        heart_rate=entry.heart_rate,
        note=entry.note,
    )


def set_weight_unit(user: User, unit: str) -> None:
    """Enter and show weights in kg or lb; weights already logged keep what was entered."""
    if unit not in UNITS:
        raise Invalid("Choose kg or lb.", "weight_unit")
    user.weight_unit = unit
    db.session.flush()


def summary(entry: VitalSign, unit: str) -> str:
    """ "Weight 82.4 kg · BP 128/82, pulse 71 · resting heart rate 64"."""
    parts = []
    if entry.weight is not None and entry.weight_unit:
        parts.append(f"Weight {weight_text(entry.weight, entry.weight_unit, unit)}")
    if entry.systolic is not None:
        pressure = f"BP {entry.systolic}/{entry.diastolic}"
        parts.append(pressure + (f", pulse {entry.pulse}" if entry.pulse is not None else ""))
    if entry.heart_rate is not None:
        parts.append(f"resting heart rate {entry.heart_rate}")
    return " · ".join(parts)


def list_vitals(user: User) -> list[VitalSign]:
    """All the user's entries, newest first."""
    return entries.all_entries(VitalSign, user)


def vitals_between(user: User, first: date, last: date) -> list[VitalSign]:
    """The entries of local days first..last, earliest first."""
    return entries.entries_between(VitalSign, user, first, last, earliest_first=True)


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every entry from `first` to `last` (local days) as a timeline row."""
    return [
        TimelineItem(
            kind="vitals",
            at=e.at,
            day=e.day,
            title="Vitals",
            detail=summary(e, user.weight_unit),
            entry_id=e.id,
            edit_endpoint="vitals.edit",
            delete_endpoint="vitals.delete",
            id_arg="vital_id",
        )
        for e in vitals_between(user, first, last)
    ]
