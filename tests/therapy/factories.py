"""Plain factory functions for therapy tests (call inside an app context)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.extensions import db
from tracker.therapy import services
from tracker.therapy.models import TherapySession


def session(
    user: User,
    *,
    now: datetime = NOW,
    request_key: str | None = None,
    **fields: Any,
) -> TherapySession:
    fields.setdefault("modality", "cbt")
    return services.record_session(
        user, services.SessionFields(**fields), request_key=request_key, now=now
    )


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def count() -> int:
    return db.session.scalar(db.select(db.func.count(TherapySession.id)))
