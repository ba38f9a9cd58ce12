"""Authenticator codes (RFC 6238 TOTP, through pyotp): 6 digits, 30-second steps, SHA-1, as
every authenticator app reads them from the QR code."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import segno
from sqlalchemy import delete, or_, select, update

from tracker.auth.factors.models import TotpFactor
from tracker.auth.models import User
from tracker.extensions import db
from tracker.secretbox import Unreadable, seal, unseal

PURPOSE = "totp-secret"
ISSUER = "Tracker"
# A code of the step before or after the server's is accepted too: the phone's clock may be
# up to about 30 seconds off, and a code typed at the end of its step arrives in the next.
DRIFT_STEPS = 1
KEY = "totp"
LABEL = "Authenticator app"
PROTECTS = True
TEMPLATE = "factors/_totp_answer.html"


def new_secret() -> str:
    """A fresh 160-bit key in base32 (what RFC 4226 recommends and apps expect)."""
    return pyotp.random_base32(32)


def grouped(secret: str) -> str:
    """The key in groups of four, easier to read and type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address the QR code holds."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as an inline SVG drawn here (no image service sees the key)."""
    qr = segno.make(uri, error="m")
    return qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", svgclass="qr", title=None)


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def matching_step(secret: str, code: str, *, now: datetime) -> int | None:
    """The time step, within the drift, whose code is `code`; None when none is."""
    code = _clean(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def factor_of(user: User) -> TotpFactor | None:
    """The user's authenticator, if set up."""
    return db.session.scalar(select(TotpFactor).where(TotpFactor.user_id == user.id))


def enrolled(user: User) -> bool:
    """Whether the user has an authenticator set up."""
    return factor_of(user) is not None


def check(user: User, code: str, *, now: datetime) -> bool:
    """Whether `code` is the authenticator's for now (±1 step) and not used before.

    The step is claimed in one UPDATE that only moves it forward, so of two requests with the
    same code (two server processes) one wins and the other is refused.
    """
    factor = factor_of(user)
    if factor is None:
        return False
    try:
        secret = unseal(factor.secret_sealed, PURPOSE)
    except Unreadable:  # SECRET_KEY replaced without a fallback: tracker reset-factors
        return False
    step = matching_step(secret, code, now=now)
    if step is None:
        return False
    claimed = db.session.execute(
        update(TotpFactor)
        .where(
            TotpFactor.id == factor.id,
            or_(TotpFactor.last_step.is_(None), TotpFactor.last_step < step),
        )
        .values(last_step=step, last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def save(user: User, secret: str, step: int, *, now: datetime) -> None:
    """Set up (or replace) the authenticator with `secret`, whose code of `step` confirmed it."""
    remove(user)
    db.session.add(
        TotpFactor(
            user_id=user.id,
            secret_sealed=seal(secret, PURPOSE),
            last_step=step,
            created_at=now,
            last_used_at=now,
        )
    )


def remove(user: User) -> int:
    """Remove the user's authenticator; how many were removed (0 or 1)."""
    result = db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id))
    return result.rowcount
