"""Question rules: add one any day, edit it, mark it asked at a visit, reopen it, delete it.

The reads (open_questions, questions_between) are in appointments.services with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.appointments.models import Appointment, Question
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import check_version, save_once, text
from tracker.timeutils import local_today

QUESTION_LIMIT = 500
ANSWER_LIMIT = 1000


@dataclass(frozen=True)
class QuestionFields:
    """A question as edited: its text and, once asked, where and with what answer."""

    text: str | None
    asked: bool = False
    appointment_id: int | None = None  # None: asked, but not linked to a visit
    answer: str | None = None  # a short note of the answer or outcome


def _question_text(value: str | None) -> str:
    cleaned = text(value, QUESTION_LIMIT, "text")
    if cleaned is None:
        raise Invalid("Write the question.", "text")
    return cleaned


def add_question(
    user: User, question: str | None, *, request_key: str | None = None, now: datetime
) -> Question:
    """Add a question for the next visit, filed under today; the same form twice adds it once."""
    entry = Question(
        user_id=user.id,
        text=_question_text(question),
        day=local_today(user.timezone, now),
        created_at=now,
        request_key=request_key or None,
    )
    saved = save_once(user, entry)
    db.session.flush()
    return saved


def question_fields(q: Question) -> QuestionFields:
    """A question's current fields, to change some of them."""
    return QuestionFields(q.text, q.asked_on is not None, q.appointment_id, q.answer)


def _visit(user: User, appointment_id: int | None, *, today: date) -> Appointment | None:
    if appointment_id is None:
        return None
    found = db.session.get(Appointment, appointment_id)
    if found is None or found.user_id != user.id:
        raise Invalid("Choose one of your appointments.", "appointment_id")
    if found.day > today:
        raise Invalid("That appointment is still to come.", "appointment_id")
    return found


def update_question(
    user: User,
    question: Question,
    fields: QuestionFields,
    *,
    row_version: int | None,
    now: datetime,
) -> None:
    """Edit a question; asked links the visit (if given), not asked puts it back on the list."""
    check_version(question, row_version)
    question.text = _question_text(fields.text)
    if not fields.asked:
        question.asked_on = question.answer = None
        question.appointment = None
        db.session.flush()
        return
    today = local_today(user.timezone, now)
    visit = _visit(user, fields.appointment_id, today=today)
    question.answer = text(fields.answer, ANSWER_LIMIT, "answer")
    question.appointment = visit
    # Asked at the visit it is linked to, else on the day it was first marked.
    question.asked_on = visit.day if visit else question.asked_on or today
    db.session.flush()


def mark_asked(
    user: User,
    question: Question,
    *,
    appointment_id: int | None,
    answer: str | None,
    row_version: int | None,
    now: datetime,
) -> None:
    """Mark a question asked, at a visit (optional) with a short answer; a repeat is a no-op."""
    repeat = (question.appointment_id, question.answer) == (
        appointment_id,
        text(answer, ANSWER_LIMIT, "answer"),
    )
    if question.asked_on is not None and repeat:
        return
    fields = QuestionFields(question.text, True, appointment_id, answer)
    update_question(user, question, fields, row_version=row_version, now=now)
