"""Share pages: the owner's list, make and revoke (login); the shared report (no login)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask import redirect as go
from flask_login import login_required

from tracker import web
from tracker.auth.guard import recent_password_required
from tracker.database import get_owned_or_404
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.shares import access, services
from tracker.shares.forms import PinForm, RevokeForm, ShareForm
from tracker.shares.models import ShareLink

bp = Blueprint("shares", __name__)
MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


@bp.after_request
def _private(response: Response) -> Response:
    # A shared report is health data behind a secret address: never kept, never indexed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(form: ShareForm, status: int = 200):
    shares = services.list_shares(web.user(), now=web.now())
    return render_template("shares/index.html", form=form, shares=shares), status


@bp.get("/shares")
@login_required
def index():
    """Every link the user made, each with every time it was opened, and a form for a new one."""
    first, last = services.default_range(web.user(), now=web.now())
    return _page(ShareForm(start=first, end=last))


@bp.post("/shares")
@login_required
@recent_password_required("shares.index")
def create():
    """Make a link; its address is shown on this answer only (only its hash is kept)."""
    form = ShareForm()
    if form.validate_on_submit():
        created, ok = web.commit_or_show(
            form,
            lambda: services.create_share(
                web.user(),
                label=form.label.data,
                first=form.start.data,
                last=form.end.data,
                days=form.days.data,
                pin=form.pin.data,
                request_key=form.request_key.data,
                now=web.now(),
            ),
        )
        if ok and created:
            url = url_for("shares.show", token=created.token, _external=True)
            share = services.summary(created.link, now=web.now())
            return render_template("shares/created.html", url=url, share=share), 201
    return _page(form, 422)


@bp.route("/shares/<int:share_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(share_id: int):
    """End a link at once, after confirming."""
    link = get_owned_or_404(ShareLink, share_id, web.user())
    form = RevokeForm()
    if form.validate_on_submit():
        services.revoke_share(web.user(), link, now=web.now())
        db.session.commit()
        return go(url_for("shares.index"))
    share = services.summary(link, now=web.now())
    return render_template("shares/revoke.html", form=form, share=share)


def _available(token: str) -> ShareLink:
    """The link, or the same plain 404 for an unknown, expired, revoked or locked one."""
    link = services.find_share(token, now=web.now())
    if link is None:
        abort(Response(render_template("shares/unavailable.html"), 404))
    return link


@bp.get("/s/<token>")
def show(token: str):
    """The shared report, read-only; the PIN form first when the link has a PIN."""
    link, now = _available(token), web.now()
    if link.has_pin and not access.unlocked(link, now=now):
        return render_template("shares/pin.html", form=PinForm())
    if not link.has_pin:
        services.record_opening(link, now=now)
        db.session.commit()
    return render_template(
        "shares/report.html",
        report=services.shared_report(link, now=now),
        chart_src=url_for("shares.chart", token=token, key="overview", fmt="svg"),
        scores_src=url_for("shares.chart", token=token, key="questionnaires", fmt="svg"),
    )


@bp.post("/s/<token>")
def unlock(token: str):
    """Check the PIN; a right one opens the report in this browser for a while."""
    link, form = _available(token), PinForm()
    if not link.has_pin:
        return go(url_for("shares.show", token=token))
    if form.validate_on_submit():
        ok = services.check_pin(link, form.pin.data, now=web.now())
        db.session.commit()
        if ok:
            access.grant(link, now=web.now())
            return go(url_for("shares.show", token=token))
        _available(token)  # the last wrong PIN may have locked it
        form.pin.errors = ["That PIN is not right."]
    return render_template("shares/pin.html", form=form), 422


@bp.get("/s/<token>/<any(overview, questionnaires):key>.<any(png, svg):fmt>")
def chart(token: str, key: str, fmt: str):
    """The two charts of the shared report (overview, PHQ-9/GAD-7), and no other picture."""
    link, now = _available(token), web.now()
    if link.has_pin and not access.unlocked(link, now=now):
        abort(Response(render_template("shares/unavailable.html"), 404))
    cache = current_app.extensions["chart_cache"]
    try:  # a phone asks for its width (?w=360), as the owner's own report page does
        body = services.shared_chart(
            link, key, fmt, now=now, cache=cache, width=request.args.get("w")
        )
    except Invalid as exc:
        abort(400, str(exc))
    return Response(body, mimetype=MIMETYPES[fmt])
