"""Users, their server-side sessions and failed login attempts."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.database import UTCDateTime
from tracker.extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # A dose counts as "on time" within this many minutes either side of its scheduled time.
    on_time_window_minutes: Mapped[int] = mapped_column(Integer, default=60)
    # Journal preferences: practices shown on Today (comma-separated keys), the mood scales
    # shown, and how many days apart PHQ-9/GAD-7 fall due.
    followed_practices: Mapped[str] = mapped_column(
        String(200),
        default="mindfulness,breathing,outdoors",
        server_default="mindfulness,breathing,outdoors",
    )
    mood_scales: Mapped[str] = mapped_column(
        String(100),
        default="mood,anxiety,irritability,energy,focus",
        server_default="mood,anxiety,irritability,energy,focus",
    )
    questionnaire_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Moves on every change to anything the user owns (tracker/dataversion.py): cached charts
    # and reports are keyed on it, so an unchanged account is answered with 304.
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # The raw token of the session this object was loaded for (never stored; see UserSession).
    session_token = None

    def get_id(self) -> str | None:
        return self.session_token


class UserSession(db.Model):
    """One logged-in browser; deleting the row ends that session on the server.

    Sessions last a fixed time from login (Config SESSION_DAYS), so a GET never writes.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginFailure(db.Model):
    """A failed password for an existing account, counted across all server processes."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
