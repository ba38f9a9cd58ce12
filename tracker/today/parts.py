"""The parts of the Today page, each drawn once and reused while the tables it reads stand still.

A day's log is a save, then the page again: each save moves the user's data version, so the
whole-page cache (pagecache.py) misses on every GET that follows one. But a saved mood moves
only the check-in table: the doses, the sleep diary, the side effects and the rest read other
tables. Each part therefore names the tables it reads (`TABLES` beside its `today_panel`, a
test holds every part to them) and is kept, as drawn HTML with the few facts the page's
"done" line needs, under a key made of everything it depends on:

- the user, the day shown, the user's today, time zone and clock, the session's CSRF token (the
  part's forms carry it, so a session is never given another's forms);
- the version of each table the part reads, and of ANY_TABLE (tracker/dataversion.py);
- for the doses, the minute of the clock (a dose's status moves with the time).

A page carrying unsaved choices back (carry.py, no JavaScript) draws its check-in parts anew.
Request keys are renewed in every answer, as the page cache does (tracker/requestkeys.py).
Each server process keeps its parts in memory; a version read from the database decides
whether one is used, so a save answered by another process is seen here. Under gunicorn the
workers also share them (shared.py): a worker just started finds the parts its predecessor
drew.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, render_template, session
from flask_login import user_logged_out
from markupsafe import Markup

from tracker.auth.models import User
from tracker.dataversion import ANY_TABLE
from tracker.requestkeys import Keyed, drawing
from tracker.today.shared import SharedParts
from tracker.trends.cache import ChartCache

MAX_ENTRIES = 2048
MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Part:
    """One part of Today: its name, the tables it reads, how it is drawn, whether the clock's
    minute moves it."""

    name: str
    tables: tuple[str, ...]
    draw: Callable[[], tuple[str, dict[str, Any]]]  # (HTML, facts for the "done" line)
    by_minute: bool = False


@dataclass(frozen=True)
class Drawn:
    html: Markup
    facts: dict[str, Any]


def _cache() -> ChartCache:
    return current_app.extensions.setdefault(
        "today_parts", ChartCache(max_entries=MAX_ENTRIES, max_bytes=MAX_BYTES)
    )


def part_key(
    user: User, day: date, today: date, part: Part, versions: Mapping[str, int], now: datetime
) -> tuple:
    """Everything one part of the page depends on."""
    field = current_app.config["WTF_CSRF_FIELD_NAME"]
    tables = tuple(versions.get(t, 0) for t in (*part.tables, ANY_TABLE))
    minute = int(now.timestamp()) // 60 if part.by_minute else None
    return (
        user.id,
        user.timezone,
        user.clock,
        part.name,
        day,
        today,
        session.get(field),
        tables,
        minute,
    )


def _pack(html: Keyed, facts: dict[str, Any]) -> bytes:
    return json.dumps(facts).encode() + b"\n" + html.pack()


def _unpack(body: bytes) -> Drawn:
    facts, _, html = body.partition(b"\n")
    # HTML our own autoescaping templates drew (render_part), never text from a request
    return Drawn(Markup(Keyed.unpack(html).fill()), json.loads(facts))  # noqa: S704


def _shared() -> SharedParts | None:
    folder = current_app.config.get("TODAY_SHARED_FOLDER")
    if not folder:
        return None
    shared = current_app.extensions.get("today_shared")
    if shared is None or shared.folder != folder:
        shared = current_app.extensions["today_shared"] = SharedParts(folder)
    return shared


def _get(key: tuple) -> bytes | None:
    """What this process, or another one of the server's (shared.py), drew for `key`; every
    key starts with the user's id."""
    cache = _cache()
    body = cache.get(key)
    shared = _shared() if body is None else None
    if shared is not None:
        body = shared.get(key[0], key)
        if body is not None:
            cache.put(key, body)
    return body


def _put(key: tuple, body: bytes) -> None:
    _cache().put(key, body)
    shared = _shared()
    if shared is not None:
        shared.put(key[0], key, body)


def forget(user_id: int) -> None:
    """Drop what the server processes share of the user's parts (when their sessions end or
    the account is deleted; each process's own memory keeps its LRU)."""
    shared = _shared()
    if shared is not None:
        shared.forget(user_id)


def init_app(app: Flask) -> None:
    """Forget the user's shared parts whenever they are logged out (Flask-Login's signal: the
    sign-out views of auth and settings need not know Today)."""
    user_logged_out.connect(_forget_logged_out, app)


def _forget_logged_out(app: Flask, user: User, **extra: Any) -> None:
    forget(user.id)


def draw(part: Part, key: tuple, *, reuse: bool) -> Drawn:
    """The part as kept for `key`, or drawn now (and kept when `reuse`)."""
    body = _get(key) if reuse else None
    if body is None:
        with drawing() as drawn:
            html, facts = part.draw()
        body = _pack(Keyed.cut(html, drawn.keys), facts)
        if reuse and not drawn.stale:
            _put(key, body)
    return _unpack(body)


def kept(user: User, key: Hashable, draw: Callable[[], str]) -> Markup:
    """HTML that is a function of `key` alone (with the user and the session's CSRF token), drawn
    once and kept as parts are: a part's quick forms, which look the same after most saves.
    Each call gives it fresh request keys."""
    field = current_app.config["WTF_CSRF_FIELD_NAME"]
    full = (user.id, "kept", session.get(field), key)
    body = _get(full)
    if body is None:
        with drawing() as drawn:
            html = draw()
        body = Keyed.cut(html, drawn.keys).pack()
        if not drawn.stale:
            _put(full, body)
    # HTML our own autoescaping templates drew, never text from a request
    return Markup(Keyed.unpack(body).fill())  # noqa: S704


def render_part(template: str, context: Mapping[str, Any]) -> str:
    """One part's template drawn on its own (the page's common names passed in `context`)."""
    return render_template(template, **context)
