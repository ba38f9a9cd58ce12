"""Import history, undo of a batch, and uploads kept between the preview and the confirm."""

from __future__ import annotations

import json
import secrets
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import delete, func, select

from tracker.auth.models import User
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.imports.models import ImportBatch, ImportedRecord, PendingImport
from tracker.medications.models import DoseEvent, Medication
from tracker.symptoms.models import Symptom, SymptomEntry

PENDING_FOR = timedelta(days=1)  # an upload not confirmed within a day is deleted
# A created medication or symptom is kept on undo while other entries still point at it.
USED_BY = {Medication: (DoseEvent, "medication_id"), Symptom: (SymptomEntry, "symptom_id")}


def history(user: User) -> list[ImportBatch]:
    """The user's imports, newest first."""
    query = select(ImportBatch).where(ImportBatch.user_id == user.id)
    return list(db.session.scalars(query.order_by(ImportBatch.created_at.desc())))


def _models() -> dict[str, type]:
    return {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers}


def _in_use(row: Any) -> bool:
    used = USED_BY.get(type(row))
    if used is None:
        return False
    model, column = used
    query = select(func.count()).where(getattr(model, column) == row.id)
    return bool(db.session.scalar(query))


def undo(user: User, batch: ImportBatch, *, now: datetime) -> tuple[int, int]:
    """Delete what the batch added (newest first, so entries go before what they point at).

    Returns (deleted, kept): rows the user already deleted are simply gone; a medication or
    symptom the import created is kept if entries added since still use it.
    """
    if batch.undone_at is not None:
        raise Conflict("This import was already undone.")
    models = _models()
    rows = db.session.scalars(
        select(ImportedRecord)
        .where(ImportedRecord.batch_id == batch.id, ImportedRecord.user_id == user.id)
        .order_by(ImportedRecord.id.desc())
    )
    deleted = kept = 0
    for record in list(rows):
        row = db.session.get(models[record.table], record.row_id)
        if row is None or row.user_id != user.id:
            continue
        db.session.flush()  # earlier deletes first, so that `_in_use` counts what remains
        if _in_use(row):
            kept += 1
            continue
        db.session.delete(row)
        deleted += 1
    db.session.execute(delete(ImportedRecord).where(ImportedRecord.batch_id == batch.id))
    batch.undone_at = now
    db.session.flush()
    return deleted, kept


# Uploads waiting for a confirm ---------------------------------------------------------------


def keep_upload(
    user: User, source: str, filename: str, stream: IO[bytes], folder: Path, *, now: datetime
) -> PendingImport:
    """Store an uploaded file (under a random name) until the user confirms or cancels."""
    discard_stale(folder, now=now)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    with (folder / name).open("xb") as out:
        shutil.copyfileobj(stream, out, 1024 * 1024)
    pending = PendingImport(
        user_id=user.id, source=source, filename=(filename or "upload")[:200], stored_as=name,
        size=(folder / name).stat().st_size, mapping="{}", created_at=now,
    )  # fmt: skip
    db.session.add(pending)
    db.session.flush()
    return pending


def open_upload(pending: PendingImport, folder: Path) -> IO[bytes]:
    path = folder / pending.stored_as
    if not path.is_file():
        raise Invalid("The uploaded file is gone (uploads are kept for a day). Upload it again.")
    return path.open("rb")


def mapping_of(pending: PendingImport) -> dict[str, str]:
    return json.loads(pending.mapping or "{}")


def remember_mapping(pending: PendingImport, mapping: dict[str, str]) -> None:
    pending.mapping = json.dumps(mapping, ensure_ascii=False, sort_keys=True)


def discard(pending: PendingImport, folder: Path) -> None:
    """Forget an upload and delete its file."""
    (folder / pending.stored_as).unlink(missing_ok=True)
    db.session.delete(pending)
    db.session.flush()


def discard_stale(folder: Path, *, now: datetime) -> None:
    """Delete every user's uploads older than a day (their previews were never confirmed)."""
    stale = select(PendingImport).where(PendingImport.created_at < now - PENDING_FOR)
    for pending in db.session.scalars(stale).all():
        discard(pending, folder)
