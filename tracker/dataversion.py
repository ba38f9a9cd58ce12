"""The user's data version: one number that moves whenever anything the user owns changes.

Charts and reports are cached and sent with an ETag keyed on it, so an unchanged account is
answered from the cache (or with 304) and a changed one never gets a stale picture.

It is kept in one place, at flush, rather than by every write service: a service that forgot
to bump it would serve stale charts with nothing to notice. Every row with a `user_id` (or
whose parent has one, like a schedule's doses) counts, and so do the user's own settings;
sign-in bookkeeping (sessions, failed logins, the lock-out) does not. The increment is a
single UPDATE in the same transaction, so a rolled-back save leaves the version as it was.

Beside it, each table the change touched gets its own per-user version (`table_versions`): a
page made of parts, such as Today, reuses a part whose tables have not moved (see
tracker/today/parts.py). A writer that goes around the ORM (a bulk insert) calls `moved`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask
from sqlalchemy import ForeignKey, Integer, String, event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ONETOMANY, Mapped, Session, mapped_column
from sqlalchemy.orm.base import NO_VALUE

from tracker.auth.models import LoginFailure, User, UserSession
from tracker.extensions import db

# The version every part of a page depends on: moved by a writer that cannot name its tables.
ANY_TABLE = "*"


class TableVersion(db.Model):
    """How many times a user's rows of one table (or their settings: "users") have changed."""

    __tablename__ = "table_versions"
    user_data = False  # bookkeeping about the data, not data: it moves nothing itself

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


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


def _children_changed(obj: Any, new: Any, deleted: Any) -> set[str]:
    """Tables of the rows added or deleted through `obj`'s collections (a schedule version's
    doses, which have no owner of their own to find before the flush)."""
    state = inspect(obj)
    names = set()
    for rel in state.mapper.relationships:
        if rel.direction is ONETOMANY:
            children = state.attrs[rel.key].loaded_value
            if children is not NO_VALUE and children is not None:
                names |= {c.__table__.name for c in children if c in new or c in deleted}
    return names


def changed_tables(
    session: Session,
    *,
    skip: set[tuple[int, str]] = frozenset(),  # type: ignore[assignment]
) -> set[tuple[int, str]]:
    """(user id, table name) of each user's table the pending changes touch ("users" for the
    user's own settings); pairs in `skip` are not checked again."""
    pairs: set[tuple[int, str]] = set()
    new, deleted = session.new, session.deleted
    for obj in (*new, *deleted):
        owner = None if isinstance(obj, User) or _not_data(obj) else owner_id(session, obj)
        if owner is not None:
            pairs.add((owner, obj.__table__.name))
            pairs |= {(owner, name) for name in _children_changed(obj, new, deleted)}
    for obj in session.dirty:
        if _not_data(obj) or obj in new or obj in deleted:
            continue
        if isinstance(obj, User):
            pair = (obj.id, "users")
            if pair not in skip and pair not in pairs and _user_changed(session, obj):
                pairs.add(pair)
            continue
        name = obj.__table__.name
        owner = owner_id(session, obj)
        if owner is not None and (owner, name) not in skip and (owner, name) not in pairs:
            if session.is_modified(obj):
                pairs.add((owner, name))
    return pairs


def _insert(session: Session):  # noqa: ANN202 - the dialect's INSERT with ON CONFLICT
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(TableVersion.__table__)


def moved(session: Session, pairs: Iterable[tuple[int, str]]) -> None:
    """Move the data version of each user in `pairs` and the version of each (user, table);
    for a writer that goes around the ORM's flush (ANY_TABLE when it cannot name its tables)."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    connection = session.connection()
    connection.execute(
        update(User.__table__)
        .where(User.__table__.c.id.in_(sorted({owner for owner, _ in pairs})))
        .values(data_version=User.__table__.c.data_version + 1)
    )
    table = TableVersion.__table__
    insert = _insert(session).values(
        [{"user_id": owner, "table_name": name, "version": 1} for owner, name in pairs]
    )
    connection.execute(
        insert.on_conflict_do_update(
            index_elements=[table.c.user_id, table.c.table_name],
            set_={"version": table.c.version + 1},
        )
    )


def table_versions(user: User) -> dict[str, int]:
    """The user's version of each table that ever changed (one statement)."""
    rows = db.session.execute(
        select(TableVersion.table_name, TableVersion.version).where(TableVersion.user_id == user.id)
    )
    return {name: version for name, version in rows}


# One increment per transaction is enough: other requests only see the version after commit.
# The (owner, table) pairs already moved are remembered until the transaction ends; any rollback, a
# savepoint's included, forgets them, since it may have taken the increment with it.
_MOVED = "data_version_moved"


def _bump(session: Session, flush_context: Any, instances: Any) -> None:
    done = session.info.setdefault(_MOVED, set())
    pairs = changed_tables(session, skip=done) - done
    if pairs:
        moved(session, pairs)
        done |= pairs


def _forget_on_rollback(session: Session, previous_transaction: Any) -> None:
    session.info.pop(_MOVED, None)


def _forget_at_the_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_MOVED, None)


LISTENERS = (
    ("before_flush", _bump),
    ("after_soft_rollback", _forget_on_rollback),
    ("after_transaction_end", _forget_at_the_end),
)


def init_app(app: Flask) -> None:
    """Keep the versions on the sessions of `db.session`, not on every SQLAlchemy Session.

    `db.session`'s factory is the `db` extension's own, shared by every app of the process
    (tests make many): the listeners go on it once, and a Session made any other way (a
    script's, a bare engine's) moves no version."""
    for name, listener in LISTENERS:
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
