"""Pages of the activity domain: activity sessions, practices, caffeine and alcohol."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, render_template, request
from flask_login import login_required

from tracker import web
from tracker.activity import catalog, services
from tracker.activity.forms import (
    ActivityEditForm,
    ActivityForm,
    ConfirmForm,
    PracticeEditForm,
    PracticeForm,
    PracticesForm,
    SubstanceEditForm,
    SubstanceForm,
)
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.entry_views import EntryPages, back, page
from tracker.timeutils import from_wall

SUBSTANCES = list(catalog.SUBSTANCES.values())
INDEX = "activity.index"

bp = Blueprint("activity", __name__)
bp.before_request(login_required(lambda: None))


def _back(form: Any) -> Any:
    """Where the form came from (Today, say), else the activity page."""
    return back(form, INDEX)


def _page(template: str, form: Any, entry: Any = None, **context: Any) -> Any:
    """A form page; shown again after a POST it is a rejected form (422)."""
    return page(template, form, INDEX, entry, **context)


def _at(form: Any) -> Any:
    return from_wall(form.at.data, web.user().timezone)


def _activity(form: ActivityForm) -> dict:
    return {
        "kind": form.kind.data,
        "minutes": form.minutes.data,
        "intensity": form.intensity.data,
        "steps": form.steps.data,
        "at": _at(form),
        "note": form.note.data,
    }


def _practice(form: PracticeForm) -> dict:
    return {
        "practice": form.practice.data,
        "minutes": form.minutes.data,
        "done": form.done.data,
        "helpful": form.helpful.data,
        "at": _at(form),
        "note": form.note.data,
    }


def _substance(form: SubstanceForm) -> dict:
    return {
        "substance": form.substance.data,
        "amount": form.amount.data,
        "at": _at(form),
        "note": form.note.data,
    }


def _substance_saved(entry: SubstanceEntry) -> str:
    item = catalog.SUBSTANCES[entry.substance]
    return f"{item.label}: {item.amount_text(entry.amount)} saved."


def _pages(model: type, template: str, fields: Any, **words: Any) -> EntryPages:
    return EntryPages(
        model,
        template,
        INDEX,
        fields,
        confirm=ConfirmForm,
        delete_template="activity/delete.html",
        item=services.timeline_item,
        **words,
    )


ACTIVITY = _pages(
    ActivityEntry,
    "activity/activity_form.html",
    _activity,
    record=services.record_activity,
    update=services.update_activity,
    saved=lambda e: f"{catalog.activity_label(e.kind)}, {e.minutes} min saved.",
    edited="Activity saved.",
    deleted="Activity deleted.",
)
PRACTICE = _pages(
    PracticeEntry,
    "activity/practice_form.html",
    _practice,
    record=services.record_practice,
    update=services.update_practice,
    saved=lambda e: f"{catalog.practice_label(e.practice)} saved.",
    edited="Practice saved.",
    deleted="Practice deleted.",
)
SUBSTANCE = _pages(
    SubstanceEntry,
    "activity/substance_form.html",
    _substance,
    record=services.record_substance,
    update=services.update_substance,
    saved=_substance_saved,
    edited="Saved.",
    deleted="Entry deleted.",
    context={"substances": SUBSTANCES},
)


@bp.get("/activity")
def index():
    """Recent activity, practices, caffeine and alcohol, with today's totals."""
    user, today = web.user(), web.today()
    return render_template(
        "activity/index.html",
        today=today,
        totals=services.day_totals(user, today),
        days=services.recent_days(user, today),
        followed=services.followed_practices(user),
        practices=catalog.PRACTICES,
        labels={key: p.label for key, p in catalog.PRACTICES.items()},
    )


@bp.route("/activity/new", methods=["GET", "POST"])
def new():
    """Log an activity session."""
    return ACTIVITY.new(ActivityForm(next=request.args.get("next")))


@bp.route("/activity/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Edit an activity session."""
    return ACTIVITY.edit(entry_id, ActivityEditForm)


@bp.route("/activity/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete an activity session, after confirming."""
    return ACTIVITY.delete(entry_id)


@bp.route("/activity/practices/new", methods=["GET", "POST"])
def practice_new():
    """Log a practice: minutes, or done for yes/no practices."""
    args = request.args
    return PRACTICE.new(PracticeForm(practice=args.get("practice"), next=args.get("next")))


@bp.route("/activity/practices/<int:entry_id>/edit", methods=["GET", "POST"])
def practice_edit(entry_id: int):
    """Edit a logged practice."""
    return PRACTICE.edit(entry_id, PracticeEditForm)


@bp.route("/activity/practices/<int:entry_id>/delete", methods=["GET", "POST"])
def practice_delete(entry_id: int):
    """Delete a logged practice, after confirming."""
    return PRACTICE.delete(entry_id)


@bp.route("/activity/substances/new", methods=["GET", "POST"])
def substance_new():
    """Log caffeine or alcohol."""
    args = request.args
    return SUBSTANCE.new(SubstanceForm(substance=args.get("substance"), next=args.get("next")))


@bp.route("/activity/substances/<int:entry_id>/edit", methods=["GET", "POST"])
def substance_edit(entry_id: int):
    """Edit a caffeine or alcohol entry."""
    return SUBSTANCE.edit(entry_id, SubstanceEditForm)


@bp.route("/activity/substances/<int:entry_id>/delete", methods=["GET", "POST"])
def substance_delete(entry_id: int):
    """Delete a caffeine or alcohol entry, after confirming."""
    return SUBSTANCE.delete(entry_id)


@bp.route("/activity/settings", methods=["GET", "POST"])
def settings():
    """Choose which practices show on Today."""
    user = web.user()
    form = PracticesForm(
        data=dict.fromkeys(services.followed_practices(user), True), next=request.args.get("next")
    )
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form, lambda: services.set_followed_practices(user, form.chosen())
        )
        if ok:
            flash("Your practices are saved.")
            return _back(form)
    return _page("activity/settings.html", form, practices=catalog.PRACTICES)
