"""A therapy session."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.journal import JournalEntry


class TherapySession(JournalEntry, db.Model):
    """`at` is the session's start; `note` holds the private notes."""

    __tablename__ = "therapy_sessions"

    modality: Mapped[str] = mapped_column(String(20))
    therapist: Mapped[str | None] = mapped_column(String(100))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    topics: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[str | None] = mapped_column(Text)
    homework: Mapped[str | None] = mapped_column(Text)
    homework_done: Mapped[bool | None] = mapped_column(Boolean)
    mood_before: Mapped[int | None] = mapped_column(Integer)  # 0-10, same scale as check-ins
    mood_after: Mapped[int | None] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
