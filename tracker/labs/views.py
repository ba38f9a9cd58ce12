"""Pages of the labs domain: the list of results, log, edit, delete."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from tracker import web
from tracker.checkins.forms import ConfirmForm
from tracker.entry_views import EntryPages, wall_now
from tracker.labs import services
from tracker.labs.forms import UNIT_SUGGESTIONS, LabEditForm, LabForm, edit_data
from tracker.labs.models import LabResult

bp = Blueprint("labs", __name__)
bp.before_request(login_required(lambda: None))


def _fields(form: LabForm, entry: LabResult | None = None) -> dict:
    return {"fields": form.fields(web.user().timezone, entry)}


LABS = EntryPages(
    LabResult,
    "labs/form.html",
    "labs.index",
    _fields,
    record=services.record_lab,
    update=services.update_lab,
    saved=lambda _: "Lab result saved.",
    edited="Lab result saved.",
    deleted="Lab result deleted.",
    confirm=ConfirmForm,
    delete_template="labs/delete.html",
    item=services.summary,
    context={"units": UNIT_SUGGESTIONS},
    edit_data=lambda entry: edit_data(entry, web.user().timezone),
    edit_fields=_fields,
    item_name="summary",
)


@bp.get("/labs")
def index():
    """Every lab result, newest first."""
    results = [(e, services.summary(e)) for e in services.list_labs(web.user())]
    return render_template("labs/index.html", results=results)


@bp.route("/labs/new", methods=["GET", "POST"])
def new():
    """Log a lab result."""
    test = request.args.get("test", "")
    return LABS.new(LabForm(at=wall_now(), test=test, next=request.args.get("next")))


@bp.route("/labs/<int:lab_id>/edit", methods=["GET", "POST"])
def edit(lab_id: int):
    """Change a lab result."""
    return LABS.edit(lab_id, LabEditForm)


@bp.route("/labs/<int:lab_id>/delete", methods=["GET", "POST"])
def delete(lab_id: int):
    """Delete a lab result, after confirming."""
    return LABS.delete(lab_id)
