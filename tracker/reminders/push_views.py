"""Web Push on this device: the service worker at the site's root (so its scope is the whole
app), the server's public VAPID key for the page, and the subscribe call the page makes.
Test and remove are the channels' own routes (views.py)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, jsonify, request, send_from_directory
from flask_login import login_required

from tracker import web
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.reminders import subscriptions, vapid

bp = Blueprint("webpush", __name__)


def public_key() -> str:
    """The application server key the page subscribes with (the key is made on first use)."""
    return vapid.public_key(vapid.load_or_create(current_app.config["VAPID_FILE"]))


@bp.app_context_processor
def _key() -> dict:
    # A function, read only by the page that shows the button.
    return {"webpush_public_key": public_key}


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the origin's root so that it may control every page."""
    response = send_from_directory(
        str(current_app.static_folder), "sw.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"  # the browser checks for a new one each time
    return response


@bp.post("/settings/reminders/push")
@login_required
def subscribe():
    """Keep this browser's push subscription (JSON from static/push.js) as a channel."""
    config = current_app.config
    try:
        channel, new = subscriptions.subscribe(
            web.user(), request.get_json(silent=True), user_agent=request.user_agent.string,
            now=web.now(), secret_key=str(config["SECRET_KEY"]),
            allow_loopback_http=bool(config["WEBPUSH_LOOPBACK_HTTP"]),
        )  # fmt: skip
    except Invalid as exc:
        db.session.rollback()
        return jsonify(error=exc.message), 422
    db.session.commit()
    what = "turned on" if new else "turned on again"
    flash(f"Notifications {what} for {channel.name}. Send a test to see one arrive.")
    return jsonify(channel_id=channel.id, name=channel.name), 201 if new else 200
