"""Symptom entries: log, edit, delete, the Today panel's saves, and the reads others use.

Which symptoms a user has and follows lives in `following`; entries name a symptom by its ref.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem, check_version, entry_time, in_range, save_once, text
from tracker.medications.services import list_medications
from tracker.symptoms.following import all_symptoms, display_name, ref_of, resolve, symptom_rows
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.timeutils import local_today, localize

NOTE_LIMIT = 2000
SCALE_HELP = "0 = not present (checked), 10 = worst imaginable"
SEVERITY_MESSAGE = "Choose from 0 to 10."
RECENT_DAYS = 30


@dataclass(frozen=True)
class EntryFields:
    """What the user enters for one symptom entry."""

    symptom: str  # a SymptomView.ref
    severity: int | None
    medication_id: int | None = None
    note: str | None = None
    at: datetime | None = None  # None means now


@dataclass(frozen=True)
class EntryRow:
    """One logged entry with names resolved, for lists, the timeline and edit pages."""

    id: int
    at: datetime
    day: date
    symptom: str
    symptom_ref: str
    severity: int
    medication_id: int | None
    medication: str | None
    note: str | None
    row_version: int


# Entries


def _severity(value: int | None, field: str = "severity") -> int:
    if value is None:
        raise Invalid(SEVERITY_MESSAGE, field)
    in_range(value, 0, 10, field)
    return value


def _medication(user: User, medication_id: int | None) -> int | None:
    """Never trust a posted id: it must be one of this user's medications."""
    if medication_id is None:
        return None
    if medication_id not in {m.id for m in list_medications(user)}:
        raise Invalid("Choose one of your medications.", "medication_id")
    return medication_id


def log_symptom(
    user: User, fields: EntryFields, *, now: datetime, request_key: str | None = None
) -> SymptomEntry:
    """Record how strong a symptom was (0 = checked, not present) at a time up to now."""
    severity = _severity(fields.severity)
    medication_id = _medication(user, fields.medication_id)
    note = text(fields.note, NOTE_LIMIT, "note")
    at, day = entry_time(user.timezone, fields.at, now=now)
    symptom = resolve(user, fields.symptom, "symptom")
    entry = SymptomEntry(
        user_id=user.id,
        symptom_id=symptom.id,
        severity=severity,
        medication_id=medication_id,
        at=at,
        tz=user.timezone,
        day=day,
        note=note,
        created_at=now,
        request_key=request_key or None,
    )
    return save_once(user, entry)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def update_entry(
    user: User, entry: SymptomEntry, fields: EntryFields, *, now: datetime, row_version: int | None
) -> SymptomEntry:
    """Edit an entry; an edit made on a stale page is refused rather than overwriting."""
    check_version(entry, row_version)
    severity = _severity(fields.severity)
    medication_id = _medication(user, fields.medication_id)
    note = text(fields.note, NOTE_LIMIT, "note")
    symptom = resolve(user, fields.symptom, "symptom")
    # The form shows minutes only: an unchanged time keeps the entry's instant, zone and day.
    if fields.at is not None and _minute(fields.at) != _minute(entry.at):
        entry.at, entry.day = entry_time(user.timezone, fields.at, now=now)
        entry.tz = user.timezone
    entry.symptom_id, entry.severity = symptom.id, severity
    entry.medication_id, entry.note = medication_id, note
    db.session.flush()
    return entry


# Reads


def _entry_rows(user: User, query: Select) -> list[EntryRow]:
    meds = {m.id: m.name for m in list_medications(user)}
    return [
        EntryRow(
            e.id,
            e.at,
            e.day,
            display_name(s),
            ref_of(s),
            e.severity,
            e.medication_id,
            meds.get(e.medication_id),
            e.note,
            e.row_version,
        )
        for e, s in db.session.execute(query)
    ]


def entries_between(user: User, first: date, last: date) -> list[EntryRow]:
    """The user's entries filed on local days first..last, newest first."""
    query = (
        select(SymptomEntry, Symptom)
        .join(Symptom, Symptom.id == SymptomEntry.symptom_id)
        .where(SymptomEntry.user_id == user.id, SymptomEntry.day.between(first, last))
        .order_by(SymptomEntry.at.desc(), SymptomEntry.id.desc())
    )
    return _entry_rows(user, query)


def recent_entries(user: User, *, today: date) -> list[EntryRow]:
    """Entries of the last 30 days (today included), newest first."""
    # One day past today: an entry a few minutes ahead of the clock may file under tomorrow.
    return entries_between(user, today - timedelta(days=RECENT_DAYS - 1), today + timedelta(days=1))


def entry_row(user: User, entry: SymptomEntry) -> EntryRow:
    """One entry with its symptom and medication names."""
    query = (
        select(SymptomEntry, Symptom)
        .join(Symptom, Symptom.id == SymptomEntry.symptom_id)
        .where(SymptomEntry.id == entry.id, SymptomEntry.user_id == user.id)
    )
    return _entry_rows(user, query)[0]


def _detail(row: EntryRow) -> str:
    parts = [
        "Not present (checked)" if row.severity == 0 else None,
        f"Suspected medication: {row.medication}" if row.medication else None,
        row.note,
    ]
    return " · ".join(p for p in parts if p)


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Symptom entries on days first..last for the timeline ("Brain fog 6/10"), oldest first."""
    return [
        TimelineItem(
            kind="symptom",
            at=row.at,
            day=row.day,
            title=f"{row.symptom} {row.severity}/10",
            detail=_detail(row),
            entry_id=row.id,
            edit_endpoint="symptoms.edit",
            delete_endpoint="symptoms.delete",
        )
        for row in reversed(entries_between(user, first, last))
    ]


def max_per_day(
    rows: Iterable[tuple[str, date, int]], order: Sequence[str] = ()
) -> dict[str, list[tuple[date, int]]]:
    """(name, day, severity) rows -> each name's days with that day's highest severity.

    Names come in `order` (unknown ones after, by name); days ascend; days without an entry
    are left out, since a missing day is "not logged", not 0.
    """
    best: dict[str, dict[date, int]] = {}
    for name, day, severity in rows:
        days = best.setdefault(name, {})
        days[day] = max(severity, days.get(day, severity))
    rank = {name: i for i, name in enumerate(order)}
    names = sorted(best, key=lambda n: (rank.get(n, len(rank)), n.casefold()))
    return {name: sorted(best[name].items()) for name in names}


def daily_severity(user: User, first: date, last: date) -> dict[str, list[tuple[date, int]]]:
    """For charts: each symptom's highest severity per local day, followed symptoms first."""
    rows = entries_between(user, first, last)
    order = [v.name for v in all_symptoms(user)]
    return max_per_day(((r.symptom, r.day, r.severity) for r in rows), order)


# The Today panel


def day_instant(user: User, day: date, now: datetime) -> tuple[datetime, date]:
    """When an entry for a shown day is filed: now for today, noon of an earlier day."""
    tz = user.timezone
    at = now if day == local_today(tz, now) else localize(day, time(12), tz)
    return entry_time(tz, at, now=now)


def latest_on(user: User, day: date) -> dict[int, SymptomEntry]:
    """Each symptom's latest entry on a local day, by symptom id."""
    query = (
        select(SymptomEntry)
        .where(SymptomEntry.user_id == user.id, SymptomEntry.day == day)
        .order_by(SymptomEntry.at, SymptomEntry.id)
    )
    return {e.symptom_id: e for e in db.session.scalars(query)}


def _entry_key(request_key: str | None, ref: str) -> str | None:
    """One form saves several entries: each gets its own key derived from the form's."""
    if not request_key:
        return None
    return hashlib.sha256(f"{request_key}:{ref}".encode()).hexdigest()


def _by_key(user: User, key: str | None) -> SymptomEntry | None:
    if key is None:
        return None
    return db.session.scalar(
        select(SymptomEntry).where(SymptomEntry.user_id == user.id, SymptomEntry.request_key == key)
    )


def _save_for_day(
    user: User,
    symptom: Symptom,
    severity: int,
    when: tuple[datetime, date],
    *,
    now: datetime,
    key: str | None,
    medication_id: int | None = None,
) -> SymptomEntry:
    at, day = when
    entry = SymptomEntry(
        user_id=user.id,
        symptom_id=symptom.id,
        severity=severity,
        medication_id=medication_id,
        at=at,
        tz=user.timezone,
        day=day,
        created_at=now,
        request_key=key,
    )
    return save_once(user, entry)


def record_followed(
    user: User,
    values: Mapping[str, int],
    day: date,
    now: datetime,
    request_key: str | None = None,
) -> list[SymptomEntry]:
    """Save the Today panel: a new entry for each symptom given a value (refs to 0-10).

    The panel shows the day's latest values already selected, so a value equal to the latest
    one adds nothing; the same form sent twice records once.
    """
    if not values:
        raise Invalid("Tap a value for at least one side effect, then save.", None)
    for severity in values.values():
        _severity(severity, "values")
    when = day_instant(user, day, now)
    rows, latest = symptom_rows(user), latest_on(user, when[1])
    saved = []
    for ref, severity in values.items():
        symptom = resolve(user, ref, "values", rows)
        key = _entry_key(request_key, ref)
        previous = latest.get(symptom.id)
        if previous and previous.severity == severity and _by_key(user, key) is None:
            continue
        saved.append(_save_for_day(user, symptom, severity, when, now=now, key=key))
    return saved


def _day_before(day: date, now: datetime, user: User) -> str:
    before = day - timedelta(days=1)
    if day == local_today(user.timezone, now):
        return "yesterday"
    return f"on {before:%a} {before.day} {before:%b}"


def same_as_yesterday(
    user: User, day: date, now: datetime, request_key: str | None = None
) -> list[SymptomEntry]:
    """Copy yesterday's latest value of each followed symptom into `day`.

    Filed at now for today, at noon for an earlier day. A symptom already logged on `day`
    keeps its value; the suspected medication is copied with the value, the note is not.
    """
    when = day_instant(user, day, now)
    followed = sorted((r for r in symptom_rows(user) if r.followed), key=lambda r: r.position)
    before = latest_on(user, when[1] - timedelta(days=1))
    sources = [(r, before[r.id]) for r in followed if r.id in before]
    if not sources:
        raise Invalid(
            f"Nothing was logged {_day_before(when[1], now, user)} for the side effects you "
            "follow, so nothing was copied."
        )
    logged = latest_on(user, when[1])
    saved = []
    for symptom, source in sources:
        key = _entry_key(request_key, ref_of(symptom))
        if symptom.id in logged and _by_key(user, key) is None:
            continue
        saved.append(
            _save_for_day(
                user,
                symptom,
                source.severity,
                when,
                now=now,
                key=key,
                medication_id=source.medication_id,
            )
        )
    if not saved:
        raise Invalid("The side effects you follow already have a value for this day.")
    return saved
