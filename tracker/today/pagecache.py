"""Today and the timeline as rendered, kept per session for the minute they were drawn in.

Reloading either page while nothing has changed is answered without reading or rendering it
again. The key holds everything the page depends on: the user and their data version (it
moves on any change to their data or settings, see tracker/dataversion.py), the session's
CSRF token (the page's forms carry it, so a session is never given another's page), the path
with its query, and the minute of the clock. The clock moves the page only on whole minutes:
a dose's status changes when its time or the end of its on-time window comes (whole minutes
of a zone's wall clock), and "today", the default range and the times a form starts from are
minutes or days. The one exception is an as-needed medication's "in the last 24 h", which may
count a dose until the end of the minute in which it left the window, as a page left open does.

A page holding a flashed message is never kept nor answered from here, and each answer gets
fresh request keys (tracker.forms.RequestKeyField, put in the places noted while the page was
drawn: tracker/requestkeys.py), so two tabs showing one kept page still record two coffees.
Each server process keeps its own pages, in memory only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from functools import wraps
from typing import Any

from flask import Response, current_app, request, session
from flask_wtf.csrf import generate_csrf

from tracker import web
from tracker.auth.models import User
from tracker.requestkeys import Keyed, drawing
from tracker.today import carry
from tracker.trends.cache import ChartCache

MAX_ENTRIES = 256
MAX_BYTES = 32 * 1024 * 1024


def page_key(user: User, path: str, csrf_token: str | None, *, now: datetime) -> Hashable:
    """Everything a Today or timeline page depends on."""
    minute = int(now.timestamp()) // 60
    return (user.id, user.data_version, user.timezone, csrf_token, path, minute)


def _keepable(response: Response, stale_keys: bool) -> bool:
    """A whole page that shows no flash and no choices carried back, and whose every request
    key can be renewed."""
    return (
        response.status_code == 200
        and not stale_keys
        and not session.get("_flashes")
        and not carry.waiting()
    )


def _cache() -> ChartCache:
    return current_app.extensions.setdefault(
        "page_cache", ChartCache(max_entries=MAX_ENTRIES, max_bytes=MAX_BYTES)
    )


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer the view's GET from the page cache while nothing it shows has changed."""

    @wraps(view)
    def wrapper(**kwargs: Any) -> Any:
        if session.get("_flashes") or carry.waiting():
            return view(**kwargs)
        field = current_app.config["WTF_CSRF_FIELD_NAME"]
        if field not in session:
            generate_csrf()  # the session's token exists before it is part of the key
        key = page_key(web.user(), request.full_path, session[field], now=web.now())
        cache = _cache()
        body = cache.get(key)
        if body is not None:
            return Response(Keyed.unpack(body).fill(), mimetype="text/html")
        with drawing() as drawn:
            response = current_app.make_response(view(**kwargs))
        if _keepable(response, drawn.stale):
            page = response.get_data(as_text=True)
            cache.put(key, Keyed.cut(page, drawn.keys).pack())
        return response

    return wrapper
