"""Secret tokens in addresses, cookies and Authorization headers: made from the OS's CSPRNG and
kept only as a SHA-256 digest, so a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits


def new_token(prefix: str = "") -> str:
    """A fresh URL-safe secret (with a recognisable prefix when given)."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """The SHA-256 hex digest a token is stored and looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()
