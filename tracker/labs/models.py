"""A lab result as the lab reported it: value, unit, and the lab's own reference range."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.database import UTCDateTime
from tracker.extensions import db
from tracker.journal import JournalEntry


class LabResult(JournalEntry, db.Model):
    """`at` is when the blood was drawn; `last_dose_at` the dose before it (trough levels)."""

    __tablename__ = "lab_results"

    test: Mapped[str | None] = mapped_column(String(30))  # a catalog key; None: named below
    name: Mapped[str | None] = mapped_column(String(100))  # the user's name for another test
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(30))
    # The lab's reference range as printed on the report, in the same unit; either end may
    # be missing. Never ours: the app does not judge a value.
    ref_low: Mapped[float | None] = mapped_column(Float)
    ref_high: Mapped[float | None] = mapped_column(Float)
    last_dose_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    @property
    def outside_range(self) -> bool:
        """Below the low end or above the high end the lab printed (never our own judgement)."""
        low, high = self.ref_low, self.ref_high
        return (low is not None and self.value < low) or (high is not None and self.value > high)
