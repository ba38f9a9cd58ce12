"""Pages of the labs domain: the list of results, log, edit, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.checkins.forms import ConfirmForm, version
from tracker.database import get_owned_or_404
from tracker.extensions import db
from tracker.labs import services
from tracker.labs.forms import UNIT_SUGGESTIONS, LabEditForm, LabForm, edit_data
from tracker.labs.models import LabResult
from tracker.timeutils import to_wall

bp = Blueprint("labs", __name__)
bp.before_request(login_required(lambda: None))


def _next(form: LabForm | ConfirmForm) -> str:
    return web.safe_next(form.next.data, url_for("labs.index"))


def _page(form: LabForm, entry: LabResult | None):
    return render_template(
        "labs/form.html", form=form, entry=entry, units=UNIT_SUGGESTIONS
    ), web.form_status()


@bp.get("/labs")
def index():
    """Every lab result, newest first."""
    results = [(e, services.summary(e)) for e in services.list_labs(web.user())]
    return render_template("labs/index.html", results=results)


@bp.route("/labs/new", methods=["GET", "POST"])
def new():
    """Log a lab result."""
    user = web.user()
    start = to_wall(web.now(), user.timezone).replace(second=0, microsecond=0)
    form = LabForm(at=start, test=request.args.get("test", ""), next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.record_lab(
                user, form.fields(user.timezone), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            flash("Lab result saved.")
            return redirect(_next(form))
    return _page(form, None)


@bp.route("/labs/<int:lab_id>/edit", methods=["GET", "POST"])
def edit(lab_id: int):
    """Change a lab result."""
    user = web.user()
    entry = get_owned_or_404(LabResult, lab_id, user)
    form = LabEditForm(data=edit_data(entry, user.timezone), next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_lab(
                user,
                entry,
                form.fields(user.timezone, entry),
                row_version=version(form.row_version.data),
                now=web.now(),
            ),
        )
        if ok:
            flash("Lab result saved.")
            return redirect(_next(form))
    return _page(form, entry)


@bp.route("/labs/<int:lab_id>/delete", methods=["GET", "POST"])
def delete(lab_id: int):
    """Delete a lab result, after confirming."""
    entry = get_owned_or_404(LabResult, lab_id, web.user())
    form = ConfirmForm(next=request.args.get("next"))
    if form.validate_on_submit():
        services.delete_lab(web.user(), entry)
        db.session.commit()
        flash("Lab result deleted.")
        return redirect(_next(form))
    return render_template("labs/delete.html", form=form, summary=services.summary(entry))
