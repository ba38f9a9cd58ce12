"""A mood check-in; several a day are allowed."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.journal import JournalEntry


class MoodCheckin(JournalEntry, db.Model):
    """Each scale 0-10 (see checkins.scales for the anchors); None where not rated."""

    __tablename__ = "mood_checkins"

    mood: Mapped[int | None] = mapped_column(Integer)
    anxiety: Mapped[int | None] = mapped_column(Integer)
    irritability: Mapped[int | None] = mapped_column(Integer)
    energy: Mapped[int | None] = mapped_column(Integer)
    focus: Mapped[int | None] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
