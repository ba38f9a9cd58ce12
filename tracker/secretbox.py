"""Secrets the server must read back (an authenticator's key), sealed with a key derived from
SECRET_KEY, and keyed digests of secrets it only compares (recovery codes).

Each use names its `purpose`, so one derived key never serves two uses. The keys come from
SECRET_KEY by HKDF-SHA256; Flask's SECRET_KEY_FALLBACKS still open (and match) what was sealed
under an earlier SECRET_KEY, so a key can be rotated without locking anyone out. A copy of the
database alone opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


class Unreadable(Exception):
    """A sealed value no key of this server opens (SECRET_KEY changed without a fallback)."""


def derive(secret_key: str | bytes, purpose: str) -> bytes:
    """The 32-byte key of one purpose, from one secret key (HKDF-SHA256, `purpose` as info)."""
    material = secret_key.encode() if isinstance(secret_key, str) else secret_key
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
    return hkdf.derive(material)


def _secret_keys() -> Sequence[str | bytes]:
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or ())]


def _fernet(purpose: str) -> MultiFernet:
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(derive(key, purpose))) for key in _secret_keys()]
    )


def seal(value: str, purpose: str) -> str:
    """`value` encrypted and authenticated (Fernet) under the current SECRET_KEY."""
    return _fernet(purpose).encrypt(value.encode()).decode()


def unseal(sealed: str, purpose: str) -> str:
    """The value `seal` was given; Unreadable when no key of this server opens it."""
    try:
        return _fernet(purpose).decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise Unreadable(purpose) from exc


def digests(value: str, purpose: str) -> list[str]:
    """HMAC-SHA256 of `value` (hex) under each key of this server, the current one first:
    stored as the first, looked up by any."""
    return [
        hmac.new(derive(key, purpose), value.encode(), hashlib.sha256).hexdigest()
        for key in _secret_keys()
    ]
