"""The second factors of an account: an authenticator app's key and the recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.database import UTCDateTime
from tracker.extensions import db


class TotpFactor(db.Model):
    """An authenticator app (RFC 6238 codes): at most one per account; a new one replaces it."""

    __tablename__ = "totp_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # The base32 key, sealed with a key derived from SECRET_KEY (tracker/secretbox.py).
    secret_sealed: Mapped[str] = mapped_column(String(255))
    # The 30-second time step of the last code accepted: a code of that step or an earlier
    # one is refused, so a code seen over someone's shoulder cannot be used again.
    last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RecoveryCode(db.Model):
    """A single-use code for when the authenticator is lost; only its keyed digest is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))  # looked up among the user's ten
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Passkey(db.Model):
    """A passkey (WebAuthn discoverable credential): an account may have several, each named."""

    __tablename__ = "passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # base64url of the authenticator's credential id: how an assertion names its passkey.
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)
    # The COSE public key (not a secret): checks the signature of every sign-in.
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    # The random id the authenticator keeps for the account (the same for all its passkeys);
    # a username-less sign-in gives it back and it must match the passkey's owner.
    user_handle: Mapped[str] = mapped_column(String(128))
    # The authenticator's counter: an assertion whose count does not grow (when it counts at
    # all) comes from a copy of the key and is refused.
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0)
    transports: Mapped[str] = mapped_column(String(255), default="")
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
