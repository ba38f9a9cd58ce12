"""Personal access tokens: make, list, revoke, and find the one a request presents.

Like share links, only a SHA-256 of a token is kept: the raw token exists in the answer that
made it and nowhere else, and a request's token is looked up by its hash, so no comparison of
secrets runs in Python. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from tracker.api.models import SCOPES, ApiToken
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import text
from tracker.secrettokens import digest, new_token

PREFIX = "trk_"  # lets secret scanners and people recognise a leaked token
NAME_LIMIT = 100
# last_used_at moves at most this often, so a busy client does not cost a write per request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Created:
    """A new token and its raw value, which exists only in this answer."""

    token: ApiToken
    secret: str


def create_token(user: User, *, name: str | None, scope: str, now: datetime) -> Created:
    """Make a named token with scope `read` or `write` (write includes read)."""
    name = text(name, NAME_LIMIT, "name")
    if not name:
        raise Invalid("Name the token, for example “phone shortcut”.", "name")
    if scope not in SCOPES:
        raise Invalid("Choose read or write.", "scope")
    secret = new_token(PREFIX)
    token = ApiToken(
        user_id=user.id, name=name, token_hash=digest(secret), scope=scope, created_at=now
    )
    db.session.add(token)
    db.session.flush()
    return Created(token, secret)


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens: active ones first, newest first within each group."""
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    ).all()
    return sorted(rows, key=lambda t: t.revoked_at is not None)


def revoke_token(user: User, token: ApiToken, *, now: datetime) -> None:
    """End a token at once; revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = now
        db.session.flush()


def token_for(secret: str) -> ApiToken | None:
    """The active token with this raw value; None when it is unknown or revoked."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    return token


def record_use(token: ApiToken, *, now: datetime) -> bool:
    """Set last_used_at unless it moved within the last minute; True when it wrote."""
    if token.last_used_at is not None and token.last_used_at > now - TOUCH_EVERY:
        return False
    # One conditional UPDATE: of two requests in the same minute only one writes.
    result = db.session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token.id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - TOUCH_EVERY),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)
