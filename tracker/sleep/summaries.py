"""Reading the sleep diary: a night's derived measures, the rows pages list, the usual night,
the timeline. A night known only by its length has a total sleep time and nothing that needs
its times (time in bed, efficiency, SOL, WASO, awakenings): those are None, never made up.

A diary night whose minutes to fall asleep (SOL) or minutes awake (WASO) were left empty has
them None: its total sleep time takes off only what is known, so it is the most the person can
have slept, and is shown as "up to" with what was not recorded; its efficiency is None (an
efficiency from an upper bound would look better than the night was)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from tracker import journal
from tracker.auth.models import User
from tracker.extensions import db
from tracker.sleep import measures, naps
from tracker.sleep.models import SleepEntry
from tracker.timeutils import clock_time, to_local

NOT_RATED = "not rated"
TIMES_NOT_RECORDED = "times not recorded"
UNKNOWN = "—"


@dataclass(frozen=True)
class NightSummary:
    """One night's derived measures, for charts and reports (minutes; efficiency in %).

    Without known times (`times_known` False) only the day, total sleep and quality are real.
    With SOL or WASO unknown, total sleep is an upper bound (`tst_at_most`) and efficiency None.
    """

    day: date
    tib_minutes: int | None
    tst_minutes: int
    efficiency: float | None
    quality: int | None
    sol_minutes: int | None
    waso_minutes: int | None
    awakenings: int | None
    times_known: bool = True

    @property
    def unrecorded(self) -> str | None:
        """'minutes to fall asleep not recorded' when total sleep is only an upper bound."""
        if not self.times_known:
            return None
        return measures.counts_unknown(self.sol_minutes, self.waso_minutes)

    @property
    def tst_at_most(self) -> bool:
        """Total sleep counts unknown SOL or WASO as none: the night slept at most that."""
        return self.unrecorded is not None


def summarize(entry: SleepEntry) -> NightSummary:
    """The derived measures of a logged night."""
    tst = measures.total_sleep_time(
        entry.tried_to_sleep_at, entry.final_awakening_at, entry.sol_minutes, entry.waso_minutes
    )
    if not entry.times_known:
        return NightSummary(entry.day, None, tst, None, entry.quality, None, None, None, False)
    tib = measures.time_in_bed(entry.at, entry.out_of_bed_at)
    complete = entry.sol_minutes is not None and entry.waso_minutes is not None
    return NightSummary(
        day=entry.day,
        tib_minutes=tib,
        tst_minutes=tst,
        efficiency=measures.sleep_efficiency(tst, tib) if complete else None,
        quality=entry.quality,
        sol_minutes=entry.sol_minutes,
        waso_minutes=entry.waso_minutes,
        awakenings=entry.awakenings,
    )


def quality_label(quality: int | None) -> str:
    """'good', or 'not rated' for a night without a rating."""
    return NOT_RATED if quality is None else measures.QUALITY[quality]


def headline(summary: NightSummary) -> str:
    """'Slept 7 h 10 min · efficiency 89% · quality good'; no efficiency without times, and
    'Slept up to 7 h 40 min · quality good' when SOL or WASO was not recorded."""
    up_to = "up to " if summary.tst_at_most else ""
    parts = [f"Slept {up_to}{measures.duration(summary.tst_minutes)}"]
    if summary.times_known and not summary.tst_at_most:
        parts.append(f"efficiency {measures.percent(summary.efficiency)}")
    parts.append(f"quality {quality_label(summary.quality)}")
    return " · ".join(parts)


def nights_between(user: User, first: date, last: date) -> list[SleepEntry]:
    """The rows of the nights filed under the mornings first..last, oldest first."""
    return list(
        db.session.scalars(
            select(SleepEntry)
            .where(SleepEntry.user_id == user.id, SleepEntry.day >= first, SleepEntry.day <= last)
            .order_by(SleepEntry.day)
        )
    )


def nights(user: User, first: date, last: date) -> list[NightSummary]:
    """Every logged night filed under the mornings first..last, oldest first."""
    return [summarize(e) for e in nights_between(user, first, last)]


@dataclass(frozen=True)
class NightRow:
    """A night as the sleep page lists it: its measures and its wall-clock times (None when
    the night is known only by its length)."""

    entry_id: int
    summary: NightSummary
    tz: str
    into_bed: datetime | None  # aware, in the zone the night was logged in
    tried_to_sleep: datetime | None
    final_awakening: datetime | None
    out_of_bed: datetime | None
    note: str | None
    row_version: int
    clock: str = "24"  # how its times are shown: the user's clock setting

    @property
    def times_known(self) -> bool:
        return self.summary.times_known

    @property
    def bed_times(self) -> str:
        """'22:40–06:43', or 'times not recorded'."""
        if self.into_bed is None or self.out_of_bed is None:
            return TIMES_NOT_RECORDED
        return f"{clock_time(self.into_bed, self.clock)}–{clock_time(self.out_of_bed, self.clock)}"

    @property
    def bed_line(self) -> str:
        """'In bed 22:40–06:43', 'In bed 22:40–06:43 · minutes awake not recorded', or 'Times
        not recorded'."""
        if not self.times_known:
            return TIMES_NOT_RECORDED.capitalize()
        unrecorded = self.summary.unrecorded
        line = f"In bed {self.bed_times}"
        return f"{line} · {unrecorded}" if unrecorded else line

    @property
    def quality_label(self) -> str:
        return quality_label(self.summary.quality)

    @property
    def in_bed(self) -> str:
        minutes = self.summary.tib_minutes
        return UNKNOWN if minutes is None else measures.duration(minutes)

    @property
    def asleep(self) -> str:
        up_to = "up to " if self.summary.tst_at_most else ""
        return up_to + measures.duration(self.summary.tst_minutes)

    @property
    def efficiency(self) -> str:
        return measures.percent(self.summary.efficiency)

    @property
    def to_fall_asleep(self) -> str:
        sol = self.summary.sol_minutes
        return UNKNOWN if sol is None else f"{sol} min"

    @property
    def awake_in_night(self) -> str:
        s = self.summary
        if s.waso_minutes is None and s.awakenings is None:
            return UNKNOWN
        minutes = UNKNOWN if s.waso_minutes is None else f"{s.waso_minutes} min"
        times = UNKNOWN if s.awakenings is None else f"{s.awakenings}×"
        return f"{minutes} ({times})"

    @property
    def headline(self) -> str:
        return headline(self.summary)


def night_row(entry: SleepEntry, clock: str = "24") -> NightRow:
    """One night as a page shows it, its times by `clock` (the user's setting)."""

    def local(instant: datetime) -> datetime | None:
        return to_local(instant, entry.tz) if entry.times_known else None

    return NightRow(
        entry_id=entry.id,
        summary=summarize(entry),
        tz=entry.tz,
        into_bed=local(entry.at),
        tried_to_sleep=local(entry.tried_to_sleep_at),
        final_awakening=local(entry.final_awakening_at),
        out_of_bed=local(entry.out_of_bed_at),
        note=entry.note,
        row_version=entry.row_version,
        clock=clock,
    )


def night_rows_between(user: User, first: date, last: date) -> list[NightRow]:
    """The nights filed under the mornings first..last as pages show them, newest first."""
    return [night_row(e, user.clock) for e in reversed(nights_between(user, first, last))]


def recent_nights(user: User, *, limit: int = 30) -> list[NightRow]:
    """The latest logged nights, newest first."""
    rows = db.session.scalars(
        select(SleepEntry)
        .where(SleepEntry.user_id == user.id)
        .order_by(SleepEntry.day.desc())
        .limit(limit)
    )
    return [night_row(e, user.clock) for e in rows]


@dataclass(frozen=True)
class UsualNight:
    """Wall-clock times and answers of a recent night, to prefill the next one."""

    into_bed: time
    tried_to_sleep: time
    final_awakening: time
    out_of_bed: time
    sol_minutes: int | None  # None: not recorded that night, so left empty
    awakenings: int | None
    waso_minutes: int | None
    quality: int | None


def usual_night(user: User, before: date) -> UsualNight | None:
    """The most recent night with known times filed before the morning `before`, as times of
    day (a night known only by its length has none to offer)."""
    entry = db.session.scalar(
        select(SleepEntry)
        .where(
            SleepEntry.user_id == user.id,
            SleepEntry.day < before,
            SleepEntry.times_known.is_(True),
        )
        .order_by(SleepEntry.day.desc())
        .limit(1)
    )
    if entry is None:
        return None
    wall = {
        name: to_local(instant, entry.tz).time()
        for name, instant in (
            ("into_bed", entry.at),
            ("tried_to_sleep", entry.tried_to_sleep_at),
            ("final_awakening", entry.final_awakening_at),
            ("out_of_bed", entry.out_of_bed_at),
        )
    }
    return UsualNight(
        **wall,
        sol_minutes=entry.sol_minutes,
        awakenings=entry.awakenings,
        waso_minutes=entry.waso_minutes,
        quality=entry.quality,
    )


def counts_line(sol: int | None, awakenings: int | None, waso: int | None) -> str:
    """The counts a diary gave, '15 min to fall asleep · woke 2 times, 10 min awake'; those
    not recorded are left out ('' when none was)."""
    parts = []
    if sol is not None:
        parts.append(f"{measures.duration(sol)} to fall asleep")
    woke = []
    if awakenings is not None:
        woke.append(f"woke {awakenings} {'time' if awakenings == 1 else 'times'}")
    if waso is not None:
        woke.append(f"{measures.duration(waso)} awake")
    if woke:
        parts.append(", ".join(woke))
    return " · ".join(parts)


def _detail(row: NightRow) -> str:
    s = row.summary
    counts = counts_line(s.sol_minutes, s.awakenings, s.waso_minutes) if row.times_known else ""
    return f"{row.bed_line} · {counts}" if counts else row.bed_line


def _night_item(entry: SleepEntry, clock: str) -> journal.TimelineItem:
    row = night_row(entry, clock)
    detail = _detail(row)
    return journal.TimelineItem(
        kind="sleep",
        at=entry.final_awakening_at,  # the morning it is filed under
        day=entry.day,
        title=headline(row.summary),
        detail=f"{detail} · {entry.note}" if entry.note else detail,
        entry_id=entry.id,
        edit_endpoint="sleep.edit",
        delete_endpoint="sleep.delete",
        timed=entry.times_known,  # the placed 07:00 of a night known by its length is no time
    )


def timeline_items(user: User, first: date, last: date) -> list[journal.TimelineItem]:
    """Nights and naps filed under local dates first..last, in time order."""
    items = [_night_item(e, user.clock) for e in nights_between(user, first, last)]
    items += naps.timeline_items(user, first, last)
    return sorted(items, key=lambda i: i.at)
