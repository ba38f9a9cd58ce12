"""Activity sessions, practices the user follows, and substances."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.activity import catalog
from tracker.database import UTCDateTime
from tracker.extensions import db
from tracker.journal import JournalEntry


class ActivityEntry(JournalEntry, db.Model):
    __tablename__ = "activity_entries"

    kind: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int] = mapped_column(Integer)
    intensity: Mapped[str] = mapped_column(String(10))  # light, moderate, vigorous
    steps: Mapped[int | None] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class OwnPractice(db.Model):
    """A practice the user added (prayer, bodywork, ...), logged like the catalog's."""

    __tablename__ = "own_practices"
    # The services compare names case-insensitively; this catches a race of two equal ones.
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    mode: Mapped[str] = mapped_column(String(10))  # catalog.MINUTES or catalog.YES_NO
    hint: Mapped[str | None] = mapped_column(String(200))
    followed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def as_practice(self) -> catalog.Practice:
        """The practice as the catalog's are shown and logged, under its own key."""
        return catalog.Practice(catalog.own_key(self.id), self.name, self.mode, self.hint or "")


class PracticeEntry(JournalEntry, db.Model):
    """A wellness practice done: minutes, or just done (yes/no), and how helpful (0-10).

    Exactly one of `practice` (a catalog key) and `own_practice_id` is set (the services
    check it). An own practice with entries cannot be deleted (no ON DELETE): its entries
    are never lost with it; the account's deletion removes both."""

    __tablename__ = "practice_entries"

    practice: Mapped[str | None] = mapped_column(String(20))
    own_practice_id: Mapped[int | None] = mapped_column(ForeignKey("own_practices.id"), index=True)
    own_practice: Mapped[OwnPractice | None] = relationship(lazy="joined")
    minutes: Mapped[int | None] = mapped_column(Integer)
    done: Mapped[bool] = mapped_column(Boolean, default=True)
    helpful: Mapped[int | None] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    @property
    def practice_key(self) -> str:
        """The catalog key, or the own practice's key ("own:<id>")."""
        if self.practice is not None:
            return self.practice
        return catalog.own_key(self.own_practice_id or 0)

    @property
    def label(self) -> str:
        if self.own_practice is not None:
            return self.own_practice.name
        return catalog.practice_label(self.practice or "")


class SubstanceEntry(JournalEntry, db.Model):
    """Caffeine in drinks, alcohol in standard units (10 g of alcohol)."""

    __tablename__ = "substance_entries"

    substance: Mapped[str] = mapped_column(String(10))  # caffeine, alcohol
    amount: Mapped[float] = mapped_column(Float)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
