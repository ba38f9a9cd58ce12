"""A completed questionnaire, or a score a clinician gave on a licensed instrument."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.journal import JournalEntry


class QuestionnaireResponse(JournalEntry, db.Model):
    """`instrument` is phq9, gad7, fibser or other; `answers` the item scores, comma-separated.

    For "other" (e.g. a clinician-administered ODQ), `name` says which and only `total` is kept.
    """

    __tablename__ = "questionnaire_responses"

    instrument: Mapped[str] = mapped_column(String(10))
    name: Mapped[str | None] = mapped_column(String(60))
    answers: Mapped[str | None] = mapped_column(String(60))
    total: Mapped[int] = mapped_column(Integer)
    # PHQ-9 item 9 (thoughts of self-harm), kept apart so it can never be lost in a total.
    item9: Mapped[int | None] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
