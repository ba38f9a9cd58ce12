"""The user's data version: one number that moves whenever anything the user owns changes.

Charts and reports are cached and sent with an ETag keyed on it, so an unchanged account is
answered from the cache (or with 304) and a changed one never gets a stale picture.

It is kept in one place, at flush, rather than by every write service: a service that forgot
to bump it would serve stale charts with nothing to notice. Every row with a `user_id` (or
whose parent has one, like a schedule's doses) counts, and so do the user's own settings;
sign-in bookkeeping (sessions, failed logins, the lock-out) does not. The increment is a
single UPDATE in the same transaction, so a rolled-back save leaves the version as it was.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from tracker.auth.models import LoginFailure, User, UserSession

# Rows that change without the user's data changing: sign-in bookkeeping, and share links and
# their openings (a prescriber opening the report must not invalidate the owner's caches).
# A model opts out with `user_data = False`.
NOT_DATA = (UserSession, LoginFailure)


def _not_data(obj: Any) -> bool:
    return isinstance(obj, NOT_DATA) or getattr(obj, "user_data", True) is False


USER_BOOKKEEPING = frozenset({"data_version", "locked_until", "password_hash"})


def owner_id(session: Session, obj: Any) -> int | None:
    """The id of the user a row belongs to: its user_id, or its parent row's (a schedule's
    doses carry only their version's id)."""
    owner = getattr(obj, "user_id", None)
    if owner is not None:
        return owner
    for fk in obj.__table__.foreign_keys:
        parent = fk.column.table
        value = getattr(obj, fk.parent.key, None)
        if "user_id" in parent.c and value is not None:
            return session.connection().scalar(select(parent.c.user_id).where(fk.column == value))
    return None


def _user_changed(session: Session, user: User) -> bool:
    state = inspect(user)
    changed = {a.key for a in state.attrs if a.history.has_changes()}
    return bool(changed - USER_BOOKKEEPING) and session.is_modified(user)


def changed_owners(session: Session, *, skip: set[int] = frozenset()) -> set[int]:  # type: ignore[assignment]
    """The users whose data the pending changes touch (owners in `skip` are not checked)."""
    owners: set[int] = set()
    new, deleted = session.new, session.deleted
    for obj in (*new, *deleted):
        owner = None if isinstance(obj, User) or _not_data(obj) else owner_id(session, obj)
        if owner is not None:
            owners.add(owner)
    for obj in session.dirty:
        if _not_data(obj) or obj in new or obj in deleted:
            continue
        if isinstance(obj, User):
            if obj.id not in skip and obj.id not in owners and _user_changed(session, obj):
                owners.add(obj.id)
            continue
        owner = owner_id(session, obj)
        if owner is not None and owner not in skip and owner not in owners:
            if session.is_modified(obj):
                owners.add(owner)
    return owners


# One increment per transaction is enough: other requests only see the version after commit.
# The owners already moved are remembered until the transaction ends; any rollback, a
# savepoint's included, forgets them, since it may have taken the increment with it.
_MOVED = "data_version_moved"


@event.listens_for(Session, "before_flush")
def _bump(session: Session, flush_context: Any, instances: Any) -> None:
    moved = session.info.setdefault(_MOVED, set())
    owners = changed_owners(session, skip=moved) - moved
    if owners:
        session.connection().execute(
            update(User.__table__)
            .where(User.__table__.c.id.in_(sorted(owners)))
            .values(data_version=User.__table__.c.data_version + 1)
        )
        moved |= owners


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_MOVED, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_MOVED, None)
