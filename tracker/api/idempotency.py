"""Idempotency-Key: the first successful answer to a POST is kept, and a retry gets it again.

The answer is stored in the same transaction as what the POST recorded, so either both are
saved or neither. A key is kept for a day; the same key with another request (method, path
or body) is refused rather than answered with the wrong record. Only successes are kept:
a refused request changed nothing, so sending it again (fixed, or with `confirm: true`)
under the same key simply runs it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from tracker.api.models import IdempotentRequest
from tracker.auth.models import User
from tracker.extensions import db

KEPT_FOR = timedelta(hours=24)


def fingerprint(method: str, path: str, body: bytes) -> str:
    """A SHA-256 of what was asked: method, path and the exact body bytes."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def stored(user: User, key: str, *, now: datetime) -> IdempotentRequest | None:
    """The answer kept for this key, if any; answers older than a day are dropped first."""
    db.session.execute(
        delete(IdempotentRequest).where(
            IdempotentRequest.user_id == user.id, IdempotentRequest.created_at < now - KEPT_FOR
        )
    )
    return db.session.scalar(
        select(IdempotentRequest).where(
            IdempotentRequest.user_id == user.id, IdempotentRequest.key == key
        )
    )


def remember(
    user: User, key: str, *, fingerprint: str, status: int, body: str, now: datetime
) -> None:
    """Keep an answer for its key (committed with the request's own changes)."""
    db.session.add(
        IdempotentRequest(
            user_id=user.id,
            key=key,
            fingerprint=fingerprint,
            status=status,
            body=body,
            created_at=now,
        )
    )
    db.session.flush()
