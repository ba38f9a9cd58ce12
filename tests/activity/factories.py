"""Plain helpers for activity tests (call inside an app context)."""

from __future__ import annotations

from datetime import date, time

from tests.conftest import NOW
from tracker.activity import services
from tracker.auth.models import User
from tracker.extensions import db
from tracker.timeutils import localize


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def at(day: date, hh: int, mm: int = 0, tz: str = "Europe/Berlin"):  # noqa: ANN201
    """The instant of a wall-clock time on a local day."""
    return localize(day, time(hh, mm), tz)


def walk(user: User, minutes: int = 30, **extra):  # noqa: ANN003, ANN201
    return services.record_activity(
        user, kind="walking", minutes=minutes, intensity="moderate", now=NOW, **extra
    )
