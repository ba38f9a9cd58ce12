"""Plain factory functions for sleep tests (call inside an app context)."""

from __future__ import annotations

from datetime import date, datetime, time

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.extensions import db
from tracker.sleep import services
from tracker.sleep.measures import place_night
from tracker.sleep.models import SleepEntry


def a_night(
    wake: date,
    bed: str = "22:40",
    tried: str = "22:45",
    final: str = "06:30",
    out: str = "06:43",
    *,
    tz: str = "Europe/Berlin",
    sol: int | None = 15,
    waso: int | None = 20,
    awakenings: int | None = 2,
    quality: int | None = 4,
    note: str | None = None,
) -> services.Night:
    times = place_night(
        wake,
        into_bed=time.fromisoformat(bed),
        tried_to_sleep=time.fromisoformat(tried),
        final_awakening=time.fromisoformat(final),
        out_of_bed=time.fromisoformat(out),
        tz=tz,
    )
    return services.Night(times, sol, awakenings, waso, quality, note)


def log_night(
    user: User, wake: date, request_key: str | None = None, now: datetime = NOW, **kwargs
) -> SleepEntry:
    return services.record_night(user, a_night(wake, **kwargs), request_key=request_key, now=now)


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def log_length(
    user: User,
    wake: date,
    minutes: int = 480,
    *,
    quality: int | None = 4,
    tz: str = "Europe/Berlin",
    note: str | None = None,
    request_key: str | None = None,
    now: datetime = NOW,
) -> SleepEntry:
    """A night known only by its length of sleep, as Daylio gives it."""
    return services.record_night_length(
        user,
        day=wake,
        tz=tz,
        asleep_minutes=minutes,
        quality=quality,
        note=note,
        request_key=request_key,
        now=now,
    )
