"""The vitals line on the Today page: the day's latest reading, and links to log vitals or
a lab result (one line: measuring is occasional, the daily log stays as short as it was)."""

from __future__ import annotations

from datetime import date, datetime

from tracker.auth.models import User
from tracker.vitals import services

TABLES: tuple[str, ...] = ("vital_signs", "users")  # users: the weight unit


def today_panel(user: User, day: date, now: datetime) -> dict:
    """Context for templates/vitals/_today.html."""
    entries = services.vitals_between(user, day, day)
    return {
        "latest": services.summary(entries[-1], user.weight_unit) if entries else None,
        "next": f"/today?day={day.isoformat()}",
    }
