"""Channel secrets encrypted at rest with a key derived from the app's SECRET_KEY.

Fernet (AES-128-CBC with HMAC-SHA256) under a key made by HKDF-SHA256 from the secret key, with
its own `info` so the key serves nothing else. A copy of the database without the instance's
SECRET_KEY opens no channel; a changed SECRET_KEY makes the stored channels unreadable (they are
added again)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken

from tracker.secretbox import derive

# The HKDF purpose (tracker/secretbox.py). The sender passes the secret key itself: it runs
# outside any request, so it does not read the app's config for it.
PURPOSE = "tracker reminder channel secrets v1"


class Unreadable(Exception):
    """The stored secret was made under another SECRET_KEY (or changed)."""


def _fernet(secret_key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive(secret_key, PURPOSE)))


def seal(plain: str, secret_key: str) -> str:
    """The encrypted text of `plain`."""
    return _fernet(secret_key).encrypt(plain.encode()).decode()


def open_sealed(sealed: str, secret_key: str) -> str:
    """The plain text again; Unreadable when made under another key."""
    try:
        return _fernet(secret_key).decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise Unreadable from exc
