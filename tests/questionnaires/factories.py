"""Plain factory functions for questionnaire tests (call inside an app context)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.extensions import db
from tracker.questionnaires import services
from tracker.questionnaires.models import QuestionnaireResponse

PHQ9_TEN = [1, 2, 0, 3, 1, 0, 2, 1, 0]  # total 10, item 9 = 0


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def phq9(
    user: User, answers: list[int] | None = None, *, days_ago: int = 0, now: datetime = NOW
) -> QuestionnaireResponse:
    return services.record_answers(
        user, "phq9", answers or PHQ9_TEN, now=now - timedelta(days=days_ago)
    )


def phq9_total(user: User, total: int, *, days_ago: int = 0, item9: int = 0):  # noqa: ANN201
    """A PHQ-9 with the given total (item 9 as given, the rest spread over items 1–8)."""
    rest, answers = total - item9, []
    for _ in range(8):
        answers.append(min(3, rest))
        rest -= answers[-1]
    return phq9(user, [*answers, item9], days_ago=days_ago)


def gad7(user: User, total: int = 7, *, days_ago: int = 0) -> QuestionnaireResponse:
    rest, answers = total, []
    for _ in range(7):
        answers.append(min(3, rest))
        rest -= answers[-1]
    return services.record_answers(user, "gad7", answers, now=NOW - timedelta(days=days_ago))


def count() -> int:
    return db.session.scalar(db.select(db.func.count(QuestionnaireResponse.id)))
