"""Share links made through the service."""

from datetime import date, datetime

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.extensions import db
from tracker.shares import services


def make_share(
    app,
    uid: int,
    *,
    label: str = "Dr. Okafor, March visit",
    first: date = date(2025, 5, 1),
    last: date = date(2025, 6, 1),
    days: int | None = None,
    pin: str | None = None,
    now: datetime = NOW,
) -> tuple[int, str]:
    """A link of user `uid`, committed; returns its id and its raw token."""
    with app.app_context():
        created = new_share(
            db.session.get(User, uid),
            label=label,
            first=first,
            last=last,
            days=days,
            pin=pin,
            now=now,
        )
        db.session.commit()
        return created.link.id, created.token


def new_share(user: User, *, label: str = "Dr. Okafor, March visit", **kwargs) -> services.Created:
    """A link of `user`, flushed (inside the caller's app context)."""
    args = {
        "first": date(2025, 5, 1),
        "last": date(2025, 6, 1),
        "days": None,
        "pin": None,
        "now": NOW,
        **kwargs,
    }
    return services.create_share(user, label=label, **args)
