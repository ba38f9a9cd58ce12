"""The sign-in's steps in the browser's session: a login after the password (and the second
factor, when the account has one), and the short wait between the two.

Between the password and the code the browser is not logged in: its (signed) session cookie
holds only which account is half-way, until when, and a fingerprint of the password hash, so
a password changed meanwhile voids it. The session token, "keep me signed in" and the `next=`
redirect happen after the second factor.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from flask import request, session
from flask_login import login_user

from tracker import web
from tracker.auth import devices, guard, services
from tracker.auth.models import User
from tracker.extensions import db

PENDING = "second_step"
WAIT = timedelta(minutes=5)


def begin(user: User, *, remember: bool = False) -> None:
    """Log the user in: a new server-side session and a fresh browser session (no fixation)."""
    session.clear()
    device = devices.describe(request.user_agent.string)  # a few words; the rest is not kept
    services.start_session(
        user, now=web.now(), policy=guard.policy(), remember=remember, device=device
    )
    db.session.commit()
    session.permanent = remember  # otherwise the cookie ends with the browser too
    login_user(user)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def hold(user: User, *, remember: bool, target: str | None, now: datetime) -> None:
    """After a right password: wait for the second factor (nobody is logged in yet)."""
    session.clear()
    session[PENDING] = {
        "user": user.id,
        "until": (now + WAIT).timestamp(),
        "remember": remember,
        "next": target,
        "pw": _fingerprint(user),
    }


def pending(now: datetime) -> tuple[User, dict[str, Any]] | None:
    """The account half-way through sign-in in this browser, and its state; None when there
    is none, it waited too long, or its password changed since."""
    state = session.get(PENDING)
    if not isinstance(state, dict) or state.get("until", 0) <= now.timestamp():
        return None
    user = db.session.get(User, state.get("user"))
    if user is None or state.get("pw") != _fingerprint(user):
        return None
    return user, state


def forget() -> None:
    """Drop a half-way sign-in."""
    session.pop(PENDING, None)
