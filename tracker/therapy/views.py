"""Pages of the therapy domain: the session list, log, edit, delete, and homework done."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from tracker import web
from tracker.checkins.forms import ConfirmForm, version
from tracker.database import get_owned_or_404
from tracker.entry_views import EntryPages, wall_now
from tracker.therapy import services
from tracker.therapy.forms import HomeworkDoneForm, SessionEditForm, SessionForm, edit_data
from tracker.therapy.models import TherapySession

bp = Blueprint("therapy", __name__)
bp.before_request(login_required(lambda: None))


def _next(form: SessionForm | ConfirmForm | HomeworkDoneForm) -> str:
    return web.safe_next(form.next.data, url_for("therapy.index"))


def _fields(form: SessionForm, entry: TherapySession | None = None) -> dict:
    return {"fields": form.fields(web.user().timezone, entry.at if entry else None)}


SESSIONS = EntryPages(
    TherapySession,
    "therapy/form.html",
    "therapy.index",
    _fields,
    record=services.record_session,
    update=services.update_session,
    saved=lambda _: "Session saved.",
    edited="Session saved.",
    deleted="Session deleted.",
    confirm=ConfirmForm,
    delete_template="therapy/delete.html",
    item=services.as_session,
    edit_data=lambda entry: edit_data(entry, web.user().timezone),
    edit_fields=_fields,
    item_name="session",
)


@bp.get("/therapy")
def index():
    """Every session, newest first, with its homework."""
    return render_template("therapy/index.html", sessions=services.list_sessions(web.user()))


@bp.route("/therapy/new", methods=["GET", "POST"])
def new():
    """Log a therapy session."""
    return SESSIONS.new(SessionForm(at=wall_now(), next=request.args.get("next")))


@bp.route("/therapy/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Change a logged session."""
    return SESSIONS.edit(entry_id, SessionEditForm)


@bp.route("/therapy/<int:entry_id>/delete", methods=["GET", "POST"])
def delete(entry_id: int):
    """Delete a session and its notes, after confirming."""
    return SESSIONS.delete(entry_id)


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
