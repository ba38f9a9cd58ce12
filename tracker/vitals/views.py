"""Pages of the vitals domain: the list with the weight unit, log, edit, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.checkins.forms import ConfirmForm, version
from tracker.database import get_owned_or_404
from tracker.extensions import db
from tracker.timeutils import to_wall
from tracker.vitals import services
from tracker.vitals.forms import VitalsEditForm, VitalsForm, WeightUnitForm, edit_data
from tracker.vitals.models import VitalSign

bp = Blueprint("vitals", __name__)
bp.before_request(login_required(lambda: None))


def _next(form: VitalsForm | ConfirmForm) -> str:
    return web.safe_next(form.next.data, url_for("vitals.index"))


def _index(unit_form: WeightUnitForm, status: int = 200):
    user = web.user()
    entries = [(e, services.summary(e, user.weight_unit)) for e in services.list_vitals(user)]
    return render_template("vitals/index.html", entries=entries, unit_form=unit_form), status


@bp.get("/vitals")
def index():
    """Every vitals entry, newest first, and the weight unit."""
    return _index(WeightUnitForm(weight_unit=web.user().weight_unit))


@bp.post("/vitals/unit")
def weight_unit():
    """Enter and show weights in kg or lb."""
    form = WeightUnitForm()
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form, lambda: services.set_weight_unit(web.user(), form.weight_unit.data)
        )
        if ok:
            flash(f"Weights are now shown in {form.weight_unit.data}.")
            return redirect(url_for("vitals.index"))
    return _index(form, 422)


@bp.route("/vitals/new", methods=["GET", "POST"])
def new():
    """Log weight, blood pressure or heart rate."""
    user = web.user()
    start = to_wall(web.now(), user.timezone).replace(second=0, microsecond=0)
    form = VitalsForm(at=start, weight_unit=user.weight_unit, next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.record_vitals(
                user, form.fields(user.timezone), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            flash("Vitals saved.")
            return redirect(_next(form))
    return render_template("vitals/form.html", form=form, entry=None), web.form_status()


@bp.route("/vitals/<int:vital_id>/edit", methods=["GET", "POST"])
def edit(vital_id: int):
    """Change a vitals entry."""
    user = web.user()
    entry = get_owned_or_404(VitalSign, vital_id, user)
    data = edit_data(entry, user.timezone, user.weight_unit)
    form = VitalsEditForm(data=data, next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_vitals(
                user,
                entry,
                form.fields(user.timezone, entry.at),
                row_version=version(form.row_version.data),
                now=web.now(),
            ),
        )
        if ok:
            flash("Vitals saved.")
            return redirect(_next(form))
    return render_template("vitals/form.html", form=form, entry=entry), web.form_status()


@bp.route("/vitals/<int:vital_id>/delete", methods=["GET", "POST"])
def delete(vital_id: int):
    """Delete a vitals entry, after confirming."""
    user = web.user()
    entry = get_owned_or_404(VitalSign, vital_id, user)
    form = ConfirmForm(next=request.args.get("next"))
    if form.validate_on_submit():
        services.delete_vitals(user, entry)
        db.session.commit()
        flash("Vitals entry deleted.")
        return redirect(_next(form))
    summary = services.summary(entry, user.weight_unit)
    return render_template("vitals/delete.html", form=form, entry=entry, summary=summary)
