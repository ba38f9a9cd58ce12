"""Mood check-in rules: record, edit, delete, the scales shown, and day summaries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from tracker import entries
from tracker.auth.models import User
from tracker.checkins.models import MoodCheckin
from tracker.checkins.scales import BY_KEY, HIGH, KEYS, LOW, ScaleSummary, day_summary
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import TimelineItem, check_version, entry_time, in_range, text

NOTE_LIMIT = 2000
NOTHING_RATED = "Rate at least one scale."


def shown_scales(user: User) -> list[str]:
    """The scale keys the user rates, in scale order (all five when the setting is empty)."""
    chosen = {k.strip() for k in (user.mood_scales or "").split(",")}
    return [k for k in KEYS if k in chosen] or list(KEYS)


def scales_to_edit(user: User, entry: MoodCheckin) -> list[str]:
    """The scales an edit form shows: those shown now, and any this check-in rated."""
    shown = set(shown_scales(user))
    return [k for k in KEYS if k in shown or getattr(entry, k) is not None]


def set_shown_scales(user: User, keys: Iterable[str]) -> list[str]:
    """Choose the scales shown on Today and in the check-in form: at least one, known keys only."""
    chosen = set(keys)
    if chosen - set(KEYS):
        raise Invalid("Choose scales from the list.", "scales")
    if not chosen:
        raise Invalid("Choose at least one scale to show.", "scales")
    ordered = [k for k in KEYS if k in chosen]
    user.mood_scales = ",".join(ordered)
    db.session.flush()
    return ordered


def checked_ratings(ratings: Mapping[str, int | None]) -> dict[str, int | None]:
    """Every scale's rating, None where not rated; each a whole number from 0 to 10."""
    unknown = set(ratings) - set(KEYS)
    if unknown:
        raise Invalid(f"There is no scale called {sorted(unknown)[0]!r}.", None)
    out: dict[str, int | None] = {}
    for key in KEYS:
        value = ratings.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise Invalid(f"Choose a whole number from {LOW} to {HIGH}.", key)
        in_range(value, LOW, HIGH, key)
        out[key] = value
    return out


def record_checkin(
    user: User,
    *,
    ratings: Mapping[str, int | None],
    note: str | None = None,
    at: datetime | None = None,
    request_key: str | None = None,
    now: datetime,
) -> MoodCheckin:
    """Record a check-in (several a day are fine); at least one shown scale must be rated."""
    values = checked_ratings(ratings)
    if all(values[k] is None for k in shown_scales(user)):
        raise Invalid(NOTHING_RATED, None)
    clean_note = text(note, NOTE_LIMIT, "note")
    return entries.new_entry(
        user, MoodCheckin, at=at, now=now, request_key=request_key, note=clean_note, **values
    )


def update_checkin(
    user: User,
    entry: MoodCheckin,
    *,
    ratings: Mapping[str, int | None],
    note: str | None,
    at: datetime | None,
    row_version: int | None,
    now: datetime,
) -> None:
    """Edit a check-in; a form opened before another change to it is refused, not merged.

    A new time files the check-in under the local day of that time in the user's current zone;
    an unchanged time keeps the zone and day it was recorded in.
    """
    check_version(entry, row_version)
    values = checked_ratings(ratings)
    if all(v is None for v in values.values()):
        raise Invalid(NOTHING_RATED, None)
    clean_note = text(note, NOTE_LIMIT, "note")
    if at is not None and at != entry.at:
        entry.at, entry.day = entry_time(user.timezone, at, now=now)
        entry.tz = user.timezone
    entry.note = clean_note
    for key, value in values.items():
        setattr(entry, key, value)
    db.session.flush()


@dataclass(frozen=True)
class Checkin:
    """One check-in as pages and charts read it: the rated scales only, in scale order."""

    id: int
    at: datetime
    day: date
    ratings: dict[str, int]
    note: str | None
    row_version: int


@dataclass(frozen=True)
class CheckinDay:
    """One local day: its summary per scale and its check-ins, earliest first."""

    day: date
    summary: dict[str, ScaleSummary]
    checkins: list[Checkin]

    @property
    def count(self) -> int:
        return len(self.checkins)


def _check_range(first: date, last: date) -> None:
    if first > last:
        raise Invalid("The start must be before the end.", "start")


def _entries(user: User, first: date, last: date) -> list[MoodCheckin]:
    return list(
        db.session.scalars(
            select(MoodCheckin)
            .where(MoodCheckin.user_id == user.id, MoodCheckin.day.between(first, last))
            .order_by(MoodCheckin.at, MoodCheckin.id)
        )
    )


def as_checkin(entry: MoodCheckin) -> Checkin:
    """A stored check-in as the read model."""
    ratings = {k: v for k in KEYS if (v := getattr(entry, k)) is not None}
    return Checkin(entry.id, entry.at, entry.day, ratings, entry.note, entry.row_version)


def checkins_between(user: User, first: date, last: date) -> list[Checkin]:
    """The check-ins of local days `first` to `last`, newest first."""
    _check_range(first, last)
    return [as_checkin(e) for e in reversed(_entries(user, first, last))]


def _by_day(entries: Iterable[MoodCheckin]) -> dict[date, list[MoodCheckin]]:
    days: dict[date, list[MoodCheckin]] = {}
    for entry in entries:
        days.setdefault(entry.day, []).append(entry)
    return days


def checkin_days(user: User, first: date, last: date) -> list[CheckinDay]:
    """The local days from `first` to `last` that have check-ins, newest day first."""
    _check_range(first, last)
    days = _by_day(_entries(user, first, last))
    return [
        CheckinDay(day, day_summary(rows), [as_checkin(r) for r in rows])
        for day, rows in sorted(days.items(), reverse=True)
    ]


def day_overview(user: User, day: date) -> CheckinDay:
    """One day's check-ins and summary so far (empty when there are none)."""
    found = checkin_days(user, day, day)
    return found[0] if found else CheckinDay(day, {}, [])


def daily_summaries(
    user: User, first: date, last: date
) -> list[tuple[date, dict[str, ScaleSummary]]]:
    """For charts: each local day with check-ins, oldest first, with its summary per scale.

    Days without a check-in are left out (a gap, not a zero).
    """
    _check_range(first, last)
    days = _by_day(_entries(user, first, last))
    return [(day, day_summary(rows)) for day, rows in sorted(days.items())]


def describe(ratings: Mapping[str, int]) -> str:
    """The rated scales in one line: Mood 6 · Anxiety 3."""
    return " · ".join(f"{BY_KEY[k].label} {v}" for k, v in ratings.items())


def timeline_items(user: User, first: date, last: date) -> list[TimelineItem]:
    """Every check-in from `first` to `last` (local days) as a timeline row."""
    _check_range(first, last)
    items = []
    for entry in _entries(user, first, last):
        checkin = as_checkin(entry)
        detail = describe(checkin.ratings)
        if checkin.note:
            short = checkin.note if len(checkin.note) <= 80 else checkin.note[:79] + "…"
            detail = f"{detail} — {short}"
        items.append(
            TimelineItem(
                kind="mood",
                at=entry.at,
                day=entry.day,
                title="Check-in",
                detail=detail,
                entry_id=entry.id,
                edit_endpoint="checkins.edit",
                delete_endpoint="checkins.delete",
            )
        )
    return items
