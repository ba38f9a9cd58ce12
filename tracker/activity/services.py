"""Activity, practice and substance rules: record, edit, delete, followed practices, day sums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, func, select

from tracker import journal
from tracker.activity import catalog
from tracker.activity.models import ActivityEntry, OwnPractice, PracticeEntry, SubstanceEntry
from tracker.activity.own import (
    all_practices,
    followed_items,
    own_practice_of,
    set_followed_own,
)
from tracker.activity.series import DayPoint, fold_days
from tracker.activity.timeline import timeline_item
from tracker.auth.models import User
from tracker.entries import entries_between
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem
from tracker.timeutils import localize

NOTE_LIMIT = 2000
MOST_MINUTES = 1440  # one day
MOST_STEPS = 200_000
MOST_SERIES_DAYS = 3700
NOON = time(12)

E = TypeVar("E", ActivityEntry, PracticeEntry, SubstanceEntry)


def _minutes(value: int | None, field: str = "minutes") -> int:
    if value is None:
        raise Invalid("Enter how many minutes.", field)
    if not 1 <= value <= MOST_MINUTES:
        raise Invalid(f"Enter 1 to {MOST_MINUTES} minutes.", field)
    return value


def _new(user: User, entry: E, *, at: datetime | None, note: str | None, now: datetime) -> E:
    """Date a new entry (now when no time is given), then insert it once per request key."""
    entry.at, entry.day = journal.entry_time(user.timezone, at, now=now)
    entry.tz = user.timezone
    entry.note = journal.text(note, NOTE_LIMIT, "note")
    entry.user_id = user.id
    entry.created_at = now
    return journal.save_once(user, entry)


def _apply(
    user: User, entry: E, fields: dict, *, at: datetime | None, note: str | None, now: datetime
) -> None:
    """Check the shared parts of an edit, then change the entry; a new time is filed under
    the local day in the user's zone now."""
    note = journal.text(note, NOTE_LIMIT, "note")
    if at is not None and at != entry.at:
        entry.at, entry.day = journal.entry_time(user.timezone, at, now=now)
        entry.tz = user.timezone
    entry.note = note
    for name, value in fields.items():
        setattr(entry, name, value)
    db.session.flush()


# Activity ------------------------------------------------------------------------------------


def activity_fields(kind: str, minutes: int | None, intensity: str, steps: int | None) -> dict:
    """An activity's fields checked (the forms, the API and the importer share the rule)."""
    if kind not in catalog.ACTIVITY_KINDS:
        raise Invalid("Choose an activity from the list.", "kind")
    if intensity not in catalog.INTENSITIES:
        raise Invalid("Choose light, moderate or vigorous.", "intensity")
    if steps is not None and not 0 <= steps <= MOST_STEPS:
        raise Invalid(f"Enter 0 to {MOST_STEPS:,} steps, or leave it empty.", "steps")
    return {"kind": kind, "minutes": _minutes(minutes), "intensity": intensity, "steps": steps}


def record_activity(
    user: User,
    *,
    kind: str,
    minutes: int | None,
    intensity: str = "moderate",
    steps: int | None = None,
    at: datetime | None = None,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> ActivityEntry:
    """Log an activity session (now, or back-dated); the same request key records once."""
    entry = ActivityEntry(
        **activity_fields(kind, minutes, intensity, steps), request_key=request_key
    )
    return _new(user, entry, at=at, note=note, now=now)


def record_day_steps(
    user: User, *, day: date, steps: int, note: str | None = None, now: datetime
) -> ActivityEntry:
    """A day's step count from a phone or watch, with no session: 0 minutes, filed at local noon
    of `day` so that it adds to that day's steps and to no day's activity minutes."""
    if not 0 <= steps <= MOST_STEPS:
        raise Invalid(f"Enter 0 to {MOST_STEPS:,} steps.", "steps")
    entry = ActivityEntry(kind="walking", minutes=0, intensity="light", steps=steps)
    return _new(user, entry, at=localize(day, NOON, user.timezone), note=note, now=now)


def update_activity(
    user: User,
    entry: ActivityEntry,
    *,
    row_version: int | None,
    kind: str,
    minutes: int | None,
    intensity: str,
    steps: int | None,
    at: datetime | None,
    note: str | None,
    now: datetime,
) -> None:
    """Edit an activity session; a stale form is refused, not merged."""
    journal.check_version(entry, row_version)
    _apply(user, entry, activity_fields(kind, minutes, intensity, steps), at=at, note=note, now=now)


# Practices -----------------------------------------------------------------------------------


def _logged(item: catalog.Practice, minutes: int | None, done: bool, helpful: int | None) -> dict:
    """Minutes for a minute practice (done), none for a yes/no one; helpful 0-10."""
    if item.in_minutes:
        if not done:
            raise Invalid("Log the minutes you did; leave out what you did not do.", "done")
        minutes = _minutes(minutes)
    elif minutes is not None:
        # Refused rather than dropped: a number typed and silently lost would be data lost.
        raise Invalid(f"{item.label} is logged as done or not: leave minutes empty.", "minutes")
    journal.in_range(helpful, 0, 10, "helpful")
    return {"minutes": minutes, "done": done, "helpful": helpful}


def practice_fields(practice: str, minutes: int | None, done: bool, helpful: int | None) -> dict:
    """A catalog practice entry's fields checked against its catalog entry."""
    item = catalog.PRACTICES.get(practice)
    if item is None:
        raise Invalid("Choose a practice from the list.", "practice")
    fields = _logged(item, minutes, done, helpful)
    return {"practice": practice, "own_practice_id": None, **fields}


def own_practice_fields(
    own: OwnPractice, minutes: int | None, done: bool, helpful: int | None
) -> dict:
    """An own practice entry's fields checked against the practice's mode."""
    fields = _logged(own.as_practice, minutes, done, helpful)
    return {"practice": None, "own_practice_id": own.id, **fields}


def _either_fields(
    user: User,
    practice: str | None,
    own_practice_id: int | None,
    minutes: int | None,
    done: bool,
    helpful: int | None,
) -> dict:
    """Exactly one of a catalog key and one of the user's own practices, checked."""
    if own_practice_id is None:
        return practice_fields(practice or "", minutes, done, helpful)
    own = own_practice_of(user, own_practice_id)
    if practice is not None or own is None:
        raise Invalid("Choose a practice from the list.", "practice")
    return own_practice_fields(own, minutes, done, helpful)


def record_practice(
    user: User,
    *,
    practice: str | None = None,
    own_practice_id: int | None = None,
    minutes: int | None = None,
    done: bool = True,
    helpful: int | None = None,
    at: datetime | None = None,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> PracticeEntry:
    """Log a practice (a catalog key or an own practice's id): minutes for minute practices,
    none for yes/no ones; helpful 0-10."""
    fields = _either_fields(user, practice, own_practice_id, minutes, done, helpful)
    entry = PracticeEntry(**fields, request_key=request_key)
    return _new(user, entry, at=at, note=note, now=now)


def update_practice(
    user: User,
    entry: PracticeEntry,
    *,
    row_version: int | None,
    practice: str | None,
    own_practice_id: int | None = None,
    minutes: int | None,
    done: bool,
    helpful: int | None,
    at: datetime | None,
    note: str | None,
    now: datetime,
) -> None:
    """Edit a logged practice; a stale form is refused, not merged."""
    journal.check_version(entry, row_version)
    fields = _either_fields(user, practice, own_practice_id, minutes, done, helpful)
    _apply(user, entry, fields, at=at, note=note, now=now)
    entry.own_practice = own_practice_of(user, entry.own_practice_id)


def followed_practices(user: User) -> list[str]:
    """The catalog practice keys the user shows on Today, in catalog order."""
    return catalog.parse_followed(user.followed_practices)


def set_followed_practices(user: User, keys: list[str]) -> list[str]:
    """Choose which catalog practices show on Today (known keys only; none is allowed)."""
    unknown = [key for key in keys if key not in catalog.PRACTICES]
    if unknown:
        raise Invalid("Choose practices from the list.", "practices")
    user.followed_practices = ",".join(catalog.parse_followed(",".join(keys)))
    db.session.flush()
    return followed_practices(user)


def followed(user: User) -> list[catalog.Practice]:
    """Every practice shown on Today: the followed catalog ones, then the followed own ones."""
    return followed_items(user, followed_practices(user))


def set_followed(user: User, keys: list[str]) -> None:
    """Follow exactly these practices, catalog keys and own keys ("own:<id>") together."""
    split = [catalog.split_key(key) for key in keys]
    set_followed_practices(user, [key for key, _ in split if key is not None])
    set_followed_own(user, {own_id for _, own_id in split if own_id is not None})


def practice_labels(user: User) -> dict[str, str]:
    """Every practice key the user can have entries of, to its name."""
    return {p.key: p.label for p in all_practices(user)}


# Substances ----------------------------------------------------------------------------------


def substance_fields(substance: str, amount: float | None) -> dict:
    """A caffeine or alcohol entry's fields checked."""
    item = catalog.SUBSTANCES.get(substance)
    if item is None:
        raise Invalid("Choose caffeine or alcohol.", "substance")
    if amount is None:
        raise Invalid(f"Enter how many {item.units}.", "amount")
    if not catalog.amount_allowed(item, amount):
        raise Invalid(item.range_message, "amount")
    return {"substance": substance, "amount": float(amount)}


def record_substance(
    user: User,
    *,
    substance: str,
    amount: float | None,
    at: datetime | None = None,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> SubstanceEntry:
    """Log caffeine (whole drinks, 1-30) or alcohol (standard units in halves, 0.5-50)."""
    entry = SubstanceEntry(**substance_fields(substance, amount), request_key=request_key)
    return _new(user, entry, at=at, note=note, now=now)


def update_substance(
    user: User,
    entry: SubstanceEntry,
    *,
    row_version: int | None,
    substance: str,
    amount: float | None,
    at: datetime | None,
    note: str | None,
    now: datetime,
) -> None:
    """Edit a caffeine or alcohol entry; a stale form is refused, not merged."""
    journal.check_version(entry, row_version)
    _apply(user, entry, substance_fields(substance, amount), at=at, note=note, now=now)


# Reading -------------------------------------------------------------------------------------


def _in_days(model: type[E], user: User, first: date, last: date) -> list[E]:
    return entries_between(model, user, first, last, earliest_first=True)


@dataclass(frozen=True)
class DayTotals:
    """One local day's sums; practices_done maps a key to minutes, or True for yes/no ones."""

    day: date
    activity_minutes: int
    steps: int | None
    practices_done: dict[str, int | bool]
    caffeine: float
    alcohol: float


def practices_done(entries: list[Any]) -> dict[str, int | bool]:
    """Minutes per minute practice, True per yes/no practice marked done, by practice key
    (entries or reading.Practice rows); catalog ones first, in catalog order."""
    done: dict[str, int | bool] = {}
    for e in entries:
        if not e.done:
            continue
        key = e.practice_key
        if e.minutes is not None:
            done[key] = int(done.get(key, 0)) + e.minutes
        else:
            done[key] = True
    known = [key for key in catalog.PRACTICES if key in done]
    return {key: done[key] for key in [*known, *(k for k in done if k not in known)]}


def day_totals(user: User, day: date) -> DayTotals:
    """The sums of one local day (the date in the user's zone when each entry was made)."""
    point = _points(user, day, day)[0]
    practices = practices_done(_in_days(PracticeEntry, user, day, day))
    return DayTotals(
        day, point.activity_minutes, point.steps, practices, point.caffeine, point.alcohol
    )


def day_entries(user: User, day: date) -> tuple[DayTotals, list[TimelineItem]]:
    """One local day's sums and its entries (oldest first), from one read of each table."""
    activities = _in_days(ActivityEntry, user, day, day)
    practices = _in_days(PracticeEntry, user, day, day)
    substances = _in_days(SubstanceEntry, user, day, day)
    point = fold_days(
        day,
        day,
        [(e.day, e.minutes, e.steps) for e in activities],
        [(e.day, e.substance, e.amount) for e in substances],
    )[0]
    totals = DayTotals(
        day,
        point.activity_minutes,
        point.steps,
        practices_done(practices),
        point.caffeine,
        point.alcohol,
    )
    items = [timeline_item(e) for e in (*activities, *practices, *substances)]
    return totals, sorted(items, key=lambda i: (i.at, i.kind, i.entry_id))


def _points(user: User, first: date, last: date) -> list[DayPoint]:
    activities = db.session.execute(
        select(ActivityEntry.day, ActivityEntry.minutes, ActivityEntry.steps).where(
            ActivityEntry.user_id == user.id, ActivityEntry.day.between(first, last)
        )
    )
    substances = db.session.execute(
        select(SubstanceEntry.day, SubstanceEntry.substance, SubstanceEntry.amount).where(
            SubstanceEntry.user_id == user.id, SubstanceEntry.day.between(first, last)
        )
    )
    return fold_days(first, last, activities, substances)  # Rows unpack as tuples


def daily_series(user: User, first: date, last: date) -> list[DayPoint]:
    """Activity minutes, steps, caffeine drinks and alcohol units for every day of a range."""
    check_series_range(first, last)
    return _points(user, first, last)


def check_series_range(first: date, last: date) -> None:
    """Refuse a range a day-by-day series cannot cover."""
    if first > last:
        raise Invalid("The start must be before the end.", "start")
    if (last - first) > timedelta(days=MOST_SERIES_DAYS):
        raise Invalid("Choose a range of at most ten years.", "start")


def practice_minutes_by_day(user: User, first: date, last: date) -> dict[date, dict[str, int]]:
    """For charts: per local day, the minutes of each practice done (yes/no ones left out)."""
    by_day: dict[date, list[PracticeEntry]] = {}
    for entry in _in_days(PracticeEntry, user, first, last):
        by_day.setdefault(entry.day, []).append(entry)
    result = {}
    for day, entries in by_day.items():
        minutes = {k: v for k, v in practices_done(entries).items() if v is not True}
        if minutes:
            result[day] = minutes
    return result


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every activity, practice and substance entry of local days first..last, oldest first."""
    entries: list[Any] = [
        *_in_days(ActivityEntry, user, first, last),
        *_in_days(PracticeEntry, user, first, last),
        *_in_days(SubstanceEntry, user, first, last),
    ]
    return sorted((timeline_item(e) for e in entries), key=lambda i: (i.at, i.kind, i.entry_id))


def recent_days(user: User, today: date, days: int = 14) -> list[tuple[date, list[TimelineItem]]]:
    """The last `days` local days that have entries, newest day and entry first."""
    by_day: dict[date, list[TimelineItem]] = {}
    for item in reversed(timeline_items(user, today - timedelta(days=days - 1), today)):
        by_day.setdefault(item.day, []).append(item)
    return sorted(by_day.items(), key=lambda pair: pair[0], reverse=True)


def _days_before(dialect: str, day: Any, days: int) -> Any:
    """SQL for the date `days` before the SQL date `day` (SQLite keeps dates as ISO text)."""
    if dialect == "sqlite":
        return func.date(day, f"-{days} days")
    return day - timedelta(days=days)


@cache
def _last_activity_statement(dialect: str) -> Select:
    # A local day is within a day of the UTC date, so the latest instant is on one of the last
    # three local days (whatever zones the user travelled through): only those are read, found
    # from the newest day in the same statement (the (user_id, day) index answers both). Built
    # once per dialect, as tracker.entries builds its reads of days.
    user_id = bindparam("user_id")
    newest = select(func.max(ActivityEntry.day)).where(ActivityEntry.user_id == user_id)
    return (
        select(ActivityEntry)
        .where(
            ActivityEntry.user_id == user_id,
            ActivityEntry.day >= _days_before(dialect, newest.scalar_subquery(), 2),
        )
        .order_by(ActivityEntry.at.desc(), ActivityEntry.id.desc())
        .limit(1)
    )


def last_activity(user: User) -> ActivityEntry | None:
    """The most recent activity session, to start the quick form on the usual kind."""
    dialect = db.session.get_bind().dialect.name
    return db.session.scalar(_last_activity_statement(dialect), {"user_id": user.id})
