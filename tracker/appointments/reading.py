"""The questions for the prescriber, read once for the snapshot (tracker/snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from tracker.appointments.models import Question
from tracker.appointments.services import QuestionView, as_question
from tracker.auth.models import User
from tracker.extensions import db


@dataclass(frozen=True)
class QuestionList:
    # The questions still to ask (whenever added) and those added in the read's days; oldest
    # first.
    questions: tuple[QuestionView, ...]

    def still_open(self) -> list[QuestionView]:
        return [q for q in self.questions if q.asked_on is None]

    def added(self, first: date, last: date) -> list[QuestionView]:
        """The questions added on local days first..last, asked or not."""
        return [q for q in self.questions if first <= q.day <= last]


def read(user: User, first: date, last: date) -> QuestionList:
    """The appointments kind's rows: the open questions and those added first..last."""
    query = (
        select(Question)
        .where(
            Question.user_id == user.id,
            or_(Question.asked_on.is_(None), Question.day.between(first, last)),
        )
        .options(selectinload(Question.appointment))
        .order_by(Question.day, Question.created_at, Question.id)
    )
    return QuestionList(tuple(as_question(q) for q in db.session.scalars(query)))
