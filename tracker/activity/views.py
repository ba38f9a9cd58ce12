"""Pages of the activity domain: activity sessions, practices, caffeine and alcohol."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
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
from tracker.database import get_owned_or_404
from tracker.extensions import db
from tracker.timeutils import from_wall, to_wall

SUBSTANCES = list(catalog.SUBSTANCES.values())

bp = Blueprint("activity", __name__)
bp.before_request(login_required(lambda: None))


def _back(form: Any) -> Any:
    """Where the form came from (Today, say), else the activity page."""
    return redirect(web.safe_next(form.next.data, url_for("activity.index")))


def _at(form: Any) -> Any:
    return from_wall(form.at.data, web.user().timezone)


def _edit_form(form_class: type, entry: Any) -> Any:
    """An edit form filled from the entry, its time shown as the user's wall clock.

    A POST is read as sent, never topped up from the stored entry: a field left out (the row
    version above all) must not quietly take the stored value."""
    if request.method == "POST":
        return form_class()
    form = form_class(obj=entry, next=request.args.get("next"))
    form.at.data = to_wall(entry.at, web.user().timezone)
    return form


def _page(template: str, form: Any, entry: Any = None, **context: Any) -> Any:
    """A form page; shown again after a POST it is a rejected form (422)."""
    back = web.safe_next(form.next.data, url_for("activity.index"))
    return render_template(
        template, form=form, entry=entry, back=back, **context
    ), web.form_status()


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


def _version(form: Any) -> int:
    """The row version the page was made from; a missing one counts as stale, never as "any"."""
    value = str(form.row_version.data or "")
    return int(value) if value.isdigit() else 0


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
    form = ActivityForm(next=request.args.get("next"))
    if form.validate_on_submit():
        entry, ok = web.commit_or_show(
            form,
            lambda: services.record_activity(
                web.user(), **_activity(form), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            flash(f"{catalog.activity_label(entry.kind)}, {entry.minutes} min saved.")
            return _back(form)
    return _page("activity/activity_form.html", form)


@bp.route("/activity/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Edit an activity session."""
    entry = get_owned_or_404(ActivityEntry, entry_id, web.user())
    form = _edit_form(ActivityEditForm, entry)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_activity(
                web.user(), entry, row_version=_version(form), **_activity(form), now=web.now()
            ),
        )
        if ok:
            flash("Activity saved.")
            return _back(form)
    return _page("activity/activity_form.html", form, entry)


@bp.route("/activity/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete an activity session, after confirming."""
    entry = get_owned_or_404(ActivityEntry, entry_id, web.user())
    return _confirm_delete(entry, services.delete_activity, "Activity")


@bp.route("/activity/practices/new", methods=["GET", "POST"])
def practice_new():
    """Log a practice: minutes, or done for yes/no practices."""
    form = PracticeForm(practice=request.args.get("practice"), next=request.args.get("next"))
    if form.validate_on_submit():
        entry, ok = web.commit_or_show(
            form,
            lambda: services.record_practice(
                web.user(), **_practice(form), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            flash(f"{catalog.practice_label(entry.practice)} saved.")
            return _back(form)
    return _page("activity/practice_form.html", form)


@bp.route("/activity/practices/<int:entry_id>/edit", methods=["GET", "POST"])
def practice_edit(entry_id: int):
    """Edit a logged practice."""
    entry = get_owned_or_404(PracticeEntry, entry_id, web.user())
    form = _edit_form(PracticeEditForm, entry)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_practice(
                web.user(), entry, row_version=_version(form), **_practice(form), now=web.now()
            ),
        )
        if ok:
            flash("Practice saved.")
            return _back(form)
    return _page("activity/practice_form.html", form, entry)


@bp.route("/activity/practices/<int:entry_id>/delete", methods=["GET", "POST"])
def practice_delete(entry_id: int):
    """Delete a logged practice, after confirming."""
    entry = get_owned_or_404(PracticeEntry, entry_id, web.user())
    return _confirm_delete(entry, services.delete_practice, "Practice")


@bp.route("/activity/substances/new", methods=["GET", "POST"])
def substance_new():
    """Log caffeine or alcohol."""
    form = SubstanceForm(substance=request.args.get("substance"), next=request.args.get("next"))
    if form.validate_on_submit():
        entry, ok = web.commit_or_show(
            form,
            lambda: services.record_substance(
                web.user(), **_substance(form), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            item = catalog.SUBSTANCES[entry.substance]
            flash(f"{item.label}: {item.amount_text(entry.amount)} saved.")
            return _back(form)
    return _page("activity/substance_form.html", form, substances=SUBSTANCES)


@bp.route("/activity/substances/<int:entry_id>/edit", methods=["GET", "POST"])
def substance_edit(entry_id: int):
    """Edit a caffeine or alcohol entry."""
    entry = get_owned_or_404(SubstanceEntry, entry_id, web.user())
    form = _edit_form(SubstanceEditForm, entry)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_substance(
                web.user(), entry, row_version=_version(form), **_substance(form), now=web.now()
            ),
        )
        if ok:
            flash("Saved.")
            return _back(form)
    return _page("activity/substance_form.html", form, entry, substances=SUBSTANCES)


@bp.route("/activity/substances/<int:entry_id>/delete", methods=["GET", "POST"])
def substance_delete(entry_id: int):
    """Delete a caffeine or alcohol entry, after confirming."""
    entry = get_owned_or_404(SubstanceEntry, entry_id, web.user())
    return _confirm_delete(entry, services.delete_substance, "Entry")


def _confirm_delete(entry: Any, remove: Callable[[Any, Any], None], what: str) -> Any:
    """GET asks; POST deletes, commits and goes back."""
    form = ConfirmForm(next=request.args.get("next"))
    if form.validate_on_submit():
        remove(web.user(), entry)
        db.session.commit()
        flash(f"{what} deleted.")
        return _back(form)
    return _page("activity/delete.html", form, entry, item=services.timeline_item(entry))


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
