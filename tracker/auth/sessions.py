"""Settings → Sessions: the user's signed-in browsers, and ending one of them or all others.

A session is a row of `user_sessions` (tracker/auth/models.py); it lists only what the row
holds: the device in a few words, when it signed in and when it was last used. No address is
kept. Ending one deletes its row, so its cookie's next request finds no session and goes to
the login page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from tracker.auth.models import User, UserSession
from tracker.auth.services import LoginPolicy, session_is_live
from tracker.errors import NotFound
from tracker.extensions import db
from tracker.secrettokens import digest

# A session used within this long is "active now": last_seen_at moves once a minute at most
# (services.TOUCH_EVERY), and a page read a few minutes ago is still open on that device.
ACTIVE_NOW = timedelta(minutes=5)
UNKNOWN_DEVICE = "Unknown device"


@dataclass(frozen=True)
class SessionLine:
    """One signed-in browser as Settings → Sessions shows it."""

    id: int
    device: str
    signed_in_at: datetime
    last_used_at: datetime
    last_use: str  # "active now", "2 hours ago"
    this_device: bool


def last_use(at: datetime, now: datetime) -> str:
    """How long ago, roughly: "active now", "12 minutes ago", "2 hours ago", "3 days ago"."""
    gone = now - at
    if gone < ACTIVE_NOW:
        return "active now"
    for unit, seconds in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if (n := int(gone.total_seconds() // seconds)) >= 1:
            return f"{n} {unit}{'s' * (n > 1)} ago"
    return "active now"  # not reached: ACTIVE_NOW is minutes long


def list_sessions(user: User, *, now: datetime, policy: LoginPolicy) -> list[SessionLine]:
    """The user's live sessions, the most recently used first (this one marked)."""
    this = digest(user.session_token or "")
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, session_is_live(now, policy))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [
        SessionLine(
            id=row.id,
            device=row.device or UNKNOWN_DEVICE,
            signed_in_at=row.created_at,
            last_used_at=row.last_seen_at,
            last_use=last_use(row.last_seen_at, now),
            this_device=row.token_hash == this,
        )
        for row in rows
    ]


def end_session(user: User, session: UserSession, *, now: datetime, policy: LoginPolicy) -> bool:
    """End one of the user's live sessions (another user's, or one already ended, is not
    found). True when it was this browser's own."""
    live = db.session.scalar(
        select(UserSession.id).where(
            UserSession.id == session.id,
            UserSession.user_id == user.id,
            session_is_live(now, policy),
        )
    )
    if live is None:
        raise NotFound("This session has ended.")
    db.session.execute(delete(UserSession).where(UserSession.id == session.id))
    return session.token_hash == digest(user.session_token or "")


def end_other_sessions(user: User) -> None:
    """End every session of the user but this browser's."""
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.token_hash != digest(user.session_token or ""),
        )
    )
