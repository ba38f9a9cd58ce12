"""Settings → Your data: download each export format, import our JSON into an empty account."""

from __future__ import annotations

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
from tracker.exports import services
from tracker.exports.forms import ImportForm
from tracker.extensions import csrf

bp = Blueprint("exports", __name__)


def _download(fmt: str) -> Response:
    d = services.export(web.user(), fmt, now=web.now())
    headers = {
        "Content-Disposition": f'attachment; filename="{d.filename}"',
        "Cache-Control": "no-store",
    }
    return Response(d.data, mimetype=d.media_type, headers=headers)


@bp.get("/settings/export/json")
@login_required
def export_json() -> Response:
    """The whole account as our JSON format (the one that imports back)."""
    return _download("json")


@bp.get("/settings/export/csv")
@login_required
def export_csv() -> Response:
    """A zip of CSV files, one per kind of record."""
    return _download("csv")


@bp.get("/settings/export/fhir")
@login_required
def export_fhir() -> Response:
    """A FHIR R4 Bundle for a clinician's system."""
    return _download("fhir")


@bp.post("/settings/import")
@csrf.exempt  # checked by the form itself, after the larger upload limit is set below
@login_required
def import_file():  # noqa: ANN201
    """Import our JSON export into this account, all of it or nothing, in one commit."""
    request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
    form = ImportForm()
    if form.validate_on_submit():
        data = form.file.data.read()
        user, now = web.user(), web.now()
        counts, ok = web.commit_or_show(form, lambda: services.import_json(user, data, now=now))
        if ok:
            flash(f"Imported {services.describe(counts or {})}.")
            return redirect(url_for("auth.settings"))
    return render_template("exports/import.html", form=form), 422


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):  # noqa: ANN201
    """A file over the import limit: say so on the import page (nothing was read)."""
    form = ImportForm(formdata=None)
    limit = current_app.config["IMPORT_MAX_BYTES"] // (1024 * 1024)
    form.file.errors = [f"The file is larger than the {limit} MB an import takes."]
    return render_template("exports/import.html", form=form), 413
