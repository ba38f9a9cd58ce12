"""Medication, schedule versions (with their dose times), taper plans and dose events."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.database import UTCDateTime
from tracker.extensions import db

STOP_REASONS = {
    "side_effects": "Side effects",
    "not_effective": "Not effective",
    "course_completed": "Course completed",
    "prescriber": "Prescriber's decision",
    "cost": "Cost",
    "own_decision": "Own decision",
    "other": "Other",
}
VERSION_KINDS = ("start", "change", "taper")


class Medication(db.Model):
    __tablename__ = "medications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    drug_class: Mapped[str | None] = mapped_column(String(40))
    form: Mapped[str | None] = mapped_column(String(20))
    # Strength of one unit of the form (a 50 mg tablet); amounts elsewhere use `unit` too.
    strength: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10), default="mg")
    as_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    purpose: Mapped[str | None] = mapped_column(String(200))
    prescriber: Mapped[str | None] = mapped_column(String(100))
    started_on: Mapped[date] = mapped_column(Date)
    # The first day without the medication (a taper that ends in a stop sets it).
    stopped_on: Mapped[date | None] = mapped_column(Date)
    stop_reason: Mapped[str | None] = mapped_column(String(20))
    # As-needed limits, in `unit` per rolling 24 hours and minutes between doses.
    default_amount: Mapped[float | None] = mapped_column(Float)
    max_per_24h: Mapped[float | None] = mapped_column(Float)
    min_interval_minutes: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[ScheduleVersion]] = relationship(
        back_populates="medication",
        order_by="ScheduleVersion.effective_from",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": row_version}

    def active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.stopped_on is None or day < self.stopped_on)


class TaperPlan(db.Model):
    """A taper as the user entered it once; its steps are ScheduleVersions pointing here."""

    __tablename__ = "taper_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    medication_id: Mapped[int] = mapped_column(
        ForeignKey("medications.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date] = mapped_column(Date)
    start_amount: Mapped[float] = mapped_column(Float)
    step: Mapped[float] = mapped_column(Float)
    interval_days: Mapped[int] = mapped_column(Integer)
    end_amount: Mapped[float] = mapped_column(Float)
    ends_in_stop: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[time] = mapped_column(Time)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ScheduleVersion(db.Model):
    """The dosing plan from `effective_from` until the next version; never edited afterwards."""

    __tablename__ = "schedule_versions"
    __table_args__ = (UniqueConstraint("medication_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    medication_id: Mapped[int] = mapped_column(
        ForeignKey("medications.id", ondelete="CASCADE"), index=True
    )
    effective_from: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(200))
    taper_plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("taper_plans.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    medication: Mapped[Medication] = relationship(back_populates="versions")
    doses: Mapped[list[ScheduleDose]] = relationship(
        order_by="ScheduleDose.at", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def daily_total(self) -> float:
        return sum(d.amount for d in self.doses)


class ScheduleDose(db.Model):
    """One dose time of day with its amount, within a schedule version."""

    __tablename__ = "schedule_doses"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("schedule_versions.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[time] = mapped_column(Time)
    amount: Mapped[float] = mapped_column(Float)


class DoseEvent(db.Model):
    """A dose taken or skipped; scheduled doses name their slot by local date and time."""

    __tablename__ = "dose_events"
    __table_args__ = (
        UniqueConstraint("medication_id", "scheduled_date", "scheduled_time"),
        UniqueConstraint("user_id", "request_key"),
        # A day's doses (Today, the timeline) without walking the user's whole history.
        Index("ix_dose_events_user_id_scheduled_date", "user_id", "scheduled_date"),
        Index("ix_dose_events_user_id_taken_at", "user_id", "taken_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    medication_id: Mapped[int] = mapped_column(
        ForeignKey("medications.id", ondelete="CASCADE"), index=True
    )
    # The slot as planned in local wall time (None for as-needed doses).
    scheduled_date: Mapped[date | None] = mapped_column(Date)
    scheduled_time: Mapped[time | None] = mapped_column(Time)
    action: Mapped[str] = mapped_column(String(10))  # "taken" or "skipped"
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The IANA zone the user was in when the dose was planned/taken.
    tz: Mapped[str] = mapped_column(String(64))
    amount: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    # As-needed: "how much did it help", 0 (not at all) to 10 (completely), added later.
    helped: Mapped[int | None] = mapped_column(Integer)
    over_limit: Mapped[str | None] = mapped_column(String(300))
    request_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": row_version}


SUPPLY_EVENT_KINDS = ("refill", "count")


class MedicationSupply(db.Model):
    """Supply tracking of one medication (off until the user sets it): what one unit is.

    The level is never stored: it is computed from the supply events and the taken doses
    (tracker/medications/stock.py), so editing or deleting a dose moves it with nothing to
    keep in step.
    """

    __tablename__ = "medication_supplies"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    medication_id: Mapped[int] = mapped_column(
        ForeignKey("medications.id", ondelete="CASCADE"), unique=True
    )
    unit_kind: Mapped[str] = mapped_column(String(20))  # tablet, capsule, ml, patch …
    # How much of the dose unit one unit holds (a 50 mg tablet: 50 in mg), as entered.
    unit_size: Mapped[float] = mapped_column(Float)
    size_unit: Mapped[str] = mapped_column(String(10))
    warn_days: Mapped[int] = mapped_column(Integer, default=7)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SupplyEvent(db.Model):
    """A refill (units added) or a count (the level was N units at that instant)."""

    __tablename__ = "supply_events"
    __table_args__ = (
        Index("ix_supply_events_medication_id_at", "medication_id", "at"),
        UniqueConstraint("user_id", "request_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    medication_id: Mapped[int] = mapped_column(ForeignKey("medications.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # "refill" or "count"
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    tz: Mapped[str] = mapped_column(String(64))
    units: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(String(200))
    request_key: Mapped[str | None] = mapped_column(String(64))  # a form sent twice saves once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
