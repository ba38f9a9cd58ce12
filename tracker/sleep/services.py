"""Sleep rules: record, edit and delete nights, a night known only by its length included.

The read services (summaries for pages, the timeline and charts) live in
`tracker.sleep.summaries` and are offered here too, so callers have one module to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker import journal
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.sleep import measures
from tracker.sleep.measures import NightTimes
from tracker.sleep.models import SleepEntry
from tracker.sleep.summaries import (  # noqa: F401 - the domain's read services, offered here
    NightRow,
    NightSummary,
    UsualNight,
    counts_line,
    headline,
    night_row,
    night_rows_between,
    nights,
    quality_label,
    recent_nights,
    summarize,
    timeline_items,
    usual_night,
)
from tracker.timeutils import is_zone, local_today, localize

NOTE_LIMIT = 2000
# Where a night known only by its length is placed: it ends at 07:00 on its morning. Only its
# length is real; the times are flagged as not known and never shown.
PLACED_WAKE = time(7)


@dataclass(frozen=True)
class Night:
    """What the diary records about one night: four instants, counts (None: not recorded) and
    a rating (None when the source did not rate it, as Apple Health does not)."""

    times: NightTimes
    sol_minutes: int | None
    awakenings: int | None
    waso_minutes: int | None
    quality: int | None
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


def _check_when(
    t: NightTimes, *, now: datetime, future: str, old: str, history: bool = False
) -> None:
    """Not in the future; and, for a night typed by hand (not `history` imported from another
    app, which may go back any number of years), not more than ten years ago."""
    if t.out_of_bed > now + journal.FUTURE_TOLERANCE:
        raise Invalid("That time is in the future.", future)
    if not history and t.into_bed < now - journal.OLDEST:
        raise Invalid("That night is more than ten years ago.", old)


def _check_night(night: Night, *, now: datetime, history: bool = False) -> None:
    measures.check_night(
        night.times,
        sol=night.sol_minutes,
        waso=night.waso_minutes,
        awakenings=night.awakenings,
        quality=night.quality,
    )
    _check_when(night.times, now=now, future="out_of_bed", old="into_bed", history=history)


def _apply(entry: SleepEntry, night: Night, *, times_known: bool = True) -> None:
    t = night.times
    entry.at = t.into_bed
    entry.tried_to_sleep_at = t.tried_to_sleep
    entry.final_awakening_at = t.final_awakening
    entry.out_of_bed_at = t.out_of_bed
    entry.sol_minutes = night.sol_minutes
    entry.awakenings = night.awakenings
    entry.waso_minutes = night.waso_minutes
    entry.quality = night.quality
    entry.times_known = times_known
    entry.note = journal.text(night.note, NOTE_LIMIT, "note")
    # The Consensus Sleep Diary files a night under the morning of the final awakening.
    entry.day = local_today(entry.tz, t.final_awakening)


def current_night(entry: SleepEntry) -> Night | None:
    """A logged night's fields, to change some of them; None for a night known only by its
    length, whose placed times are not the user's (editing it needs all its times)."""
    if not entry.times_known:
        return None
    times = NightTimes(
        entry.at, entry.tried_to_sleep_at, entry.final_awakening_at, entry.out_of_bed_at
    )
    return Night(
        times, entry.sol_minutes, entry.awakenings, entry.waso_minutes, entry.quality, entry.note
    )


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


def _insert(user: User, entry: SleepEntry) -> SleepEntry:
    _refuse_second_night(user, entry)
    try:
        return journal.save_once(user, entry)
    except IntegrityError:  # another request filed a night for this morning meanwhile
        other = night_on(user, entry.day)
        if other is None:
            raise
        raise NightAlreadyLogged(entry.day, other.id) from None


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
    return _insert(user, entry)


def _placed_by_length(
    day: date, tz: str, asleep_minutes: int, now: datetime, *, history: bool = False
) -> NightTimes:
    """Times for a night known by its length: awake and up at 07:00 on `day` (or now, on a
    morning before 07:00), asleep the moment the length before; no SOL or WASO."""
    if not is_zone(tz):
        raise Invalid(f"{tz!r} is not a time zone.", "tz")
    longest = measures.LONGEST_NIGHT_MINUTES
    whole = isinstance(asleep_minutes, int) and not isinstance(asleep_minutes, bool)
    if not whole or not 1 <= asleep_minutes <= longest:
        raise Invalid(f"Enter the length of sleep, 1 to {longest} minutes.", "asleep_minutes")
    if day > local_today(tz, now):
        raise Invalid("That morning is in the future.", "day")
    wake = min(localize(day, PLACED_WAKE, tz), now.replace(second=0, microsecond=0))
    asleep = wake - timedelta(minutes=asleep_minutes)  # aware UTC: real elapsed minutes
    times = NightTimes(
        into_bed=asleep, tried_to_sleep=asleep, final_awakening=wake, out_of_bed=wake
    )
    _check_when(times, now=now, future="day", old="day", history=history)
    return times


def record_night_length(
    user: User,
    *,
    day: date,
    tz: str,
    asleep_minutes: int,
    quality: int | None,
    note: str | None,
    request_key: str | None = None,
    now: datetime,
) -> SleepEntry:
    """Log a night known only by its length of sleep (Daylio's "Sleep Time 8:00"), filed
    under the morning `day`; its times are not known (editing the night asks for them)."""
    if (existing := _night_by_key(user, request_key)) is not None:
        return existing
    times = _placed_by_length(day, tz, asleep_minutes, now)
    measures.check_quality(quality)
    entry = SleepEntry(user_id=user.id, tz=tz, request_key=request_key or None, created_at=now)
    _apply(entry, Night(times, 0, 0, 0, quality, note), times_known=False)
    return _insert(user, entry)


def update_night(
    user: User, entry: SleepEntry, night: Night, *, row_version: int | None, now: datetime
) -> None:
    """Edit a night (it then has known times); a stale form is refused, and so is moving it
    onto a logged morning."""
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
