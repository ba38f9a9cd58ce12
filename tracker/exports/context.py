"""What the import's loaders share: the user, the clock, rows read so far, path-named errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker import journal
from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.exports.values import Fields, ImportRefused
from tracker.timeutils import local_today

NOTE_LIMIT = 2000


@dataclass
class Context:
    """What the loaders share: the user, the clock, the rows read so far by ref."""

    user: User
    now: datetime
    refs: dict[str, dict[int, Any]] = field(default_factory=dict)
    seen: dict[str, set] = field(default_factory=dict)

    def ref(self, f: Fields, key: str, kind: str, *, required: bool = True) -> Any:
        """The row another field points at: it must come earlier in the file."""
        value = f.integer(key, required=required)
        if value is None:
            return None
        row = self.refs.get(kind, {}).get(value)
        if row is None:
            raise f.refuse(key, f"no {kind} entry with ref {value} comes before this one.")
        return row

    def once(self, f: Fields, key: str, scope: str, value: Any, message: str) -> None:
        """Refuse a second row where the database allows only one."""
        seen = self.seen.setdefault(scope, set())
        if value in seen:
            raise f.refuse(key, message)
        seen.add(value)

    def instant(self, f: Fields, key: str, *, required: bool = True) -> datetime | None:
        """An instant that is not in the future (old data is fine: it ages after export)."""
        value = f.instant(key, required=required)
        if value is not None and value > self.now + journal.FUTURE_TOLERANCE:
            raise f.refuse(key, "that time is in the future.")
        return value


# Reads one row of a table (its fields checked) into an unsaved model instance.
Loader = Callable[[Context, Fields], Any]
# Checks a table's rows together once they are all read (each schedule version has a dose).
Check = Callable[[Context], None]


@contextmanager
def paths(path: str, *, field: bool = True) -> Iterator[None]:
    """Turn a domain rule's error (named by its field) into one naming the file's path; with
    `field=False` the path alone names the place (the rule's field name differs from ours)."""
    try:
        yield
    except ImportRefused:
        raise
    except Invalid as exc:
        where = f"{path}.{exc.field}" if exc.field and field else path
        raise ImportRefused(where, exc.message) from None


def entry_fields(ctx: Context, f: Fields, *, note: bool = True) -> dict[str, Any]:
    """The columns every journal entry has: owner, instant, zone, local day, note, created."""
    at = ctx.instant(f, "at")
    tz = f.zone("tz")
    day = f.date("day")
    if local_today(tz, at) != day:
        raise f.refuse("day", f"{day} is not the date of `at` in {tz}.")
    out = {"user_id": ctx.user.id, "at": at, "tz": tz, "day": day}
    if note:
        out["note"] = journal.text(f.text("note", NOTE_LIMIT), NOTE_LIMIT, "note")
    return {**out, "created_at": ctx.instant(f, "created_at")}
