"""Plain factory functions for appointment tests (call inside an app context)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.conftest import NOW
from tracker.appointments import questions, services
from tracker.appointments.models import Appointment, Question
from tracker.auth.models import User
from tracker.extensions import db


def appointment(
    user: User, *, now: datetime = NOW, request_key: str | None = None, **fields: Any
) -> Appointment:
    fields.setdefault("day", date(2025, 5, 20))
    fields.setdefault("kind", "prescriber")
    return services.record_appointment(
        user, services.AppointmentFields(**fields), request_key=request_key, now=now
    )


def question(
    user: User,
    text: str = "Ask about the brain fog since the increase",
    *,
    now: datetime = NOW,
    request_key: str | None = None,
) -> Question:
    return questions.add_question(user, text, request_key=request_key, now=now)


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def count(model: type = Appointment) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


def owned_records(user_id: int) -> dict[str, int]:
    """One appointment and one question asked there, by the URL argument naming each."""
    user = get_user(user_id)
    a = appointment(user, provider="Dr Okafor")
    q = question(user)
    questions.mark_asked(user, q, appointment_id=a.id, answer=None, row_version=1, now=NOW)
    return {"appointment_id": a.id, "question_id": q.id}
