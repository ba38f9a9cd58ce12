"""Dose actions: taken, skipped, as needed (with its confirmation), edit and delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for

from tracker import entries, web
from tracker.database import get_owned_or_404
from tracker.errors import Invalid, NeedsConfirmation
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications.as_needed import record_as_needed
from tracker.medications.forms import (
    AsNeededForm,
    ConfirmForm,
    DoseEditForm,
    SkipForm,
    TakeForm,
)
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.views import bp
from tracker.timeutils import clock_time, from_wall, to_wall


def _save_slot(form: TakeForm | SkipForm, record: Callable[..., object], message: str):  # noqa: ANN202 - a Flask response
    """Validate a dose slot's form, record it through `record` (a doses service taking the
    user and the medication, then the slot's fields) in one commit, and go back to the day.
    `message` is formatted with the medication's name and the slot's time."""
    if not form.validate_on_submit():
        return _dose_form_failed(form)
    user = web.user()
    med = get_owned_or_404(Medication, form.medication_id.data, user)
    _, ok = web.commit_or_show(form, lambda: record(user, med))
    at = clock_time(form.at.data, user.clock)
    return _back_to_day(form, ok, message.format(name=med.name, at=at))


@bp.post("/doses/take")
def take():
    """Mark a scheduled dose taken (now, or at the time entered)."""
    form = TakeForm()
    return _save_slot(
        form,
        lambda user, med: doses.record_scheduled(
            user,
            med,
            day=form.day.data,
            at=form.at.data,
            action="taken",
            taken_at=from_wall(form.taken_at.data, user.timezone),
            amount=form.amount.data,
            request_key=form.request_key.data,
            now=web.now(),
        ),
        "{name} {at} marked taken.",
    )


@bp.post("/doses/take-at-scheduled")
def take_at_scheduled():
    """Mark a scheduled dose taken at its scheduled time: on time, though logged later."""
    form = TakeForm()
    return _save_slot(
        form,
        lambda user, med: doses.take_at_scheduled_time(
            user,
            med,
            day=form.day.data,
            at=form.at.data,
            amount=form.amount.data,
            request_key=form.request_key.data,
            now=web.now(),
        ),
        "{name} {at} marked taken at {at}.",
    )


@bp.post("/doses/skip")
def skip():
    """Mark a scheduled dose skipped, with an optional reason."""
    form = SkipForm()
    return _save_slot(
        form,
        lambda user, med: doses.record_scheduled(
            user,
            med,
            day=form.day.data,
            at=form.at.data,
            action="skipped",
            taken_at=None,
            reason=form.reason.data,
            request_key=form.request_key.data,
            now=web.now(),
        ),
        "{name} {at} marked skipped.",
    )


def _back_to_day(form, ok: bool, message: str):  # noqa: ANN001, ANN202
    flash(
        message if ok else " ".join(form.form_errors + [e for f in form for e in f.errors]),
        "ok" if ok else "error",
    )
    return redirect(url_for("today.show", day=form.day.data.isoformat()))


def _dose_form_failed(form):  # noqa: ANN001, ANN202
    errors = [f"{f.label.text}: {e}" for f in form for e in f.errors]
    flash(" ".join(errors) or "That did not work; please try again.", "error")
    return redirect(url_for("today.show"))


@bp.post("/doses/as-needed")
def as_needed():
    """Log an as-needed dose; a dose past a limit asks for confirmation first."""
    form = AsNeededForm()
    user = web.user()
    med = get_owned_or_404(Medication, form.medication_id.data, user)
    if form.validate_on_submit():
        taken_at = from_wall(form.taken_at.data, user.timezone) or web.now()
        try:
            record_as_needed(
                user,
                med,
                taken_at=taken_at,
                amount=form.amount.data,
                reason=form.reason.data,
                note=form.note.data,
                confirmed=form.confirmed.data == "yes",
                request_key=form.request_key.data,
                now=web.now(),
            )
            db.session.commit()
            flash(f"{med.name} logged.")
            return redirect(url_for("today.show"))
        except NeedsConfirmation as exc:
            db.session.rollback()
            return _ask_to_confirm(form, med, to_wall(taken_at, user.timezone), exc.warnings)
        except Invalid as exc:
            db.session.rollback()
            web.place_error(form, exc)
    return render_template("doses/as_needed.html", form=form, med=med), 422


def _ask_to_confirm(form: AsNeededForm, med: Medication, wall: datetime, warnings: list[str]):  # noqa: ANN202
    """The same dose again, with what it would pass, and a button to log it anyway."""
    form.taken_at.data, form.taken_at.raw_data = wall, None  # a later confirm keeps this time
    page = render_template("doses/confirm_as_needed.html", form=form, med=med, warnings=warnings)
    return page, 409


def _history(med: Medication) -> str:
    return url_for("medications.history", med_id=med.id)


@bp.route("/doses/<int:dose_id>/edit", methods=["GET", "POST"])
def edit_dose(dose_id: int):
    """Edit a logged dose: time, amount, status, reason, how much it helped."""
    user = web.user()
    event = get_owned_or_404(DoseEvent, dose_id, user)
    med = db.session.get(Medication, event.medication_id)
    form = DoseEditForm(obj=event)
    if request.method == "GET" and event.taken_at:
        form.taken_at.data = to_wall(event.taken_at, user.timezone)
    if form.validate_on_submit():
        taken_at = from_wall(form.taken_at.data, user.timezone)
        _, ok = web.commit_or_show(
            form,
            lambda: doses.update_dose(
                user,
                event,
                row_version=int(form.row_version.data),
                action=form.action.data,
                taken_at=taken_at,
                amount=form.amount.data,
                reason=form.reason.data,
                note=form.note.data,
                helped=form.helped.data,
                now=web.now(),
            ),
        )
        if ok:
            flash("Dose saved.")
            return redirect(web.safe_next(request.args.get("next"), _history(med)))
    back = web.safe_next(request.args.get("next"), _history(med))
    return render_template("doses/edit.html", form=form, event=event, med=med, back=back), (
        web.form_status()
    )


@bp.route("/doses/<int:dose_id>/delete", methods=["GET", "POST"])
def delete_dose(dose_id: int):
    """Delete a logged dose, after confirming."""
    event = get_owned_or_404(DoseEvent, dose_id, web.user())
    med = db.session.get(Medication, event.medication_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        entries.delete_entry(web.user(), DoseEvent, event.id)
        db.session.commit()
        flash("Dose deleted.")
        return redirect(web.safe_next(request.args.get("next"), _history(med)))
    back = web.safe_next(request.args.get("next"), _history(med))
    return render_template("doses/delete.html", form=form, event=event, med=med, back=back)
