"""Read, record and delete, written once for every journal entry (and the plan's own rows).

The pages, the API and the CLI of every domain call these, so "another user's record is not
found", "the same form sent twice records once" and "a stale page is refused, not merged" hold
the same way everywhere. What an entry of one kind may hold stays in its domain's services.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, select

from tracker.database import get_owned_or_404
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.journal import check_version, entry_time, save_once

M = TypeVar("M")


@cache
def _in_days(model: type) -> Select:
    # Built once per model: Today reads a day of each table after every save, and building and
    # keying the statement anew cost more than running it.
    return (
        select(model)
        .where(
            model.user_id == bindparam("user_id"),
            model.day >= bindparam("first"),
            model.day <= bindparam("last"),
        )
        .order_by(model.at, model.id)
    )


def entries_between(
    model: type[M], user: Any, first: date, last: date, *, earliest_first: bool = False
) -> list[M]:
    """The user's rows of `model` (an entry with `at` and a local `day`) of local days
    first..last, newest first (earliest first with `earliest_first`)."""
    if first > last:
        raise Invalid("The start must be before the end.", "start")
    params = {"user_id": user.id, "first": first, "last": last}
    rows = list(db.session.scalars(_in_days(model), params))
    return rows if earliest_first else rows[::-1]


def all_entries(model: type[M], user: Any) -> list[M]:
    """All the user's rows of `model`, newest first."""
    query = select(model).where(model.user_id == user.id)  # type: ignore[attr-defined]
    return list(db.session.scalars(query.order_by(model.at.desc(), model.id.desc())))  # type: ignore[attr-defined]


def new_entry(
    user: Any,
    model: type[M],
    *,
    at: datetime | None,
    now: datetime,
    request_key: str | None = None,
    **fields: Any,
) -> M:
    """A new row of `model` with the domain's checked `fields`, at `at` (now when None; the
    future and more than ten years ago are refused) filed under its local day in the user's
    zone, inserted once per request key: the same form sent twice returns the first row."""
    at, day = entry_time(user.timezone, at, now=now)
    entry = model(
        user_id=user.id,
        at=at,
        tz=user.timezone,
        day=day,
        created_at=now,
        request_key=request_key or None,
        **fields,
    )
    saved = save_once(user, entry)  # type: ignore[type-var]  # any journal entry
    db.session.flush()
    return saved  # type: ignore[return-value]


def delete_entry(user: Any, model: type[M], entry_id: int, *, row_version: int | None = None) -> M:
    """Delete one of the user's rows by id (anybody else's is 404); with `row_version`, a row
    changed since the page was made is refused with a conflict. Returns the deleted row."""
    entry = get_owned_or_404(model, entry_id, user)
    check_version(entry, row_version)  # type: ignore[arg-type]  # any row with a row_version
    db.session.delete(entry)
    db.session.flush()
    return entry
