"""The import page: upload → (a job reads the file) → preview and mapping → confirm → (a job
imports it); history with undo. Requests only store, enqueue and show what jobs recorded."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from tracker import web
from tracker.database import get_owned_or_404
from tracker.errors import Conflict, Invalid
from tracker.extensions import csrf, db
from tracker.imports import batches, services
from tracker.imports import jobs as import_jobs
from tracker.imports.forms import ConfirmForm, UploadForm, posted_mapping
from tracker.imports.mapping import GROUPS
from tracker.imports.models import ImportBatch, PendingImport
from tracker.imports.plan import counted, in_order
from tracker.jobs import services as jobs
from tracker.jobs.models import Job

bp = Blueprint("imports", __name__)


def _folder() -> Path:
    return Path(current_app.config["IMPORT_FOLDER"])


def _page(form: UploadForm, status: int = 200) -> tuple[str, int]:
    user = web.user()
    page = render_template(
        "imports/index.html", form=form, history=batches.history(user),
        running=jobs.active_jobs(user, "import."), sources=services.SOURCES,
    )  # fmt: skip
    return page, status


@bp.get("/imports")
@login_required
def index() -> tuple[str, int]:
    """Upload a file to import, imports running now, and the history (each can be undone)."""
    return _page(UploadForm(formdata=None))


@bp.post("/imports")
@csrf.exempt  # checked by the form itself, after the larger upload limit is set below
@login_required
def upload() -> Response | tuple[str, int]:
    """Store the uploaded file and enqueue its reading; nothing is imported yet."""
    request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
    form, user, now = UploadForm(), web.user(), web.now()
    if not form.validate_on_submit():
        return _page(form, 422)
    if import_jobs.busy(user):
        form.file.errors = [import_jobs.BUSY]
        return _page(form, 409)
    try:
        pending = batches.keep_upload(
            user, form.source.data, form.file.data.filename or "", form.file.data.stream,
            _folder(), quota=current_app.config["IMPORT_USER_QUOTA_BYTES"], now=now,
        )  # fmt: skip
    except Invalid as exc:
        db.session.commit()  # older uploads deleted to make room stay deleted
        form.file.errors = [exc.message]
        return _page(form, 413)
    job = import_jobs.start_preview(user, pending, now=now)
    db.session.commit()
    jobs.dispatch(job)
    return redirect(url_for("imports.preview", pending_id=pending.id))


def _show(pending: PendingImport, errors: dict | None = None, status: int = 200):  # noqa: ANN202
    job = import_jobs.current_job(pending)
    result = import_jobs.stored_preview(pending)
    failed = job is not None and job.state == "failed" and job.kind == import_jobs.PREVIEW
    error = job.message if failed else None
    page = render_template(
        "imports/preview.html", pending=pending, preview=result, job=job, error=error,
        errors=errors or {}, form=ConfirmForm(), sources=services.SOURCES,
        counted=counted, in_order=in_order, groups=GROUPS, status=jobs.status,
    )  # fmt: skip
    return page, 422 if error and status == 200 else status


@bp.get("/imports/<int:pending_id>")
@login_required
def preview(pending_id: int):  # noqa: ANN201
    """The preview the job stored: what the file adds, skips and how each name maps; while
    the job reads the file, its progress."""
    return _show(get_owned_or_404(PendingImport, pending_id, web.user()))


@bp.post("/imports/<int:pending_id>")
@login_required
def confirm(pending_id: int):  # noqa: ANN201
    """Save the mapping and read the file again with it, or enqueue the import."""
    user, now = web.user(), web.now()
    pending = get_owned_or_404(PendingImport, pending_id, user)
    stored = import_jobs.stored_preview(pending)
    if stored is None:  # still being read, or it could not be: the page says which
        return _show(pending)
    if not ConfirmForm().validate_on_submit():
        return _show(pending, status=400)
    mapping, errors = posted_mapping(request.form, stored.choices)
    if errors:
        return _show(pending, errors, 422)
    importing = request.form.get("action") == "import"
    try:
        job = import_jobs.confirm(user, pending, stored, mapping, importing=importing, now=now)
    except Invalid as exc:  # a name still to map (the mapping is kept), or an import running
        if exc.field == "mapping":
            db.session.commit()
        else:
            db.session.rollback()
        flash(f"Nothing was imported. {exc.message}", "error")
        return redirect(request.path)
    db.session.commit()
    jobs.dispatch(job)
    return redirect(url_for("imports.job", job_id=job.id) if importing else request.path)


@bp.post("/imports/<int:pending_id>/cancel")
@login_required
def cancel(pending_id: int) -> Response:
    """Forget an upload without importing it (stopping the job reading it)."""
    pending = get_owned_or_404(PendingImport, pending_id, web.user())
    if ConfirmForm().validate_on_submit():
        job = import_jobs.current_job(pending)
        if job is not None and job.active:
            import_jobs.cancel(web.user(), job, now=web.now())
        batches.discard(pending, _folder())
        db.session.commit()
        flash("The upload was deleted; nothing was imported.")
    return redirect(url_for("imports.index"))


@bp.get("/imports/jobs/<int:job_id>")
@login_required
def job(job_id: int) -> str:
    """An import job's progress (refreshed while it runs) and how it ended."""
    found = get_owned_or_404(Job, job_id, web.user())
    return render_template("imports/job.html", job=found, status=jobs.status)


@bp.get("/imports/jobs/<int:job_id>.json")
@login_required
def job_status(job_id: int) -> Response:
    """The job's state and progress, for the page's script."""
    response = jsonify(jobs.status(get_owned_or_404(Job, job_id, web.user())))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/imports/jobs/<int:job_id>/cancel")
@login_required
def cancel_job(job_id: int) -> Response:
    """Stop an import job; whatever it read is dropped and nothing is added."""
    found = get_owned_or_404(Job, job_id, web.user())
    if ConfirmForm().validate_on_submit() and found.active:
        import_jobs.cancel(web.user(), found, now=web.now())
        db.session.commit()
        flash("Cancelling: nothing will be added.")
    return redirect(url_for("imports.job", job_id=found.id))


@bp.post("/imports/batches/<int:batch_id>/undo")
@login_required
def undo(batch_id: int) -> Response:
    """Delete everything one import added, as one change."""
    batch = get_owned_or_404(ImportBatch, batch_id, web.user())
    if ConfirmForm().validate_on_submit():
        try:
            deleted, kept = batches.undo(web.user(), batch, now=web.now())
            db.session.commit()
            extra = f" {kept} kept: entries added since still use them." if kept else ""
            flash(f"Undid the import of {batch.filename}: {deleted} records deleted.{extra}")
        except Conflict as exc:
            db.session.rollback()
            flash(exc.message)
    return redirect(url_for("imports.index"))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """A file over the upload limit: say so on the import page (nothing was kept)."""
    form = UploadForm(formdata=None)
    limit = current_app.config["IMPORT_MAX_BYTES"] // (1024 * 1024)
    form.file.errors = [f"The file is larger than the {limit} MB an import takes."]
    return _page(form, 413)
