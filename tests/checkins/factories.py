"""Plain factory functions for check-in tests (call inside an app context)."""

from __future__ import annotations

from datetime import datetime

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.checkins import services
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db


def checkin(
    user: User,
    *,
    at: datetime | None = None,
    note: str | None = None,
    now: datetime = NOW,
    request_key: str | None = None,
    **ratings: int | None,
) -> MoodCheckin:
    return services.record_checkin(
        user,
        ratings=ratings or {"mood": 5},
        note=note,
        at=at,
        request_key=request_key,
        now=now,
    )


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def count() -> int:
    return db.session.scalar(db.select(db.func.count(MoodCheckin.id)))
