"""Settings → Your data: download each export format (imports are on the import page)."""

from __future__ import annotations

from flask import Blueprint, Response
from flask_login import login_required

from tracker import web
from tracker.auth.guard import recent_password_required
from tracker.exports import services

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
@recent_password_required()
def export_json() -> Response:
    """The whole account as our JSON format (the one that imports back)."""
    return _download("json")


@bp.get("/settings/export/csv")
@login_required
@recent_password_required()
def export_csv() -> Response:
    """A zip of CSV files, one per kind of record."""
    return _download("csv")


@bp.get("/settings/export/fhir")
@login_required
@recent_password_required()
def export_fhir() -> Response:
    """A FHIR R4 Bundle for a clinician's system."""
    return _download("fhir")
