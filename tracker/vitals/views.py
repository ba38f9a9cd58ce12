"""Pages of the vitals domain: the list with the weight unit, log, edit, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.checkins.forms import ConfirmForm
from tracker.entry_views import EntryPages, wall_now
from tracker.vitals import services
from tracker.vitals.forms import VitalsEditForm, VitalsForm, WeightUnitForm, edit_data
from tracker.vitals.models import VitalSign

bp = Blueprint("vitals", __name__)
bp.before_request(login_required(lambda: None))


def _fields(form: VitalsForm, entry: VitalSign | None = None) -> dict:
    return {"fields": form.fields(web.user().timezone, entry.at if entry else None)}


def _edit_data(entry: VitalSign) -> dict:
    return edit_data(entry, web.user().timezone, web.user().weight_unit)


def _summary(entry: VitalSign) -> str:
    return services.summary(entry, web.user().weight_unit)


VITALS = EntryPages(
    VitalSign,
    "vitals/form.html",
    "vitals.index",
    _fields,
    record=services.record_vitals,
    update=services.update_vitals,
    saved=lambda _: "Vitals saved.",
    edited="Vitals saved.",
    deleted="Vitals entry deleted.",
    confirm=ConfirmForm,
    delete_template="vitals/delete.html",
    item=_summary,
    edit_data=_edit_data,
    edit_fields=_fields,
    item_name="summary",
)


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
    unit = web.user().weight_unit
    return VITALS.new(VitalsForm(at=wall_now(), weight_unit=unit, next=request.args.get("next")))


@bp.route("/vitals/<int:vital_id>/edit", methods=["GET", "POST"])
def edit(vital_id: int):
    """Change a vitals entry."""
    return VITALS.edit(vital_id, VitalsEditForm)


@bp.route("/vitals/<int:vital_id>/delete", methods=["GET", "POST"])
def delete(vital_id: int):
    """Delete a vitals entry, after confirming."""
    return VITALS.delete(vital_id)
