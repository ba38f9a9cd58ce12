"""The user's own practices (prayer, bodywork, somatic exercises, ...): add, rename, follow,
delete; and the practices the pages list, built-in and own together."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from tracker import journal
from tracker.activity import catalog
from tracker.activity.models import OwnPractice, PracticeEntry
from tracker.auth.models import User
from tracker.errors import Conflict, Invalid
from tracker.extensions import db

NAME_LIMIT = 60
HINT_LIMIT = 200
BUILT_IN_NAMES = frozenset(p.label.casefold() for p in catalog.PRACTICES.values())


def clean_name(name: str | None) -> str:
    """A name trimmed (inner runs of spaces made one), 1-60 characters, not a built-in's."""
    name = " ".join((journal.text(name, 10 * NAME_LIMIT, "name") or "").split())
    if not name:
        raise Invalid("Enter a name for the practice.", "name")
    if len(name) > NAME_LIMIT:
        raise Invalid(f"Keep the name to {NAME_LIMIT} characters or fewer.", "name")
    if name.casefold() in BUILT_IN_NAMES:
        message = "That is one of the listed practices: choose it from the list instead."
        raise Invalid(message, "name")
    return name


def check_mode(mode: str | None) -> str:
    if mode not in catalog.MODES:
        raise Invalid("Choose minutes or yes/no.", "mode")
    return mode


def own_practices(user: User) -> list[OwnPractice]:
    """The user's own practices, by name."""
    query = select(OwnPractice).where(OwnPractice.user_id == user.id)
    return list(db.session.scalars(query.order_by(func.lower(OwnPractice.name), OwnPractice.id)))


def own_practice_of(user: User, own_id: int | None) -> OwnPractice | None:
    """The user's own practice with this id; None for anybody else's or none."""
    own = db.session.get(OwnPractice, own_id) if own_id is not None else None
    return own if own is not None and own.user_id == user.id else None


def _unique(user: User, name: str, current: OwnPractice | None) -> None:
    for other in own_practices(user):
        if other is not current and other.name.casefold() == name.casefold():
            raise Invalid("You already have a practice with that name.", "name")


def add_own_practice(
    user: User,
    *,
    name: str | None,
    mode: str | None,
    hint: str | None = None,
    followed: bool = True,
    now: datetime,
) -> OwnPractice:
    """Add a practice of the user's own, shown on Today unless `followed` is False."""
    name = clean_name(name)
    _unique(user, name, None)
    own = OwnPractice(
        user_id=user.id,
        name=name,
        mode=check_mode(mode),
        hint=journal.text(hint, HINT_LIMIT, "hint"),
        followed=bool(followed),
        created_at=now,
    )
    db.session.add(own)
    db.session.flush()
    return own


def entry_count(own: OwnPractice) -> int:
    query = select(func.count()).where(PracticeEntry.own_practice_id == own.id)
    return db.session.scalar(query) or 0


def update_own_practice(
    user: User,
    own: OwnPractice,
    *,
    name: str | None,
    mode: str | None,
    hint: str | None,
    followed: bool,
) -> None:
    """Rename, re-describe, follow or unfollow an own practice; its mode changes only while it
    has no entries (minutes logged would not fit a yes/no practice, nor the reverse)."""
    name = clean_name(name)
    _unique(user, name, own)
    mode = check_mode(mode)
    if mode != own.mode and entry_count(own):
        raise Invalid(
            "This practice has entries, so it stays logged as it is. "
            "Add a new practice to log it the other way.",
            "mode",
        )
    own.name, own.mode, own.followed = name, mode, bool(followed)
    own.hint = journal.text(hint, HINT_LIMIT, "hint")
    db.session.flush()


def delete_own_practice(user: User, own: OwnPractice) -> None:
    """Delete an own practice that has no entries; one with entries is refused (stop
    following it to take it off Today, its entries stay)."""
    count = entry_count(own)
    if count:
        entries = "entry" if count == 1 else "entries"
        raise Conflict(
            f"{own.name} has {count} logged {entries}, so it is kept with them. "
            "Stop following it to take it off Today, or delete its entries first."
        )
    db.session.delete(own)
    db.session.flush()


def set_followed_own(user: User, own_ids: set[int]) -> None:
    """Follow exactly these of the user's own practices (the Choose practices page)."""
    for own in own_practices(user):
        own.followed = own.id in own_ids
    db.session.flush()


def all_practices(user: User) -> list[catalog.Practice]:
    """Every practice the user can log: the catalog's, then their own by name."""
    return [*catalog.PRACTICES.values(), *(o.as_practice for o in own_practices(user))]


def followed_items(user: User, built_in: list[str]) -> list[catalog.Practice]:
    """The practices shown on Today: the followed catalog keys `built_in`, then the followed
    own practices."""
    own = [o.as_practice for o in own_practices(user) if o.followed]
    return [*(catalog.PRACTICES[key] for key in built_in), *own]
