"""Request keys (tracker.forms.RequestKeyField) in HTML that is kept and shown again.

A kept page or part must carry keys of its own in every answer, or two tabs showing one kept
page would record one coffee. The HTML is never searched for them: while it is drawn for
keeping (`drawing()`), every key a field writes into it is noted, the HTML is kept cut at
those keys (`Keyed`), and each answer joins the pieces with new ones. The keys are random and
made after anything the page shows was saved, so no text a user wrote can be taken for one.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


def new_key() -> str:
    """A new request key: 32 hex digits."""
    return uuid.uuid4().hex


@dataclass
class Drawing:
    """The keys written into HTML while it was drawn; `stale` when a field showed a key it did
    not make (a form sent back with its key), which a kept copy could not renew."""

    keys: list[str] = field(default_factory=list)
    stale: bool = False


_DRAWINGS: ContextVar[tuple[Drawing, ...]] = ContextVar("request_key_drawings", default=())


@contextmanager
def drawing() -> Iterator[Drawing]:
    """Note the keys written while the block draws HTML (nested drawings each see them)."""
    noted = Drawing()
    token = _DRAWINGS.set((*_DRAWINGS.get(), noted))
    try:
        yield noted
    finally:
        _DRAWINGS.reset(token)


def shown(key: str, *, made_here: bool) -> None:
    """A field, or a kept copy being renewed, writes `key` into the HTML being drawn."""
    for noted in _DRAWINGS.get():
        if made_here:
            noted.keys.append(key)
        else:
            noted.stale = True


@dataclass(frozen=True)
class Keyed:
    """HTML cut at its request keys: `pieces` are the text between them, in order."""

    pieces: tuple[str, ...]

    @classmethod
    def cut(cls, html: str, keys: Iterable[str]) -> Keyed:
        """`html` cut at each of `keys` (each key of a drawing appears where its field is)."""
        pieces = [html]
        for key in dict.fromkeys(keys):
            # Every boundary between two pieces stays where a key was: cutting a piece at
            # another key adds boundaries inside it and keeps those around it.
            pieces = [part for piece in pieces for part in piece.split(key)]
        return cls(tuple(pieces))

    def fill(self) -> str:
        """The HTML with a new key in each place (noted for any drawing around this one)."""
        keys = [new_key() for _ in self.pieces[1:]]
        for key in keys:
            shown(key, made_here=True)
        joined = [self.pieces[0]]
        for key, piece in zip(keys, self.pieces[1:], strict=True):
            joined += (key, piece)
        return "".join(joined)

    def pack(self) -> bytes:
        """As kept in the caches (bytes, shared between processes)."""
        return json.dumps(self.pieces, ensure_ascii=False).encode()

    @classmethod
    def unpack(cls, body: bytes) -> Keyed:
        return cls(tuple(json.loads(body)))
