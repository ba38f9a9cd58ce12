"""Plain helpers for API tests: a token for a user, its headers, and counts read back."""

from __future__ import annotations

from flask import Flask

from tests.conftest import NOW
from tracker.api.tokens import create_token
from tracker.auth.models import User
from tracker.extensions import db


def token(app: Flask, user_id: int, scope: str = "write", name: str = "script") -> str:
    """A new token of the user, made through the service; returns its raw value."""
    with app.app_context():
        made = create_token(db.session.get(User, user_id), name=name, scope=scope, now=NOW)
        db.session.commit()
        return made.secret


def bearer(secret: str, **extra: str) -> dict[str, str]:
    """The headers of an authenticated API request."""
    return {"Authorization": f"Bearer {secret}", **extra}


def count(app: Flask, model: type) -> int:
    """How many rows of `model` there are, read in a fresh app context."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))
