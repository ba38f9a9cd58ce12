"""Pages of the appointments domain: the list, add/edit/delete, and the questions for a visit."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from tracker import entries, web
from tracker.appointments import questions, services
from tracker.appointments.forms import (
    AppointmentEditForm,
    AppointmentForm,
    AskedForm,
    QuestionEditForm,
    QuestionForm,
    appointment_data,
    asked_data,
    question_data,
)
from tracker.appointments.models import Appointment, Question
from tracker.checkins.forms import ConfirmForm, version
from tracker.database import get_owned_or_404
from tracker.extensions import db

bp = Blueprint("appointments", __name__)
bp.before_request(login_required(lambda: None))


def _next(form: FlaskForm) -> str:
    return web.safe_next(form.next.data, url_for("appointments.index"))


def _saved(message: str, form: FlaskForm) -> Response:
    flash(message)
    return redirect(_next(form))


@bp.get("/appointments")
def index():
    """Questions for the next visit, upcoming appointments, then past ones with their notes."""
    page = services.overview(web.user(), today=web.today())
    form = QuestionForm(formdata=None, next=url_for("appointments.index"))
    return render_template("appointments/index.html", page=page, form=form, today=web.today())


@bp.route("/appointments/new", methods=["GET", "POST"])
def new():
    """Add a past or upcoming appointment."""
    user = web.user()
    form = AppointmentForm(day=web.today(), next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.record_appointment(
                user, form.fields(), request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            return _saved("Appointment saved.", form)
    return render_template("appointments/form.html", form=form, entry=None), web.form_status()


@bp.route("/appointments/<int:appointment_id>/edit", methods=["GET", "POST"])
def edit(appointment_id: int):
    """Change an appointment or write its notes afterwards."""
    user = web.user()
    entry = get_owned_or_404(Appointment, appointment_id, user)
    form = AppointmentEditForm(data=appointment_data(entry), next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_appointment(
                user,
                entry,
                form.fields(),
                row_version=version(form.row_version.data),
                now=web.now(),
            ),
        )
        if ok:
            return _saved("Appointment saved.", form)
    return render_template("appointments/form.html", form=form, entry=entry), web.form_status()


@bp.route("/appointments/<int:appointment_id>/delete", methods=["GET", "POST"])
def delete(appointment_id: int):
    """Delete an appointment and its notes, after confirming."""
    user = web.user()
    entry = get_owned_or_404(Appointment, appointment_id, user)
    form = ConfirmForm(next=request.args.get("next"))
    if form.validate_on_submit():
        entries.delete_entry(user, Appointment, entry.id)
        db.session.commit()
        return _saved("Appointment deleted.", form)
    asked = services.questions_asked_at(user, entry.id)
    return render_template(
        "appointments/delete.html", form=form, appointment=services.as_view(entry), asked=asked
    )


@bp.route("/appointments/questions/new", methods=["GET", "POST"])
def question_new():
    """Add a question for the next visit (the Today page's small form posts here)."""
    user = web.user()
    form = QuestionForm(next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: questions.add_question(
                user, form.text.data, request_key=form.request_key.data, now=web.now()
            ),
        )
        if ok:
            return _saved("Question saved for your next visit.", form)
    return render_template("appointments/question_new.html", form=form), web.form_status()


@bp.route("/appointments/questions/<int:question_id>/asked", methods=["GET", "POST"])
def question_asked(question_id: int):
    """Mark a question asked: at which visit, and a short note of the answer."""
    user, today = web.user(), web.today()
    entry = get_owned_or_404(Question, question_id, user)
    latest = services.last_appointment(user, today=today, kind=None)
    form = AskedForm(data=asked_data(entry, latest), next=request.args.get("next"))
    form.with_visits(services.recent_appointments(user, today=today, keep=entry.appointment_id))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: questions.mark_asked(
                user,
                entry,
                appointment_id=form.visit_id(),
                answer=form.answer.data,
                row_version=version(form.row_version.data),
                now=web.now(),
            ),
        )
        if ok:
            return _saved("Question marked asked.", form)
    context = {"form": form, "question": services.as_question(entry)}
    return render_template("appointments/question_asked.html", **context), web.form_status()


@bp.route("/appointments/questions/<int:question_id>/edit", methods=["GET", "POST"])
def question_edit(question_id: int):
    """Change a question's wording, where it was asked and its answer, or reopen it."""
    user, today = web.user(), web.today()
    entry = get_owned_or_404(Question, question_id, user)
    form = QuestionEditForm(data=question_data(entry), next=request.args.get("next"))
    form.with_visits(services.recent_appointments(user, today=today, keep=entry.appointment_id))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: questions.update_question(
                user,
                entry,
                form.fields(),
                row_version=version(form.row_version.data),
                now=web.now(),
            ),
        )
        if ok:
            return _saved("Question saved.", form)
    context = {"form": form, "question": services.as_question(entry)}
    return render_template("appointments/question_edit.html", **context), web.form_status()


@bp.route("/appointments/questions/<int:question_id>/delete", methods=["GET", "POST"])
def question_delete(question_id: int):
    """Delete a question, after confirming."""
    user = web.user()
    entry = get_owned_or_404(Question, question_id, user)
    form = ConfirmForm(next=request.args.get("next"))
    if form.validate_on_submit():
        entries.delete_entry(user, Question, entry.id)
        db.session.commit()
        return _saved("Question deleted.", form)
    context = {"form": form, "question": services.as_question(entry)}
    return render_template("appointments/question_delete.html", **context)
