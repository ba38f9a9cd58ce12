"""Pages of the symptoms domain: entries, the Today panel's saves, which ones to follow."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.auth.models import User
from tracker.database import get_owned_or_404
from tracker.entry_views import confirm_delete
from tracker.errors import Invalid
from tracker.medications.services import list_medications
from tracker.symptoms import services
from tracker.symptoms.following import all_symptoms, followed_symptoms, update_settings
from tracker.symptoms.forms import (
    ConfirmForm,
    DayForm,
    EditEntryForm,
    EntryForm,
    NewEntryForm,
    followed_form,
    settings_form,
)
from tracker.symptoms.models import SymptomEntry
from tracker.timeutils import from_wall, to_wall
from tracker.today.carry import back_to_today

bp = Blueprint("symptoms", __name__)
bp.before_request(login_required(lambda: None))


def _entry_form(form_class: type[EntryForm], user: User, **data: object) -> EntryForm:
    form = form_class(**data)
    placeholder = form_class is NewEntryForm
    form.set_choices(all_symptoms(user), list_medications(user), placeholder=placeholder)
    return form


def _edit_form(user: User, row: services.EntryRow) -> EntryForm:
    return _entry_form(
        EditEntryForm,
        user,
        **{k: getattr(row, k) for k in ("severity", "medication_id", "note", "row_version")},
        symptom=row.symptom_ref,
        at=to_wall(row.at, user.timezone),
    )


def _fields(form: EntryForm, user: User) -> services.EntryFields:
    return services.EntryFields(
        symptom=form.symptom.data,
        severity=form.severity.data,
        medication_id=form.medication_id.data,
        note=form.note.data,
        at=from_wall(form.at.data, user.timezone),
    )


def _default_at(user: User) -> datetime:
    """Now, or noon of the day in ?day= (from a back-dated Today page)."""
    try:
        day = date.fromisoformat(request.args.get("day", ""))
        return services.day_instant(user, day, web.now())[0]
    except (ValueError, Invalid):
        return web.now()


def _next() -> str:
    return request.values.get("next", "")


def _page(template: str, **context: object):  # noqa: ANN202
    back = web.safe_next(_next(), url_for("symptoms.index"))
    return render_template(template, next=_next(), back=back, **context), web.form_status()


@bp.get("/symptoms")
def index():
    """Symptom entries of the last 30 days, newest first."""
    rows = services.recent_entries(web.user(), today=web.today())
    return render_template("symptoms/index.html", rows=rows)


@bp.route("/symptoms/new", methods=["GET", "POST"])
def new():
    """Log any symptom, followed or not, now or at an earlier time."""
    user = web.user()
    at = to_wall(_default_at(user), user.timezone)
    form = _entry_form(NewEntryForm, user, symptom=request.args.get("symptom"), at=at)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.log_symptom(
                user, _fields(form, user), now=web.now(), request_key=form.request_key.data
            ),
        )
        if ok:
            flash("Symptom saved.")
            return redirect(web.safe_next(_next(), url_for("symptoms.index")))
    return _page("symptoms/form.html", form=form, entry=None)


@bp.route("/symptoms/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Edit a symptom entry."""
    user = web.user()
    entry = get_owned_or_404(SymptomEntry, entry_id, user)
    row = services.entry_row(user, entry)
    form = _edit_form(user, row)
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_entry(
                user, entry, _fields(form, user), now=web.now(), row_version=form.row_version.data
            ),
        )
        if ok:
            flash("Symptom entry saved.")
            return redirect(web.safe_next(_next(), url_for("symptoms.index")))
    return _page("symptoms/form.html", form=form, entry=row)


@bp.route("/symptoms/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete a symptom entry, after confirming."""
    user, form = web.user(), ConfirmForm()
    return confirm_delete(
        SymptomEntry,
        entry_id,
        form,
        deleted=lambda entry: f"{services.entry_row(user, entry).symptom} entry deleted.",
        back_to=lambda: web.safe_next(_next(), url_for("symptoms.index")),
        asking=lambda entry: _page(
            "symptoms/delete.html", form=form, entry=services.entry_row(user, entry)
        ),
    )


@bp.route("/symptoms/settings", methods=["GET", "POST"])
def settings():
    """Choose which symptoms to follow on Today; add your own."""
    user = web.user()
    form = settings_form(all_symptoms(user))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: update_settings(user, followed=form.followed(), new_name=form.new_name.data),
        )
        if ok:
            flash("Saved. Followed symptoms show on the Today page.")
            return redirect(url_for("symptoms.settings"))
    return render_template("symptoms/settings.html", form=form), web.form_status()


def _back_to_day(form: DayForm, ok: bool, message: str):  # noqa: ANN202
    if not ok:
        errors = form.form_errors + [f"{f.label.text}: {e}" for f in form for e in f.errors]
        message = " ".join(errors) or "That did not work; please try again."
    day = form.day.data.isoformat() if form.day.data else None
    return back_to_today(form, ok, message, url_for("today.show", day=day))


@bp.post("/symptoms/today")
def record_today():
    """Save the Today panel: a new entry for each followed symptom given a value."""
    user = web.user()
    form = followed_form(followed_symptoms(user))
    saved, ok = None, False
    if form.validate_on_submit():
        saved, ok = web.commit_or_show(
            form,
            lambda: services.record_followed(
                user, form.values(), form.day.data, web.now(), form.request_key.data
            ),
        )
    message = "Side effects saved." if saved else "Nothing new: these values are already saved."
    return _back_to_day(form, ok, message)


@bp.post("/symptoms/same-as-yesterday")
def same_as_yesterday():
    """Copy yesterday's latest value of each followed symptom into the day shown."""
    user = web.user()
    form = DayForm()
    saved, ok = None, False
    if form.validate_on_submit():
        saved, ok = web.commit_or_show(
            form,
            lambda: services.same_as_yesterday(
                user, form.day.data, web.now(), form.request_key.data
            ),
        )
    count = len(saved or [])
    return _back_to_day(form, ok, f"Copied {count} side effect{'' if count == 1 else 's'}.")
