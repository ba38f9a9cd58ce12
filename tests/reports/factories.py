"""A small history for report tests, relative to a given clock (call inside an app context)."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

from pypdf import PdfReader

from tracker.appointments import questions
from tracker.auth.models import User
from tracker.checkins import services as checkins
from tracker.extensions import db
from tracker.medications import services as meds
from tracker.questionnaires import services as questionnaires
from tracker.timeutils import local_today

PHQ9_ITEM9 = [1, 1, 2, 1, 1, 0, 1, 0, 2]  # item 9 "more than half the days"
PHQ9_CLEAR = [1, 1, 1, 1, 1, 0, 1, 0, 0]


def get_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def history(user: User, *, now: datetime, drug: str = "sertraline", question: str | None = None):  # noqa: ANN201
    """A medication from 40 days ago, a fortnight of check-ins, two PHQ-9s and a question.

    Returns the local days of the PHQ-9 with item 9 above 0 and of the clear one.
    """
    today = local_today(user.timezone, now)
    meds.create_medication(
        user,
        meds.MedicationFields(
            name=drug, strength=50, form="tablet", started_on=today - timedelta(days=40)
        ),
        doses=[(time(8), 50)],
        today=today,
        now=now,
    )
    for n in range(14):
        checkins.record_checkin(
            user, ratings={"mood": 5, "anxiety": 4}, at=now - timedelta(days=n), now=now
        )
    flagged, clear = now - timedelta(days=20), now - timedelta(days=6)
    questionnaires.record_answers(user, "phq9", PHQ9_ITEM9, now=flagged)
    questionnaires.record_answers(user, "phq9", PHQ9_CLEAR, now=clear)
    questions.add_question(user, question or f"Is the {drug} making me foggy?", now=now)
    db.session.flush()
    return local_today(user.timezone, flagged), local_today(user.timezone, clear)


def pdf_pages(data: bytes) -> list[str]:
    """The text of every page of a PDF (extractable only when it is real text)."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
