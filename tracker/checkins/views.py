"""Pages of the checkins domain: record, edit and delete check-ins, the list, the scales shown."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.checkins import services
from tracker.checkins.forms import (
    TODAY_PREFIX,
    CheckinEditForm,
    CheckinForm,
    ConfirmForm,
    ScalesForm,
    edit_data,
    version,
)
from tracker.checkins.models import MoodCheckin
from tracker.checkins.scales import BY_KEY
from tracker.database import get_owned_or_404
from tracker.entry_views import confirm_delete
from tracker.today.carry import back_to_today

bp = Blueprint("checkins", __name__)
bp.before_request(login_required(lambda: None))

DAYS_SHOWN = 30


def _next(form: CheckinForm | ConfirmForm | ScalesForm) -> str:
    return web.safe_next(form.next.data, url_for("checkins.index"))


def _form_page(form: CheckinForm, entry: MoodCheckin | None, keys: list[str]) -> tuple[str, int]:
    """The check-in form, filled in; 422 when it answers a rejected POST."""
    return render_template(
        "checkins/form.html", form=form, entry=entry, keys=keys, scales=BY_KEY
    ), web.form_status()


def _until() -> date:
    """The last day the list shows: ?until=YYYY-MM-DD, never after today."""
    today = web.today()
    try:
        until = date.fromisoformat(request.args.get("until") or today.isoformat())
    except ValueError:
        return today
    return min(until, today)


@bp.get("/checkins")
def index():
    """Recent check-ins grouped by day, each day with its mean, lowest and highest."""
    until = _until()
    first = until - timedelta(days=DAYS_SHOWN - 1)
    return render_template(
        "checkins/index.html",
        days=services.checkin_days(web.user(), first, until),
        scales=BY_KEY,
        first=first,
        until=until,
        earlier=first - timedelta(days=1),
        later=until + timedelta(days=DAYS_SHOWN) if until < web.today() else None,
    )


@bp.route("/checkins/new", methods=["GET", "POST"])
def new():
    """Record a check-in on the scales the user has chosen."""
    user = web.user()
    form = CheckinForm(next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.record_checkin(
                user, **form.values(user.timezone), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            flash("Check-in saved.")
            return redirect(_next(form))
    return _form_page(form, None, services.shown_scales(user))


@bp.post("/checkins/today")
def today():
    """Save the Today page's check-in; the page's other unsaved choices are carried along."""
    user = web.user()
    form = CheckinForm(prefix=TODAY_PREFIX)
    ok = (
        form.validate_on_submit()
        and web.commit_or_show(
            form,
            lambda: services.record_checkin(
                user, **form.values(user.timezone), request_key=form.request_key.data, now=web.now()
            ),
        )[1]
    )
    return back_to_today(form, ok, "Check-in saved." if ok else "", "/today#checkin")


@bp.route("/checkins/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Change a check-in's ratings, note or time."""
    user = web.user()
    entry = get_owned_or_404(MoodCheckin, entry_id, user)
    form = CheckinEditForm(data=edit_data(entry, user.timezone), next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_checkin(
                user,
                entry,
                **form.values(user.timezone, entry.at),
                row_version=version(form.row_version.data),
                now=web.now(),
            ),
        )
        if ok:
            flash("Check-in saved.")
            return redirect(_next(form))
    return _form_page(form, entry, services.scales_to_edit(user, entry))


@bp.route("/checkins/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete a check-in, after confirming."""
    form = ConfirmForm(next=request.args.get("next"))
    return confirm_delete(
        MoodCheckin,
        entry_id,
        form,
        deleted="Check-in deleted.",
        back_to=lambda: _next(form),
        asking=lambda entry: _delete_page(form, services.as_checkin(entry)),
    )


def _delete_page(form: ConfirmForm, checkin: services.Checkin) -> str:
    summary = services.describe(checkin.ratings)
    return render_template("checkins/delete.html", form=form, checkin=checkin, summary=summary)


@bp.route("/checkins/settings", methods=["GET", "POST"])
def settings():
    """Choose which scales the check-in asks for."""
    user = web.user()
    shown = None if request.method == "POST" else dict.fromkeys(services.shown_scales(user), True)
    form = ScalesForm(data=shown, next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(form, lambda: services.set_shown_scales(user, form.keys()))
        if ok:
            flash("Scales saved.")
            return redirect(_next(form))
    return render_template("checkins/settings.html", form=form), web.form_status()
