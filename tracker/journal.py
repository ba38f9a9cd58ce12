"""What every journal entry shares: columns (owner, instant, zone, local day) and rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tracker.database import UTCDateTime
from tracker.errors import Conflict, Invalid
from tracker.timeutils import local_today


class JournalEntry:
    """Mixin: an entry at an instant, filed under the user's local day at that instant."""

    id: Mapped[int] = mapped_column(primary_key=True)

    @declared_attr
    def user_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The IANA zone the user was in, and the local date the entry belongs to.
    tz: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805
        return {"version_id_col": cls.__table__.c.row_version}

    @declared_attr.directive
    def __table_args__(cls) -> tuple:  # noqa: N805
        # Pages read a user's entries of a few days: (user_id, day) finds them without walking
        # the user's whole history. A table with its own args declares its own (sleep's unique
        # (user_id, day) already serves).
        return (Index(f"ix_{cls.__tablename__}_user_id_day", "user_id", "day"),)


FUTURE_TOLERANCE = timedelta(minutes=5)
OLDEST = timedelta(days=3660)


def check_time(at: datetime, now: datetime, *, field: str = "at", history: bool = False) -> None:
    """Refuse an instant more than five minutes in the future, or more than ten years ago
    unless it is `history` imported from another app (which may go back any number of years)."""
    if at > now + FUTURE_TOLERANCE:
        raise Invalid("That time is in the future.", field)
    if not history and at < now - OLDEST:
        raise Invalid("That time is more than ten years ago.", field)


def entry_time(tz: str, at: datetime | None, *, now: datetime) -> tuple[datetime, date]:
    """Check an entry's instant (now when None) and return it with its local day.

    Refused: more than five minutes in the future, or more than ten years ago.
    """
    at = at or now
    check_time(at, now)
    return at, local_today(tz, at)


# Control characters other than tab and line breaks: invisible, and PostgreSQL refuses NUL.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f"}


def text(value: str | None, limit: int, field: str) -> str | None:
    """Strip free text and cap its length; empty becomes None; control characters refused."""
    value = (value or "").strip()
    if len(value) > limit:
        raise Invalid(f"Keep this under {limit} characters.", field)
    if not _CONTROL.isdisjoint(value):
        raise Invalid("Remove the invisible control character from this text.", field)
    return value or None


def in_range(value: int | float | None, low: float, high: float, field: str) -> None:
    """A number inside its documented scale, or None when left out."""
    if value is not None and not low <= value <= high:
        raise Invalid(f"Choose from {low:g} to {high:g}.", field)


def check_version(entry: JournalEntry, row_version: int | None) -> None:
    """Refuse an edit made on a stale page instead of silently overwriting a newer one."""
    if row_version is not None and row_version != entry.row_version:
        raise Conflict(
            "This entry was changed elsewhere since you opened it. "
            "Reload to see the latest version, then make your change again."
        )


E = TypeVar("E", bound=JournalEntry)


def saved_before(user: Any, model: type[E], request_key: str | None) -> E | None:
    """The user's entry saved with this request key (the same form sent before), if any."""
    from tracker.extensions import db

    if not request_key:
        return None
    return db.session.scalar(
        select(model).where(model.user_id == user.id, model.request_key == request_key)
    )


def save_once(user: Any, entry: E, *, same: Callable[[E], E | None] | None = None) -> E:
    """Insert an entry once: the same form sent twice (same request key) returns the first,
    even when two requests race. `same` finds the row another unique rule (a dose's slot)
    matched instead, when there is one."""
    from tracker.extensions import db

    model = type(entry)
    if (existing := saved_before(user, model, entry.request_key)) is not None:
        return existing
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        existing = saved_before(user, model, entry.request_key) or (same and same(entry))
        if existing is None:
            raise
        return existing
    return entry


@dataclass(frozen=True)
class TimelineItem:
    """One row of the timeline; it links to url_for(edit_endpoint, **{id_arg: entry_id})."""

    kind: str  # the domain's key, used by the kind filter: "symptom", "mood", "sleep", ...
    at: datetime
    day: date
    title: str
    detail: str
    entry_id: int
    edit_endpoint: str
    delete_endpoint: str
    flag: str | None = None  # shown prominently, e.g. a PHQ-9 item 9 above 0
    id_arg: str = "entry_id"  # the URL argument naming the record in those endpoints
    timed: bool = True  # False: only the day is known (an appointment without a time)
