"""Recovery codes: ten single-use codes for a lost authenticator.

Each is 12 characters of a 32-letter alphabet (60 random bits), kept as an HMAC-SHA256
digest under a key derived from SECRET_KEY (tracker/secretbox.py). A slow hash like argon2
makes guessing a human-chosen password costly; these codes are random, so the entropy and the
server's key already put them out of reach of a stolen database, and a keyed digest can be
looked up in one indexed query instead of ten argon2 checks (about 2 s) on every try.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, func, select, update

from tracker.auth.factors.models import RecoveryCode
from tracker.auth.models import User
from tracker.extensions import db
from tracker.secretbox import digests

PURPOSE = "recovery-code"
COUNT = 10
LENGTH = 12
FEW = 3  # at most this many left: the Security page and the sign-in say to make new ones
# Crockford's base32: no i, l, o or u, so a code read aloud or off paper is typed right.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
KEY = "recovery"
LABEL = "Recovery code"
PROTECTS = False  # they only stand in for a factor, they are not one
TEMPLATE = "factors/_recovery_answer.html"


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    """The code as stored: lower case, without spaces or dashes, look-alikes read as meant."""
    code = "".join(code.lower().split()).replace("-", "")
    return code.translate(str.maketrans({"o": "0", "i": "1", "l": "1"}))


def regenerate(user: User, *, now: datetime) -> list[str]:
    """Ten new codes for the user (returned once, to show); the old ones stop working."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=digests(normalise(c), PURPOSE)[0], created_at=now)
        for c in codes
    )
    return codes


def remaining(user: User) -> int:
    """How many of the user's codes are unused."""
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def enrolled(user: User) -> bool:
    """Whether the user has an unused code."""
    return remaining(user) > 0


def check(user: User, code: str, *, now: datetime) -> bool:
    """Use up `code` when it is one of the user's unused codes (one UPDATE: used once only,
    whichever server process gets it)."""
    code = normalise(code)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return False
    used = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash.in_(digests(code, PURPOSE)),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return used.rowcount == 1


def remove(user: User) -> int:
    """Remove every code of the user; how many there were."""
    result = db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    return result.rowcount
