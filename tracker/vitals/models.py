"""A vitals entry: any of weight, blood pressure with pulse, and resting heart rate."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.journal import JournalEntry


class VitalSign(JournalEntry, db.Model):
    """At least one measure; None where not taken.

    The weight is kept as entered, in the unit it was entered in ("kg" or "lb"), so 180.0 lb
    reads back 180.0 lb; shown in the other unit it is converted at display.
    """

    __tablename__ = "vital_signs"

    weight: Mapped[float | None] = mapped_column(Float)
    weight_unit: Mapped[str | None] = mapped_column(String(2))
    systolic: Mapped[int | None] = mapped_column(Integer)  # mmHg
    diastolic: Mapped[int | None] = mapped_column(Integer)  # mmHg
    pulse: Mapped[int | None] = mapped_column(Integer)  # beats/min, taken with the blood pressure
    heart_rate: Mapped[int | None] = mapped_column(Integer)  # resting, beats/min
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
