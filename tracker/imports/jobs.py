"""Imports as jobs: the upload request stores the file and enqueues `import.preview` (read,
plan and check the whole file, store the preview once); the confirm enqueues `import.apply`
(the same reading, then one short write). One import job per user at a time."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

from flask import current_app

from tracker.auth.models import User
from tracker.errors import Conflict
from tracker.extensions import db
from tracker.imports import batches, limits, services
from tracker.imports.models import PendingImport
from tracker.jobs import services as jobs
from tracker.jobs.models import Job

PREVIEW, APPLY = "import.preview", "import.apply"
BUSY = "An import is already running; wait for it to finish (or cancel it) first."


def _folder() -> Path:
    return Path(current_app.config["IMPORT_FOLDER"])


def _start(user: User, pending: PendingImport, kind: str, *, now: datetime) -> Job:
    if jobs.active_jobs(user, "import."):
        raise Conflict(BUSY)
    job = jobs.enqueue(user, kind, {"pending_id": pending.id}, now=now)
    pending.job_id = job.id
    db.session.flush()
    return job


def start_preview(user: User, pending: PendingImport, *, now: datetime) -> Job:
    """Enqueue the reading of an upload (the caller commits, then dispatches the job)."""
    pending.preview = None
    return _start(user, pending, PREVIEW, now=now)


def start_apply(user: User, pending: PendingImport, *, now: datetime) -> Job:
    """Enqueue the import of an upload with its saved mapping (the caller commits)."""
    return _start(user, pending, APPLY, now=now)


def _pending(job: Job) -> PendingImport:
    pending = db.session.get(PendingImport, jobs.payload(job)["pending_id"])
    if pending is None or pending.user_id != job.user_id:
        raise services.Invalid("The upload was deleted.")
    return pending


def _reader(pending: PendingImport, progress: jobs.Progress):  # noqa: ANN202
    """The upload, zip limits checked, read with its bytes reported."""
    stream = batches.open_upload(pending, _folder())
    config = current_app.config

    def report(done: int, total: int) -> None:
        progress(bytes_done=done, bytes_total=total, message="Reading the file…")

    limits.check_zip(
        stream, max_bytes=config["IMPORT_ZIP_MAX_BYTES"], ratio=config["IMPORT_ZIP_MAX_RATIO"],
        report=lambda done, total: progress(message="Checking the zip…", bytes_done=done,
                                            bytes_total=total),
    )  # fmt: skip
    return limits.Counting(stream, report)


def _rows(progress: jobs.Progress):  # noqa: ANN202
    def report(done: int, total: int) -> None:
        progress(rows_done=done, rows_total=total, message="Checking each entry…")

    return report


def run_preview(job: Job, progress: jobs.Progress, now: datetime) -> str:
    """Read, plan and check the upload; store the preview on it."""
    pending = _pending(job)
    user = db.session.get(User, job.user_id)
    with _reader(pending, progress) as stream:
        result = services.preview(
            user, pending.source, stream, batches.mapping_of(pending), now=now,
            progress=_rows(progress),
        )  # fmt: skip
    db.session.rollback()  # an own export's trial import; nothing else was written
    pending = _pending(job)
    job = db.session.get(Job, job.id)
    pending.preview = services.to_json(result)
    job.rows_done = job.rows_total = result.rows
    return "The preview is ready."


def preview_stopped(job: Job, message: str) -> None:
    """A preview that failed or was cancelled shows the job's message instead."""


def run_apply(job: Job, progress: jobs.Progress, now: datetime) -> str:
    """Read and check the upload (no write lock), then write it in one short transaction."""
    pending = _pending(job)
    user = db.session.get(User, job.user_id)
    mapping = batches.mapping_of(pending)
    with _reader(pending, progress) as stream:
        if pending.source in services.OWN:
            batch, result = services.run(user, pending.source, stream, pending.filename, mapping,
                                         now=now)  # fmt: skip
        else:
            planned, prepared = services.stage(
                user, pending.source, stream, mapping, now=now, progress=_rows(progress)
            )
            done = len(planned.actions)
            progress(force=True, rows_done=done, rows_total=done, message="Adding…")
            started = time.perf_counter()
            batch, result = services.write_staged(user, planned, prepared, pending.filename,
                                                  now=now)  # fmt: skip
            job.result = json.dumps({"write_seconds": round(time.perf_counter() - started, 3)})
    filename = pending.filename
    batches.discard(pending, _folder())
    if batch is None:
        return f"Nothing new in {filename}: nothing was added."
    job.result = json.dumps({**jobs.result(job), "batch_id": batch.id, "summary": batch.summary})
    return f"Imported {batch.summary} from {filename}."


def apply_stopped(job: Job, message: str) -> None:
    """A failed or cancelled import wrote nothing (its one transaction was rolled back); the
    upload stays for another try."""


def cancel(user: User, job: Job, *, now: datetime) -> None:
    """Cancel an import job: at once while queued, at its next progress report when running."""
    jobs.cancel(user, job, now=now)
    pending = db.session.scalar(db.select(PendingImport).where(PendingImport.job_id == job.id))
    if pending is not None and job.kind == PREVIEW and job.state == "cancelled":
        pending.preview = None


def busy(user: User) -> bool:
    """Whether one of the user's imports is queued or running."""
    return bool(jobs.active_jobs(user, "import."))


def current_job(pending: PendingImport) -> Job | None:
    return db.session.get(Job, pending.job_id) if pending.job_id else None


def stored_preview(pending: PendingImport) -> services.Preview | None:
    """The preview its job stored (None while it is being read, or if reading failed)."""
    return services.from_json(pending.preview) if pending.preview else None


def still_missing(preview: services.Preview, mapping: dict[str, str]) -> list[str]:
    """The names the mapping still leaves without a meaning."""
    return [c.name for c in preview.choices if not (mapping.get(c.key) or c.value)]


def confirm(
    user: User,
    pending: PendingImport,
    stored: services.Preview,
    mapping: dict[str, str],
    *,
    importing: bool,
    now: datetime,
) -> Job:
    """Keep the mapping, then queue the import (refused while a name has no meaning) or a new
    preview with it (the caller commits, then dispatches)."""
    batches.remember_mapping(pending, mapping)
    missing = still_missing(stored, mapping)
    if importing and missing:
        names = ", ".join(f"“{name}”" for name in missing)
        raise services.Invalid(f"Choose what these mean before importing: {names}.", "mapping")
    try:
        return (start_apply if importing else start_preview)(user, pending, now=now)
    except Conflict as exc:
        raise services.Invalid(exc.message, "job") from exc
