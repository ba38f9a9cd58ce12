"""Pages of the activity domain: activity sessions, practices, caffeine and alcohol."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.activity import catalog, own, services
from tracker.activity.forms import (
    ActivityEditForm,
    ActivityForm,
    ConfirmForm,
    OwnPracticeForm,
    PracticeEditForm,
    PracticeForm,
    SubstanceEditForm,
    SubstanceForm,
    practices_form,
)
from tracker.activity.models import ActivityEntry, OwnPractice, PracticeEntry, SubstanceEntry
from tracker.database import get_owned_or_404
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
    practice, own_practice_id = catalog.split_key(form.practice.data)
    return {
        "practice": practice,
        "own_practice_id": own_practice_id,
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
    saved=lambda e: f"{e.label} saved.",
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
        followed=services.followed(user),
        labels=services.practice_labels(user),
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
    form = PracticeForm(practice=args.get("practice"), next=args.get("next"))
    return PRACTICE.new(_with_choices(form))


def _with_choices(form: Any, entry: PracticeEntry | None = None) -> Any:
    """A practice form listing the user's own practices too (an entry's shown by its key)."""
    form.practice.choices = [(p.key, p.label) for p in own.all_practices(web.user())]
    if entry is not None:
        form.practice.data = entry.practice_key
    return form


def _practice_edit_form(**kwargs: Any) -> PracticeEditForm:
    return _with_choices(PracticeEditForm(**kwargs), kwargs.get("obj"))


@bp.route("/activity/practices/<int:entry_id>/edit", methods=["GET", "POST"])
def practice_edit(entry_id: int):
    """Edit a logged practice."""
    return PRACTICE.edit(entry_id, _practice_edit_form)  # type: ignore[arg-type]


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
    """Choose which practices show on Today, the listed ones and the user's own."""
    user = web.user()
    mine = own.own_practices(user)
    followed = [p.key.replace(":", "_") for p in services.followed(user)]
    form = practices_form(
        [o.as_practice for o in mine],
        data=dict.fromkeys(followed, True),
        next=request.args.get("next"),
    )
    if form.validate_on_submit():
        _, ok = web.commit_or_show(form, lambda: services.set_followed(user, form.chosen()))
        if ok:
            flash("Your practices are saved.")
            return _back(form)
    return _page(
        "activity/settings.html",
        form,
        practices=catalog.PRACTICES,
        own=mine,
        modes=catalog.MODES,
        add_form=OwnPracticeForm(formdata=None, next=request.full_path),
    )


def _own(form: OwnPracticeForm) -> dict:
    return {
        "name": form.name.data,
        "mode": form.mode.data,
        "hint": form.hint.data,
        "followed": form.followed.data,
    }


@bp.route("/activity/own/new", methods=["GET", "POST"])
def own_new():
    """Add a practice of your own."""
    form = OwnPracticeForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = web.user()
        added, ok = web.commit_or_show(
            form, lambda: own.add_own_practice(user, **_own(form), now=web.now())
        )
        if ok:
            flash(f"{added.name} is added.")
            return redirect(web.safe_next(form.next.data, url_for("activity.settings")))
    return _own_page(form)


def _own_page(form: OwnPracticeForm, practice: OwnPractice | None = None) -> Any:
    to = web.safe_next(form.next.data, url_for("activity.settings"))
    html = render_template("activity/own_form.html", form=form, practice=practice, back=to)
    return html, web.form_status()


@bp.route("/activity/own/<int:own_id>/edit", methods=["GET", "POST"])
def own_edit(own_id: int):
    """Rename an own practice, change its hint or mode, follow or unfollow it."""
    user = web.user()
    practice = get_owned_or_404(OwnPractice, own_id, user)
    if request.method == "POST":
        form = OwnPracticeForm()
    else:
        form = OwnPracticeForm(obj=practice, next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form, lambda: own.update_own_practice(user, practice, **_own(form))
        )
        if ok:
            flash(f"{practice.name} is saved.")
            return redirect(web.safe_next(form.next.data, url_for("activity.settings")))
    return _own_page(form, practice)


@bp.route("/activity/own/<int:own_id>/delete", methods=["GET", "POST"])
def own_delete(own_id: int):
    """Delete an own practice without entries, after confirming; one with entries is kept."""
    user = web.user()
    practice = get_owned_or_404(OwnPractice, own_id, user)
    form = ConfirmForm(next=request.args.get("next"))
    if form.validate_on_submit():
        name = practice.name
        _, ok = web.commit_or_show(form, lambda: own.delete_own_practice(user, practice))
        if ok:
            flash(f"{name} is deleted.")
            return redirect(url_for("activity.settings"))
    return _page(
        "activity/own_delete.html", form, practice=practice, entries=own.entry_count(practice)
    )
