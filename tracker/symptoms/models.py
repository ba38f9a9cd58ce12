"""The user's symptoms (from the catalog or their own) and severity entries."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.journal import JournalEntry


class Symptom(db.Model):
    """A symptom the user has followed or logged: a catalog key, or their own name."""

    __tablename__ = "symptoms"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str | None] = mapped_column(String(40))  # catalog key; None for the user's own
    name: Mapped[str] = mapped_column(String(80))
    followed: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SymptomEntry(JournalEntry, db.Model):
    """How strong a symptom was: 0 means checked and not present, 10 the worst imaginable."""

    __tablename__ = "symptom_entries"

    symptom_id: Mapped[int] = mapped_column(
        ForeignKey("symptoms.id", ondelete="CASCADE"), index=True
    )
    severity: Mapped[int] = mapped_column(Integer)
    # The medication the user suspects, if any; kept as "none" if that medication is deleted.
    medication_id: Mapped[int | None] = mapped_column(
        ForeignKey("medications.id", ondelete="SET NULL"), index=True
    )
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
