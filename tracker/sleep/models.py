"""A night's sleep diary entry and naps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from tracker.database import UTCDateTime
from tracker.extensions import db
from tracker.journal import JournalEntry


class SleepEntry(JournalEntry, db.Model):
    """One night, filed under `day` = the date of the final awakening (Consensus Sleep Diary).

    `at` is the time into bed. Times are instants, so a night across midnight or a DST change
    has its true length. A night known only by its length (an import from an app that records
    "8 h of sleep") has `times_known` False: its times are placed so that total sleep time is
    right, and time in bed, SOL, WASO and awakenings are not known. A diary night's counts
    (SOL, awakenings, WASO) are None when the user left them empty: unknown, never 0.
    """

    __tablename__ = "sleep_entries"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    tried_to_sleep_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sol_minutes: Mapped[int | None] = mapped_column(Integer)  # minutes to fall asleep
    awakenings: Mapped[int | None] = mapped_column(Integer)
    waso_minutes: Mapped[int | None] = mapped_column(Integer)  # minutes awake after sleep onset
    final_awakening_at: Mapped[datetime] = mapped_column(UTCDateTime())
    out_of_bed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # 1 very poor ... 5 very good; None: not rated (Apple Health has no rating).
    quality: Mapped[int | None] = mapped_column(Integer)
    times_known: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class Nap(JournalEntry, db.Model):
    """A daytime nap: `at` is its start."""

    __tablename__ = "naps"

    minutes: Mapped[int] = mapped_column(Integer)
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
