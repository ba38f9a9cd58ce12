"""Users, their server-side sessions and failed login attempts."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
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
    # How times are shown: "24" (13:30) or "12" (1:30 PM); time pickers follow the device.
    clock: Mapped[str] = mapped_column(String(2), default="24", server_default="24")
    # Weights are entered and shown in "kg" or "lb" (tracker/vitals keeps each as entered).
    weight_unit: Mapped[str] = mapped_column(String(2), default="kg", server_default="kg")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Password checks (login, and the password asked again in Settings) since
    # `login_attempts_since`: counted before the password is tested, in the statement that
    # checks the limit, so parallel guesses cannot test more than the limit (ratelimit).
    login_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    login_attempts_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Moves on every change to anything the user owns (tracker/dataversion.py): cached charts
    # and reports are keyed on it, so an unchanged account is answered with 304.
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # The raw token of the session this object was loaded for (never stored; see UserSession).
    session_token = None
    # When the password was last typed in that session (UserSession.password_at).
    session_password_at = None

    def get_id(self) -> str | None:
        return self.session_token


class UserSession(db.Model):
    """One logged-in browser; deleting the row ends that session on the server.

    A session ends at `expires_at` (12 hours after login, or SESSION_DAYS with "keep me signed
    in"), and without "keep me signed in" also after SESSION_IDLE_MINUTES without a request.
    `last_seen_at` moves at most once a minute, so most GETs never write. Settings → Sessions
    lists the rows (tracker/auth/sessions.py); no address and no full user agent is kept.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    remember: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # When the password was last typed in this session: exports, tokens and share links ask
    # for it again after a while (REAUTH_MINUTES).
    password_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The browser and system the user agent named at login, reduced to words such as
    # "Firefox on Android" (tracker/auth/devices.py); None when it named neither.
    device: Mapped[str | None] = mapped_column(String(40))


class LoginFailure(db.Model):
    """A failed password for an existing account (no longer written: the lock-out counts on
    the user's row; the table is kept until the tests that use it as a plain table move)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
