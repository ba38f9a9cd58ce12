"""The import page: upload → preview and mapping → confirm; history with undo."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
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
from tracker.imports.forms import ConfirmForm, UploadForm, posted_mapping
from tracker.imports.mapping import GROUPS
from tracker.imports.models import ImportBatch, PendingImport
from tracker.imports.plan import counted, in_order

bp = Blueprint("imports", __name__)


def _folder() -> Path:
    return Path(current_app.config["IMPORT_FOLDER"])


def _page(form: UploadForm, status: int = 200) -> tuple[str, int]:
    history = batches.history(web.user())
    page = render_template(
        "imports/index.html", form=form, history=history, sources=services.SOURCES
    )
    return page, status


@bp.get("/imports")
@login_required
def index() -> tuple[str, int]:
    """Upload a file to import, and the history of imports (each can be undone)."""
    return _page(UploadForm(formdata=None))


@bp.post("/imports")
@csrf.exempt  # checked by the form itself, after the larger upload limit is set below
@login_required
def upload() -> Response | tuple[str, int]:
    """Keep the uploaded file and go to its preview; nothing is imported yet."""
    request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    file, user, now = form.file.data, web.user(), web.now()
    pending = batches.keep_upload(
        user, form.source.data, file.filename or "", file.stream, _folder(), now=now
    )
    db.session.commit()
    return redirect(url_for("imports.preview", pending_id=pending.id))


def _preview(pending: PendingImport, mapping: dict[str, str]) -> services.Preview:
    with batches.open_upload(pending, _folder()) as stream:
        return services.preview(web.user(), pending.source, stream, mapping, now=web.now())


def _show(pending: PendingImport, errors: dict | None = None, status: int = 200):  # noqa: ANN202
    mapping, error, result = batches.mapping_of(pending), None, None
    try:
        result = _preview(pending, mapping)
    except Invalid as exc:
        error = exc.message
        status = 413 if isinstance(exc, services.ImportTooLarge) else status
    db.session.rollback()
    page = render_template(
        "imports/preview.html", pending=pending, preview=result, error=error,
        errors=errors or {}, form=ConfirmForm(), sources=services.SOURCES,
        counted=counted, in_order=in_order, groups=GROUPS,
    )  # fmt: skip
    return page, 422 if error and status == 200 else status


@bp.get("/imports/<int:pending_id>")
@login_required
def preview(pending_id: int):  # noqa: ANN201
    """What the file adds, skips (with line numbers) and how each name maps."""
    return _show(get_owned_or_404(PendingImport, pending_id, web.user()))


@bp.post("/imports/<int:pending_id>")
@login_required
def confirm(pending_id: int):  # noqa: ANN201
    """Save the mapping and show the preview again, or import the file in one commit."""
    pending = get_owned_or_404(PendingImport, pending_id, web.user())
    if not ConfirmForm().validate_on_submit():
        return _show(pending, status=400)
    try:
        choices = _preview(pending, batches.mapping_of(pending)).choices
    except Invalid:
        return _show(pending)  # the file itself is refused: the page says why
    db.session.rollback()
    mapping, errors = posted_mapping(request.form, choices)
    batches.remember_mapping(pending, mapping)
    db.session.commit()
    if errors or request.form.get("action") != "import":
        return _show(pending, errors, 422) if errors else redirect(request.path)
    return _import(pending, mapping)


def _import(pending: PendingImport, mapping: dict[str, str]):  # noqa: ANN202
    user, now = web.user(), web.now()
    try:
        with batches.open_upload(pending, _folder()) as stream:
            batch, _ = services.run(
                user, pending.source, stream, pending.filename, mapping, now=now
            )
        batches.discard(pending, _folder())
        db.session.commit()
    except Invalid as exc:
        db.session.rollback()
        flash(f"Nothing was imported. {exc.message}", "error")
        return redirect(url_for("imports.preview", pending_id=pending.id))
    flash(f"Imported {batch.summary} from {pending.filename}.")
    return redirect(url_for("imports.index"))


@bp.post("/imports/<int:pending_id>/cancel")
@login_required
def cancel(pending_id: int) -> Response:
    """Forget an upload without importing it."""
    pending = get_owned_or_404(PendingImport, pending_id, web.user())
    if ConfirmForm().validate_on_submit():
        batches.discard(pending, _folder())
        db.session.commit()
        flash("The upload was deleted; nothing was imported.")
    return redirect(url_for("imports.index"))


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
