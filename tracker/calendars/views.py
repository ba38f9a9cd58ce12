"""Feed addresses in Settings (login); the feed itself (no login: calendar apps fetch it)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, flash, render_template, request, url_for
from flask import redirect as go
from flask_login import login_required

from tracker import web
from tracker.calendars import services
from tracker.calendars.models import CalendarFeed
from tracker.database import get_owned_or_404
from tracker.errors import Invalid
from tracker.extensions import db

bp = Blueprint("calendars", __name__)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@bp.after_request
def _private(response: Response) -> Response:
    # Health data behind a secret address: never kept by a cache, never indexed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _to_settings():  # noqa: ANN202 - a redirect
    return go(url_for("settings.show", _anchor="calendar"))


@bp.post("/settings/calendar")
@login_required
def create():
    """Make a feed address; it is shown in full on this answer only (only its hash is kept)."""
    try:
        created = services.create_feed(web.user(), now=web.now())
    except Invalid as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _to_settings()
    db.session.commit()
    url = url_for("calendars.feed", token=created.token, _external=True)
    webcal = "webcal://" + url.split("://", 1)[1]  # opens the subscribe dialog of Apple Calendar
    return render_template("calendars/created.html", url=url, webcal=webcal), 201


@bp.post("/settings/calendar/<int:feed_id>/revoke")
@login_required
def revoke(feed_id: int):
    """End a feed address at once; calendar apps get "not found" from then on."""
    feed = get_owned_or_404(CalendarFeed, feed_id, web.user())
    services.revoke_feed(web.user(), feed, now=web.now())
    db.session.commit()
    flash("Feed address revoked. Remove the calendar from your calendar app too.")
    return _to_settings()


class FeedResponse(Response):
    """A response that never carries a cookie.

    Calendar apps send none, but a browser that opens the address may send its login cookie,
    and Flask would answer with a Set-Cookie that refreshes it, from a public address that is
    meant to be fetched by anything. Dropping every cookie here keeps the feed cookie-free
    whatever tries to set one.
    """

    def set_cookie(self, *args: Any, **kwargs: Any) -> None:
        return None


def _not_found() -> FeedResponse:
    """The app's plain 404 page: the same for an unknown and a revoked address."""
    code, title, text = web.ERROR_PAGES[404]
    page = render_template("errors/error.html", code=code, title=title, text=text)
    return FeedResponse(page, code)


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """The feed: doses of the coming weeks and appointments; unknown or revoked is a 404."""
    found, now = services.find_feed(token), web.now()
    if found is None:
        return _not_found()
    body = services.feed_ics(
        services.owner(found),
        now=now,
        weeks=int(current_app.config["CALENDAR_WEEKS"]),
        domain=urlsplit(request.host_url).hostname or "tracker",
    )
    services.record_fetch(found, now=now)
    db.session.commit()
    return FeedResponse(body, headers={"Content-Type": CONTENT_TYPE})
