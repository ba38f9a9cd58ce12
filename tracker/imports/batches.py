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
CHUNK = 500  # ids per DELETE ... IN (...), well under every database's parameter limit
# A created medication or symptom is kept on undo while other entries still point at it.
USED_BY = {Medication: (DoseEvent, "medication_id"), Symptom: (SymptomEntry, "symptom_id")}


class UploadOverQuota(Invalid):
    """A file larger than the uploads one account may keep."""


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


def _grouped(user: User, batch: ImportBatch) -> dict[str, list[int]]:
    """The batch's rows by table, newest first: entries come before what they point at."""
    rows = db.session.execute(
        select(ImportedRecord.table, ImportedRecord.row_id)
        .where(ImportedRecord.batch_id == batch.id, ImportedRecord.user_id == user.id)
        .order_by(ImportedRecord.id.desc())
    )
    grouped: dict[str, list[int]] = {}
    for table, row_id in rows:
        grouped.setdefault(table, []).append(row_id)
    return grouped


def _delete_rows(user: User, model: type, ids: list[int]) -> int:
    """Delete plain entries in bulk (rows the user already deleted are simply gone)."""
    table, deleted = model.__table__, 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = delete(table).where(table.c.id.in_(chunk), table.c.user_id == user.id)
        deleted += db.session.execute(query).rowcount
    return deleted


def _delete_kept(user: User, model: type, ids: list[int]) -> tuple[int, int]:
    """Delete created medications and symptoms unless entries added since still use them."""
    deleted = kept = 0
    for row_id in ids:
        row = db.session.get(model, row_id)
        if row is None or row.user_id != user.id:
            continue
        db.session.flush()  # earlier deletes first, so that `_in_use` counts what remains
        if _in_use(row):
            kept += 1
            continue
        db.session.delete(row)
        deleted += 1
    return deleted, kept


def undo(user: User, batch: ImportBatch, *, now: datetime) -> tuple[int, int]:
    """Delete what the batch added, symptoms and medications it created included.

    Returns (deleted, kept): rows the user already deleted are simply gone; a medication or
    symptom the import created is kept if entries added since still use it.
    """
    from tracker.imports.apply import mark_moved

    if batch.undone_at is not None:
        raise Conflict("This import was already undone.")
    models = _models()
    deleted = kept = 0
    grouped = _grouped(user, batch)
    for name, ids in grouped.items():
        model = models[name]
        if model in USED_BY:
            gone, stayed = _delete_kept(user, model, ids)
            deleted, kept = deleted + gone, kept + stayed
        else:
            deleted += _delete_rows(user, model, ids)
    db.session.execute(delete(ImportedRecord).where(ImportedRecord.batch_id == batch.id))
    batch.undone_at = now
    mark_moved(user, set(grouped))
    db.session.flush()
    return deleted, kept


# Uploads waiting for a confirm ---------------------------------------------------------------


def keep_upload(
    user: User,
    source: str,
    filename: str,
    stream: IO[bytes],
    folder: Path,
    *,
    now: datetime,
    quota: int = 1024**3,
) -> PendingImport:
    """Store an uploaded file (under a random name) until the user confirms or cancels; the
    user's oldest waiting uploads are deleted to keep theirs within `quota` bytes."""
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
    _make_room(user, pending, folder, quota)
    return pending


def _make_room(user: User, new: PendingImport, folder: Path, quota: int) -> None:
    if new.size > quota:
        discard(new, folder)
        raise UploadOverQuota(
            f"The file is larger than the {quota // (1024 * 1024):,} MB of uploads an "
            "account may keep.",
            "file",
        )
    waiting = db.session.scalars(
        select(PendingImport)
        .where(PendingImport.user_id == user.id, PendingImport.id != new.id)
        .order_by(PendingImport.created_at, PendingImport.id)
    ).all()
    total = new.size + sum(p.size for p in waiting)
    for old in waiting:
        if total <= quota:
            break
        if old.job_id is not None and _busy(old.job_id):
            continue
        total -= old.size
        discard(old, folder)


def _busy(job_id: int) -> bool:
    from tracker.jobs.models import ACTIVE, Job

    return db.session.scalar(select(Job.state).where(Job.id == job_id)) in ACTIVE


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
        if pending.job_id is None or not _busy(pending.job_id):
            discard(pending, folder)
