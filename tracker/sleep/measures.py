"""Sleep diary arithmetic and checks (Consensus Sleep Diary), on aware instants only.

Pure: no Flask, no database. Durations are real elapsed minutes, so a night across midnight or
a DST change has its true length (23:00 → 07:00 is 7 hours on a spring-forward night).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tracker.errors import Invalid
from tracker.timeutils import localize

# A bed time from noon on is the evening before the morning you woke up; earlier is that morning.
NOON = time(12)
LONGEST_NIGHT = timedelta(hours=24)
LONGEST_NIGHT_MINUTES = int(LONGEST_NIGHT / timedelta(minutes=1))
MAX_SOL = 720  # minutes to fall asleep (sleep onset latency)
MAX_WASO = 720  # minutes awake after sleep onset
MAX_AWAKENINGS = 50
QUALITY = {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good"}


def _minutes(start: datetime, end: datetime) -> int:
    """Elapsed whole minutes between two aware instants (through UTC, never wall-clock)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("sleep times must be aware instants")
    # Subtracting two datetimes that share a tzinfo ignores DST offsets: compare in UTC.
    seconds = (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()
    return round(seconds / 60)


def time_in_bed(into_bed: datetime, out_of_bed: datetime) -> int:
    """Time in bed (TIB) in minutes: out of bed − into bed."""
    return _minutes(into_bed, out_of_bed)


def total_sleep_time(
    tried_to_sleep: datetime, final_awakening: datetime, sol: int | None, waso: int | None
) -> int:
    """Total sleep time (TST) in minutes: (final awakening − tried to sleep) − SOL − WASO.

    An unknown SOL or WASO (None) takes nothing off, so the result is then the most the
    person can have slept (`counts_unknown` says which; efficiency is not derived from it).
    """
    return _minutes(tried_to_sleep, final_awakening) - (sol or 0) - (waso or 0)


def counts_unknown(sol: int | None, waso: int | None) -> str | None:
    """Which of the minutes that total sleep leaves out were not recorded, in plain words
    ('minutes to fall asleep and awake not recorded'); None when both are known."""
    missing = [name for value, name in ((sol, "to fall asleep"), (waso, "awake")) if value is None]
    return f"minutes {' and '.join(missing)} not recorded" if missing else None


def sleep_efficiency(tst: int, tib: int) -> float | None:
    """Sleep efficiency in percent: TST / TIB × 100; None when no time was spent in bed."""
    if tib <= 0:
        return None
    return tst / tib * 100


@dataclass(frozen=True)
class NightTimes:
    """The four instants of a night, aware UTC."""

    into_bed: datetime
    tried_to_sleep: datetime
    final_awakening: datetime
    out_of_bed: datetime


def evening_or_morning(wake_day: date, at: time) -> date:
    """The date a bed time belongs to: from 12:00 the evening before, else the wake date."""
    return wake_day - timedelta(days=1) if at >= NOON else wake_day


def place_night(
    wake_day: date,
    *,
    into_bed: time,
    tried_to_sleep: time,
    final_awakening: time,
    out_of_bed: time,
    tz: str,
) -> NightTimes:
    """Turn a diary's times of day into instants in zone `tz`, for the morning `wake_day`.

    Into bed and tried to sleep take `evening_or_morning`; the final awakening and out of
    bed are on the wake date.
    """
    return NightTimes(
        into_bed=localize(evening_or_morning(wake_day, into_bed), into_bed, tz),
        tried_to_sleep=localize(evening_or_morning(wake_day, tried_to_sleep), tried_to_sleep, tz),
        final_awakening=localize(wake_day, final_awakening, tz),
        out_of_bed=localize(wake_day, out_of_bed, tz),
    )


def check_quality(quality: int | None) -> None:
    """Refuse a rating off the 5-point scale; None (not rated) is allowed."""
    if quality is not None and (isinstance(quality, bool) or quality not in QUALITY):
        raise Invalid("Choose how well you slept, from very poor to very good.", "quality")


def _check_counts(
    sol: int | None, waso: int | None, awakenings: int | None, quality: int | None
) -> None:
    """Each count on its scale, or None: not recorded (a diary may leave them empty)."""
    limits = (
        (sol, MAX_SOL, "sol_minutes", "Enter 0 to {} minutes, or leave it empty."),
        (waso, MAX_WASO, "waso_minutes", "Enter 0 to {} minutes, or leave it empty."),
        (awakenings, MAX_AWAKENINGS, "awakenings", "Enter 0 to {}, or leave it empty."),
    )
    for value, high, field, message in limits:
        whole = isinstance(value, int) and not isinstance(value, bool)
        if value is not None and (not whole or not 0 <= value <= high):
            raise Invalid(message.format(high), field)
    check_quality(quality)


def _check_order(night: NightTimes) -> None:
    if night.tried_to_sleep < night.into_bed:
        raise Invalid(
            "Tried to sleep must be at or after the time you got into bed.", "tried_to_sleep"
        )
    if night.final_awakening < night.tried_to_sleep:
        raise Invalid(
            "The final awakening must come after the time you tried to sleep.", "final_awakening"
        )
    if night.out_of_bed < night.final_awakening:
        raise Invalid("Out of bed must be at or after the final awakening.", "out_of_bed")
    if night.out_of_bed - night.into_bed > LONGEST_NIGHT:
        raise Invalid(
            "From into bed to out of bed is more than 24 hours; check the times.", "into_bed"
        )


def check_night(
    night: NightTimes,
    *,
    sol: int | None,
    waso: int | None,
    awakenings: int | None,
    quality: int | None,
) -> None:
    """Refuse an impossible night, naming the field to correct; a night may be unrated and
    its counts unknown (None).

    Order: into bed ≤ tried to sleep ≤ final awakening ≤ out of bed, at most 24 hours in bed;
    SOL + WASO (those known) fit between trying to sleep and the final awakening; counts on
    their scales.
    """
    _check_counts(sol, waso, awakenings, quality)
    _check_order(night)
    _check_fit(_minutes(night.tried_to_sleep, night.final_awakening), sol, waso)


def _check_fit(window: int, sol: int | None, waso: int | None) -> None:
    between = f"the {duration(window)} between trying to sleep and the final awakening."
    if sol is not None and sol > window:
        raise Invalid(f"That is longer than {between}", "sol_minutes")
    if waso is None or (sol or 0) + waso <= window:
        return
    if sol is None:
        raise Invalid(f"That is longer than {between}", "waso_minutes")
    raise Invalid(
        f"Minutes to fall asleep and minutes awake add up to more than {between}",
        "waso_minutes",
    )


def duration(minutes: int | None) -> str:
    """Minutes as people say them: 430 -> '7 h 10 min', 45 -> '45 min', 480 -> '8 h'."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def percent(value: float | None) -> str:
    """An efficiency as a whole percent: 88.6 -> '89%'; None -> '—'."""
    return "—" if value is None else f"{round(value)}%"
