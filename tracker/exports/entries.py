"""What every journal entry's table shares in the file: the entry's instant written in the zone
it was made in, the zone and the local day it is filed under first; its note and when it was
created last. A kind's codec builds its entry tables with `journal`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tracker.exports import values as v
from tracker.exports.kinds import Kind, Refs

HEAD = ("at", "tz", "day")
TAIL = ("note", "created_at")
Dump = Callable[[Any, Refs], dict[str, Any]]


def entry(e: Any, body: dict[str, Any]) -> dict[str, Any]:
    """A journal entry: its instant in its zone, the zone, the local day, fields, note."""
    head = {"at": v.instant(e.at, e.tz), "tz": e.tz, "day": v.day(e.day)}
    return {**head, **body, "note": e.note, "created_at": v.utc(e.created_at)}


def chronological(row: Any) -> tuple:
    return (row.at, row.id)


def own_fields(*names: str) -> Dump:
    """An entry written as its own columns, as the model holds them, between head and tail."""
    return lambda e, refs: entry(e, {n: getattr(e, n) for n in names})


def journal(
    name: str, model: type, body: tuple[str, ...], dump: Dump | None = None, **kw: Any
) -> Kind:
    """An entry table: the shared head, `body`'s columns, the shared tail, in time order."""
    return Kind(
        name,
        model,
        (*HEAD, *body, *TAIL),
        dump or own_fields(*body),
        order=chronological,
        **kw,
    )
