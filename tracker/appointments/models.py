"""An appointment, and a question the user collects for one."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.database import UTCDateTime
from tracker.extensions import db


class Appointment(db.Model):
    """A visit on a local day; the time is optional (many people only know the date)."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    # The wall-clock time in `tz` as the user entered it, and that instant in UTC.
    start_time: Mapped[time | None] = mapped_column(Time)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    tz: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # prescriber, therapist, other
    provider: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)  # written afterwards
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}


class Question(db.Model):
    """Something to ask at the next visit; open until marked asked."""

    __tablename__ = "appointment_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    day: Mapped[date] = mapped_column(Date, index=True)  # the user's local day it was added
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    asked_on: Mapped[date | None] = mapped_column(Date)  # None: still to ask
    # Deleting the appointment keeps the question, asked, without the link.
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), index=True
    )
    answer: Mapped[str | None] = mapped_column(String(1000))
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    appointment: Mapped[Appointment | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": row_version}
