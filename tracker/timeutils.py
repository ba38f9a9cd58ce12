"""The only place that converts between UTC instants and a user's local wall time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# How a time of day is shown, by the user's clock setting.
CLOCKS = {"24": "%H:%M", "12": "%I:%M %p"}


def clock_time(value: time | datetime, clock: str = "24") -> str:
    """A time of day as the user reads clocks: '13:30' or '1:30 PM' (no leading zero)."""
    text = value.strftime(CLOCKS.get(clock, CLOCKS["24"]))
    return text.removeprefix("0") if clock == "12" else text


def utcnow() -> datetime:
    """The current instant, aware, in UTC (only edges call this; services take `now`)."""
    return datetime.now(UTC)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; raises ValueError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """All IANA zone names, sorted, for the time-zone picker."""
    return tuple(sorted(n for n in available_timezones() if "/" in n or n == "UTC"))


def is_zone(name: str) -> bool:
    """Whether `name` is a known IANA zone."""
    return name in set(zone_names())


def local_today(tz: str, now: datetime) -> date:
    """The user's calendar date at instant `now`."""
    return now.astimezone(zone(tz)).date()


def to_local(instant: datetime, tz: str) -> datetime:
    """An aware UTC instant as the user's wall time (aware, in their zone)."""
    return instant.astimezone(zone(tz))


def localize(day: date, at: time, tz: str) -> datetime:
    """The instant a wall-clock time happens on a local date, as aware UTC.

    At a DST gap (02:30 on a spring-forward night does not exist) the time moves forward by
    the gap, as a clock that is set forward would show it; an ambiguous time at a fall-back
    takes its first occurrence (fold=0).
    """
    naive = datetime.combine(day, at.replace(tzinfo=None))
    # PEP 495: with fold=0 a gap time is read with the pre-transition offset, which lands
    # after the gap (02:30 -> 03:30 CEST), and an ambiguous time is its first occurrence.
    return naive.replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day as UTC instants (23 or 25 hours on DST days)."""
    return localize(day, time(0), tz), localize(day + timedelta(days=1), time(0), tz)


def from_wall(wall: datetime | None, tz: str) -> datetime | None:
    """A naive wall-clock datetime (a `datetime-local` input) in the user's zone, as UTC."""
    return None if wall is None else localize(wall.date(), wall.time(), tz)


def to_wall(instant: datetime | None, tz: str) -> datetime | None:
    """An instant as the naive wall-clock datetime a `datetime-local` input shows."""
    return None if instant is None else to_local(instant, tz).replace(tzinfo=None)
