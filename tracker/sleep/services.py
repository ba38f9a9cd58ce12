"""Sleep rules: record, edit and delete nights; summaries for pages, the timeline and charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker import journal
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.sleep import measures, naps
from tracker.sleep.measures import NightTimes
from tracker.sleep.models import SleepEntry
from tracker.timeutils import local_today, to_local

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class Night:
    """What the diary records about one night: four instants, counts and a rating."""

    times: NightTimes
    sol_minutes: int
    awakenings: int
    waso_minutes: int
    quality: int
    note: str | None = None


class NightAlreadyLogged(Invalid):
    """A night is already filed under that morning; `entry_id` is the one to edit instead."""

    def __init__(self, day: date, entry_id: int) -> None:
        super().__init__(
            f"A night is already logged for the morning of {day_label(day)}. "
            "Edit that one instead of adding a second.",
            "wake_day",
        )
        self.entry_id = entry_id


def day_label(day: date) -> str:
    """A date as 'Sun 30 Mar 2025' (as the `day` template filter shows it)."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _check_night(night: Night, *, now: datetime) -> None:
    t = night.times
    measures.check_night(
        t,
        sol=night.sol_minutes,
        waso=night.waso_minutes,
        awakenings=night.awakenings,
        quality=night.quality,
    )
    if t.out_of_bed > now + journal.FUTURE_TOLERANCE:
        raise Invalid("That time is in the future.", "out_of_bed")
    if t.into_bed < now - journal.OLDEST:
        raise Invalid("That night is more than ten years ago.", "into_bed")


def _apply(entry: SleepEntry, night: Night) -> None:
    t = night.times
    entry.at = t.into_bed
    entry.tried_to_sleep_at = t.tried_to_sleep
    entry.final_awakening_at = t.final_awakening
    entry.out_of_bed_at = t.out_of_bed
    entry.sol_minutes = night.sol_minutes
    entry.awakenings = night.awakenings
    entry.waso_minutes = night.waso_minutes
    entry.quality = night.quality
    entry.note = journal.text(night.note, NOTE_LIMIT, "note")
    # The Consensus Sleep Diary files a night under the morning of the final awakening.
    entry.day = local_today(entry.tz, t.final_awakening)


def night_on(user: User, day: date) -> SleepEntry | None:
    """The night filed under the morning `day`, if logged."""
    return db.session.scalar(
        select(SleepEntry).where(SleepEntry.user_id == user.id, SleepEntry.day == day)
    )


def _refuse_second_night(user: User, entry: SleepEntry) -> None:
    other = night_on(user, entry.day)
    if other is not None and other is not entry:
        raise NightAlreadyLogged(entry.day, other.id)


def _night_by_key(user: User, request_key: str | None) -> SleepEntry | None:
    if not request_key:
        return None
    return db.session.scalar(
        select(SleepEntry).where(
            SleepEntry.user_id == user.id, SleepEntry.request_key == request_key
        )
    )


def record_night(
    user: User, night: Night, *, request_key: str | None = None, now: datetime
) -> SleepEntry:
    """Log a night; the same form sent twice records once, a second night for a morning is
    refused (NightAlreadyLogged names the one to edit)."""
    if (existing := _night_by_key(user, request_key)) is not None:
        return existing
    _check_night(night, now=now)
    entry = SleepEntry(
        user_id=user.id, tz=user.timezone, request_key=request_key or None, created_at=now
    )
    _apply(entry, night)
    _refuse_second_night(user, entry)
    try:
        return journal.save_once(user, entry)
    except IntegrityError:  # another request filed a night for this morning meanwhile
        other = night_on(user, entry.day)
        if other is None:
            raise
        raise NightAlreadyLogged(entry.day, other.id) from None


def update_night(
    user: User, entry: SleepEntry, night: Night, *, row_version: int | None, now: datetime
) -> None:
    """Edit a night; a stale form is refused, and so is moving it onto a logged morning."""
    journal.check_version(entry, row_version)
    _check_night(night, now=now)
    with db.session.no_autoflush:
        _apply(entry, night)
        _refuse_second_night(user, entry)
    day, entry_id = entry.day, entry.id
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # another request filed a night for this morning meanwhile
        other = night_on(user, day)
        if other is None or other.id == entry_id:
            raise
        raise NightAlreadyLogged(day, other.id) from None


def delete_night(user: User, entry: SleepEntry) -> None:
    """Delete a night."""
    db.session.delete(entry)
    db.session.flush()


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NightSummary:
    """One night's derived measures, for charts and reports (minutes; efficiency in %)."""

    day: date
    tib_minutes: int
    tst_minutes: int
    efficiency: float | None
    quality: int
    sol_minutes: int
    waso_minutes: int
    awakenings: int


def summarize(entry: SleepEntry) -> NightSummary:
    """The derived measures of a logged night."""
    tib = measures.time_in_bed(entry.at, entry.out_of_bed_at)
    tst = measures.total_sleep_time(
        entry.tried_to_sleep_at, entry.final_awakening_at, entry.sol_minutes, entry.waso_minutes
    )
    return NightSummary(
        day=entry.day,
        tib_minutes=tib,
        tst_minutes=tst,
        efficiency=measures.sleep_efficiency(tst, tib),
        quality=entry.quality,
        sol_minutes=entry.sol_minutes,
        waso_minutes=entry.waso_minutes,
        awakenings=entry.awakenings,
    )


def headline(summary: NightSummary) -> str:
    """'Slept 7 h 10 min · efficiency 89% · quality good'."""
    return (
        f"Slept {measures.duration(summary.tst_minutes)} · "
        f"efficiency {measures.percent(summary.efficiency)} · "
        f"quality {measures.QUALITY[summary.quality]}"
    )


def _nights_between(user: User, first: date, last: date) -> list[SleepEntry]:
    return list(
        db.session.scalars(
            select(SleepEntry)
            .where(SleepEntry.user_id == user.id, SleepEntry.day >= first, SleepEntry.day <= last)
            .order_by(SleepEntry.day)
        )
    )


def nights(user: User, first: date, last: date) -> list[NightSummary]:
    """Every logged night filed under the mornings first..last, oldest first."""
    return [summarize(e) for e in _nights_between(user, first, last)]


@dataclass(frozen=True)
class NightRow:
    """A night as the sleep page lists it: its measures and its wall-clock times."""

    entry_id: int
    summary: NightSummary
    tz: str
    into_bed: datetime  # aware, in the zone the night was logged in
    tried_to_sleep: datetime
    final_awakening: datetime
    out_of_bed: datetime
    note: str | None

    @property
    def quality_label(self) -> str:
        return measures.QUALITY[self.summary.quality]

    @property
    def in_bed(self) -> str:
        return measures.duration(self.summary.tib_minutes)

    @property
    def asleep(self) -> str:
        return measures.duration(self.summary.tst_minutes)

    @property
    def efficiency(self) -> str:
        return measures.percent(self.summary.efficiency)

    @property
    def headline(self) -> str:
        return headline(self.summary)


def _row(entry: SleepEntry) -> NightRow:
    return NightRow(
        entry_id=entry.id,
        summary=summarize(entry),
        tz=entry.tz,
        into_bed=to_local(entry.at, entry.tz),
        tried_to_sleep=to_local(entry.tried_to_sleep_at, entry.tz),
        final_awakening=to_local(entry.final_awakening_at, entry.tz),
        out_of_bed=to_local(entry.out_of_bed_at, entry.tz),
        note=entry.note,
    )


def recent_nights(user: User, *, limit: int = 30) -> list[NightRow]:
    """The latest logged nights, newest first."""
    rows = db.session.scalars(
        select(SleepEntry)
        .where(SleepEntry.user_id == user.id)
        .order_by(SleepEntry.day.desc())
        .limit(limit)
    )
    return [_row(e) for e in rows]


def night_row(entry: SleepEntry) -> NightRow:
    """One night as a page shows it."""
    return _row(entry)


@dataclass(frozen=True)
class UsualNight:
    """Wall-clock times and answers of a recent night, to prefill the next one."""

    into_bed: time
    tried_to_sleep: time
    final_awakening: time
    out_of_bed: time
    sol_minutes: int
    awakenings: int
    waso_minutes: int
    quality: int


def usual_night(user: User, before: date) -> UsualNight | None:
    """The most recent night filed before the morning `before`, as times of day."""
    entry = db.session.scalar(
        select(SleepEntry)
        .where(SleepEntry.user_id == user.id, SleepEntry.day < before)
        .order_by(SleepEntry.day.desc())
        .limit(1)
    )
    if entry is None:
        return None
    row = _row(entry)
    return UsualNight(
        into_bed=row.into_bed.time(),
        tried_to_sleep=row.tried_to_sleep.time(),
        final_awakening=row.final_awakening.time(),
        out_of_bed=row.out_of_bed.time(),
        sol_minutes=entry.sol_minutes,
        awakenings=entry.awakenings,
        waso_minutes=entry.waso_minutes,
        quality=entry.quality,
    )


def _night_item(entry: SleepEntry) -> journal.TimelineItem:
    row = _row(entry)
    s = row.summary
    detail = (
        f"In bed {row.into_bed:%H:%M}–{row.out_of_bed:%H:%M} · "
        f"{measures.duration(s.sol_minutes)} to fall asleep · "
        f"woke {s.awakenings} {'time' if s.awakenings == 1 else 'times'}, "
        f"{measures.duration(s.waso_minutes)} awake"
    )
    return journal.TimelineItem(
        kind="sleep",
        at=entry.final_awakening_at,  # the morning it is filed under
        day=entry.day,
        title=headline(s),
        detail=f"{detail} · {entry.note}" if entry.note else detail,
        entry_id=entry.id,
        edit_endpoint="sleep.edit",
        delete_endpoint="sleep.delete",
    )


def timeline_items(user: User, first: date, last: date) -> list[journal.TimelineItem]:
    """Nights and naps filed under local dates first..last, in time order."""
    items = [_night_item(e) for e in _nights_between(user, first, last)]
    items += naps.timeline_items(user, first, last)
    return sorted(items, key=lambda i: i.at)
