"""Naps: record, edit, delete and list them; each is filed under the local date it started on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from tracker import journal
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.sleep import measures
from tracker.sleep.models import Nap
from tracker.timeutils import clock_time, to_local

NOTE_LIMIT = 2000
MAX_NAP_MINUTES = 600


def _nap_time(
    tz: str, start: datetime | None, minutes: int | None, now: datetime
) -> tuple[datetime, date]:
    if start is None:
        raise Invalid("Enter when the nap started.", "start")
    if minutes is None or not 1 <= minutes <= MAX_NAP_MINUTES:
        raise Invalid(f"Enter 1 to {MAX_NAP_MINUTES} minutes.", "minutes")
    try:
        return journal.entry_time(tz, start, now=now)
    except Invalid as exc:
        raise Invalid(exc.message, "start") from None


def record_nap(
    user: User,
    *,
    start: datetime,
    minutes: int,
    note: str | None = None,
    request_key: str | None = None,
    now: datetime,
) -> Nap:
    """Log a nap, filed under the local date it started on."""
    at, day = _nap_time(user.timezone, start, minutes, now)
    nap = Nap(
        user_id=user.id,
        at=at,
        tz=user.timezone,
        day=day,
        minutes=minutes,
        note=journal.text(note, NOTE_LIMIT, "note"),
        request_key=request_key or None,
        created_at=now,
    )
    return journal.save_once(user, nap)


def update_nap(
    user: User,
    nap: Nap,
    *,
    start: datetime,
    minutes: int,
    note: str | None,
    row_version: int | None,
    now: datetime,
) -> None:
    """Edit a nap; a stale form is refused."""
    journal.check_version(nap, row_version)
    nap.at, nap.day = _nap_time(nap.tz, start, minutes, now)
    nap.minutes = minutes
    nap.note = journal.text(note, NOTE_LIMIT, "note")
    db.session.flush()


@dataclass(frozen=True)
class NapRow:
    entry_id: int
    day: date
    start: datetime  # aware, in the zone the nap was logged in
    minutes: int
    note: str | None
    row_version: int

    @property
    def length(self) -> str:
        return measures.duration(self.minutes)


def nap_row(nap: Nap) -> NapRow:
    """One nap as a page shows it."""
    return NapRow(nap.id, nap.day, to_local(nap.at, nap.tz), nap.minutes, nap.note, nap.row_version)


def _between(user: User, first: date, last: date) -> list[Nap]:
    return list(
        db.session.scalars(
            select(Nap)
            .where(Nap.user_id == user.id, Nap.day >= first, Nap.day <= last)
            .order_by(Nap.at.desc())
        )
    )


def naps_between(user: User, first: date, last: date) -> list[NapRow]:
    """Naps filed under local dates first..last, newest first."""
    return [nap_row(n) for n in _between(user, first, last)]


def _item(nap: Nap, clock: str) -> journal.TimelineItem:
    start = to_local(nap.at, nap.tz)
    detail = f"From {clock_time(start, clock)}"
    return journal.TimelineItem(
        kind="sleep",
        at=nap.at,
        day=nap.day,
        title=f"Nap {measures.duration(nap.minutes)}",
        detail=f"{detail} · {nap.note}" if nap.note else detail,
        entry_id=nap.id,
        edit_endpoint="sleep.nap_edit",
        delete_endpoint="sleep.nap_delete",
    )


def timeline_items(user: User, first: date, last: date) -> list[journal.TimelineItem]:
    """Naps filed under local dates first..last."""
    return [_item(n, user.clock) for n in _between(user, first, last)]
