"""Lab result rules: log, edit, and the timeline line (delete: tracker.entries). A value is shown
beside the lab's own range as entered and never judged: outside it is "outside the lab's range"."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker import entries
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem, check_version, entry_time, text
from tracker.labs import catalog
from tracker.labs.models import LabResult

NAME_LIMIT = 100
UNIT_LIMIT = 30
NOTE_LIMIT = 2000
MAX_VALUE = 1_000_000  # no lab value comes near; a larger number is a typo
# A dose more than this before the draw says nothing about a trough: refused as a typo.
MAX_DOSE_GAP = timedelta(days=14)
OUTSIDE = "outside the lab's range"


@dataclass(frozen=True)
class LabFields:
    """What the user enters; `at` is when the blood was drawn (None: now)."""

    test: str | None  # a catalog key; None or "" with a `name`: another test
    value: float | None
    unit: str | None = None  # None: the catalog test's usual unit
    name: str | None = None
    ref_low: float | None = None
    ref_high: float | None = None
    last_dose_at: datetime | None = None
    at: datetime | None = None
    note: str | None = None


def _number(value: float | None, field: str, message: str) -> float | None:
    if value is None:
        return None
    if not math.isfinite(value) or not 0 <= value <= MAX_VALUE:
        raise Invalid(message, field)
    return value


def _named(f: LabFields) -> tuple[str | None, str | None, str]:
    """(catalog key, own name, unit)."""
    test = catalog.lookup(f.test)
    if f.test and test is None:
        raise Invalid("Choose the test from the list, or type its name.", "test")
    unit = text(f.unit, UNIT_LIMIT, "unit")
    if test is not None:
        return test.key, None, unit or test.units[0]
    name = text(f.name, NAME_LIMIT, "name")
    if name is None:
        raise Invalid("Choose the test from the list, or type its name.", "name")
    if unit is None:
        raise Invalid("Enter the unit the lab gave (like mmol/L).", "unit")
    return None, name, unit


def clean_lab(f: LabFields, at: datetime) -> dict:
    """Every field checked; raises Invalid beside the first one that breaks a rule."""
    test, name, unit = _named(f)
    if f.value is None:
        raise Invalid("Enter the result as a number.", "value")
    value = _number(f.value, "value", "Enter the result as a number of 0 or more.")
    low = _number(f.ref_low, "ref_low", "Enter the low end as a number of 0 or more.")
    high = _number(f.ref_high, "ref_high", "Enter the high end as a number of 0 or more.")
    if low is not None and high is not None and low > high:
        raise Invalid("The low end of the range must not be above the high end.", "ref_high")
    if f.last_dose_at is not None:
        if f.last_dose_at >= at:
            raise Invalid("The last dose must be before the blood was drawn.", "last_dose_at")
        if at - f.last_dose_at > MAX_DOSE_GAP:
            raise Invalid("Enter a last dose within 14 days before the draw.", "last_dose_at")
    return {
        "test": test,
        "name": name,
        "value": value,
        "unit": unit,
        "ref_low": low,
        "ref_high": high,
        "last_dose_at": f.last_dose_at,
        "note": text(f.note, NOTE_LIMIT, "note"),
    }


def record_lab(
    user: User, fields: LabFields, *, request_key: str | None = None, now: datetime
) -> LabResult:
    """Log a result (back-dating allowed, the future not); the same form sent twice logs once."""
    at, _ = entry_time(user.timezone, fields.at, now=now)  # the dose gap is checked against it
    values = clean_lab(fields, at)
    return entries.new_entry(user, LabResult, at=at, now=now, request_key=request_key, **values)


def update_lab(
    user: User, entry: LabResult, fields: LabFields, *, row_version: int | None, now: datetime
) -> None:
    """Edit a result; a form opened before another change to it is refused, not merged."""
    check_version(entry, row_version)
    at, day, tz = entry.at, entry.day, entry.tz
    if fields.at is not None and fields.at != entry.at:
        (at, day), tz = entry_time(user.timezone, fields.at, now=now), user.timezone
    values = clean_lab(fields, at)
    entry.at, entry.day, entry.tz = at, day, tz
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.flush()


def lab_fields(entry: LabResult) -> LabFields:
    """A result's current fields, to change some of them."""
    return LabFields(
        test=entry.test,
        value=entry.value,
        unit=entry.unit,
        name=entry.name,
        ref_low=entry.ref_low,
        ref_high=entry.ref_high,
        last_dose_at=entry.last_dose_at,
        at=entry.at,
        note=entry.note,
    )


def label(entry: LabResult) -> str:
    """The test's name: the catalog's, or the one the user typed."""
    test = catalog.lookup(entry.test)
    return test.label if test is not None else entry.name or "Lab result"


def number(value: float) -> str:
    """0.72, 140, 5.5: as a lab prints it, without a float's trailing noise."""
    return f"{value:.6g}"


def range_text(entry: LabResult) -> str | None:
    """ "lab's range 0.6–1", "lab's range up to 4", or None when none was entered."""
    low, high = entry.ref_low, entry.ref_high
    if low is not None and high is not None:
        return f"lab's range {number(low)}–{number(high)}"
    if low is not None:
        return f"lab's range from {number(low)}"
    if high is not None:
        return f"lab's range up to {number(high)}"
    return None


def since_dose(entry: LabResult) -> str | None:
    """ "12 h after the last dose", "12 h 30 min ...", "3 days ...", or None."""
    if entry.last_dose_at is None:
        return None
    minutes = round((entry.at - entry.last_dose_at).total_seconds() / 60)
    if minutes >= 48 * 60:
        return f"{minutes // (24 * 60)} days after the last dose"
    hours, rest = divmod(minutes, 60)
    gap = f"{hours} h" + (f" {rest} min" if rest else "") if hours else f"{rest} min"
    return f"{gap} after the last dose"


def summary(entry: LabResult) -> str:
    """ "Lithium 0.72 mmol/L (lab's range 0.6–1) · 12 h after the last dose"."""
    line = f"{label(entry)} {number(entry.value)} {entry.unit}"
    ranged = range_text(entry)
    if ranged:
        line += f" ({ranged})"
    parts = [line]
    if entry.outside_range:
        parts.append(OUTSIDE)
    gap = since_dose(entry)
    if gap:
        parts.append(gap)
    return " · ".join(parts)


def list_labs(user: User) -> list[LabResult]:
    """All the user's results, newest first."""
    return entries.all_entries(LabResult, user)


def labs_between(user: User, first: date, last: date) -> list[LabResult]:
    """The results drawn on local days first..last, earliest first."""
    return entries.entries_between(LabResult, user, first, last, earliest_first=True)


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every result from `first` to `last` (local days) as a timeline row."""
    return [
        TimelineItem(
            kind="labs",
            at=e.at,
            day=e.day,
            title="Lab result",
            detail=summary(e),
            entry_id=e.id,
            edit_endpoint="labs.edit",
            delete_endpoint="labs.delete",
            id_arg="lab_id",
        )
        for e in labs_between(user, first, last)
    ]
