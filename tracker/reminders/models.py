"""Channels, the user's reminder preferences, and one row per reminder to send."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tracker.database import UTCDateTime
from tracker.extensions import db

PENDING, SENT, FAILED, SKIPPED = "pending", "sent", "failed", "skipped"


class ReminderChannel(db.Model):
    """Where reminders go. `kind` names the channel type ("apprise"; Web Push will be another):
    `secret` is what that type needs to send (an Apprise URL), encrypted (vault.py)."""

    __tablename__ = "reminder_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="apprise")
    name: Mapped[str] = mapped_column(String(60))
    secret: Mapped[str] = mapped_column(Text)
    # What may be shown of the address: its scheme and a masked host ("ntfys · nt…").
    label: Mapped[str] = mapped_column(String(120))
    # Sends that failed one after another; at FAILURE_LIMIT the channel is disabled.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReminderPreferences(db.Model):
    """Quiet hours (local wall times, may cross midnight) and what a reminder's text shows."""

    __tablename__ = "reminder_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    # Opt-in: the default text never names the drug ("Time for your 08:00 medication").
    name_drug: Mapped[bool] = mapped_column(Boolean, default=False)


class Reminder(db.Model):
    """One reminder: planned ahead, claimed by one sender, sent once (or skipped, with why)."""

    user_data = False  # bookkeeping derived from the plan: see tracker/dataversion.py

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target_id", "due_at", "repeat"),
        Index("ix_reminders_status_next_try_at", "status", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "dose"
    target_id: Mapped[int] = mapped_column(Integer)  # the medication's id for a dose
    # A dose's slot as planned in local wall time, and the zone it was planned in.
    slot_day: Mapped[date | None] = mapped_column(Date)
    slot_time: Mapped[time | None] = mapped_column(Time)
    tz: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    repeat: Mapped[int] = mapped_column(Integer, default=0)  # 0: the reminder, 1..: repeats
    # When it is to go out: due_at, or the end of quiet hours; lateness is measured from it.
    send_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime())  # send_at, later on retries
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(300))


class ReminderRepeat(db.Model):
    """Repeat a medication's reminder every `every_minutes`, up to `times` more, until the dose
    is logged or its on-time window closes."""

    __tablename__ = "reminder_repeats"

    medication_id: Mapped[int] = mapped_column(
        ForeignKey("medications.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    every_minutes: Mapped[int] = mapped_column(Integer)  # 15, 30 or 60
    times: Mapped[int] = mapped_column(Integer)  # 1..6
