"""The database backend's counters: hits of one key in one fixed window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.database import UTCDateTime
from tracker.extensions import db


class RateCounter(db.Model):
    """How often `key` was hit in the window that starts at `window_start`."""

    __tablename__ = "rate_counters"
    __table_args__ = (UniqueConstraint("key", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The caller's key with the window's length in seconds ("api-token:3/60s").
    key: Mapped[str] = mapped_column(String(200))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    hits: Mapped[int] = mapped_column(Integer)
    # When the window has ended: the row is deleted by the next hit of any key after that.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
