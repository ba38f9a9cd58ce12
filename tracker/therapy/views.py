"""Pages of the therapy domain: the session list, log, edit, delete, and homework done."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.checkins.forms import ConfirmForm, version
from tracker.database import get_owned_or_404
from tracker.entry_views import confirm_delete
from tracker.therapy import services
from tracker.therapy.forms import HomeworkDoneForm, SessionEditForm, SessionForm, edit_data
from tracker.therapy.models import TherapySession
from tracker.timeutils import to_wall

bp = Blueprint("therapy", __name__)
bp.before_request(login_required(lambda: None))


def _next(form: SessionForm | ConfirmForm | HomeworkDoneForm) -> str:
    return web.safe_next(form.next.data, url_for("therapy.index"))


@bp.get("/therapy")
def index():
    """Every session, newest first, with its homework."""
    return render_template("therapy/index.html", sessions=services.list_sessions(web.user()))


@bp.route("/therapy/new", methods=["GET", "POST"])
def new():
    """Log a therapy session."""
    user = web.user()
    start = to_wall(web.now(), user.timezone).replace(second=0, microsecond=0)
    form = SessionForm(at=start, next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.record_session(
                user,
                form.fields(user.timezone),
                request_key=form.request_key.data,
                now=web.now(),
            ),
        )
        if ok:
            flash("Session saved.")
            return redirect(_next(form))
    return render_template("therapy/form.html", form=form, entry=None), web.form_status()


@bp.route("/therapy/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Change a logged session."""
    user = web.user()
    entry = get_owned_or_404(TherapySession, entry_id, user)
    form = SessionEditForm(data=edit_data(entry, user.timezone), next=request.args.get("next"))
    if form.validate_on_submit():
        _, ok = web.commit_or_show(
            form,
            lambda: services.update_session(
                user,
                entry,
                form.fields(user.timezone, entry.at),
                row_version=version(form.row_version.data),
                now=web.now(),
            ),
        )
        if ok:
            flash("Session saved.")
            return redirect(_next(form))
    return render_template("therapy/form.html", form=form, entry=entry), web.form_status()


@bp.route("/therapy/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete a session and its notes, after confirming."""
    form = ConfirmForm(next=request.args.get("next"))
    return confirm_delete(
        TherapySession,
        entry_id,
        form,
        deleted="Session deleted.",
        back_to=lambda: _next(form),
        asking=lambda entry: render_template(
            "therapy/delete.html", form=form, session=services.as_session(entry)
        ),
    )


@bp.post("/therapy/<int:entry_id>/homework-done")
def homework_done(entry_id: int):
    """One tap: the session's homework is done."""
    entry = get_owned_or_404(TherapySession, entry_id, web.user())
    form = HomeworkDoneForm()
    if not form.validate_on_submit():
        flash("That did not work. Reload the page and try again.", "error")
        return redirect(_next(form))
    _, ok = web.commit_or_show(
        form,
        lambda: services.mark_homework_done(
            web.user(), entry, row_version=version(form.row_version.data)
        ),
    )
    flash("Homework marked done." if ok else " ".join(form.form_errors), "ok" if ok else "error")
    return redirect(_next(form))
