"""Activity sessions, practices the user follows, and substances."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.journal import JournalEntry


class ActivityEntry(JournalEntry, db.Model):
    __tablename__ = "activity_entries"

    kind: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int] = mapped_column(Integer)
    intensity: Mapped[str] = mapped_column(String(10))  # light, moderate, vigorous
    steps: Mapped[int | None] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class PracticeEntry(JournalEntry, db.Model):
    """A wellness practice done: minutes, or just done (yes/no), and how helpful (0-10)."""

    __tablename__ = "practice_entries"

    practice: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[bool] = mapped_column(Boolean, default=True)
    helpful: Mapped[int | None] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class SubstanceEntry(JournalEntry, db.Model):
    """Caffeine in drinks, alcohol in standard units (10 g of alcohol)."""

    __tablename__ = "substance_entries"

    substance: Mapped[str] = mapped_column(String(10))  # caffeine, alcohol
    amount: Mapped[float] = mapped_column(Float)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
