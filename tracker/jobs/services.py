"""Jobs as services: enqueue (the caller commits, then `dispatch`), claim atomically, report
progress, cancel, stop what runs too long, and the status the pages poll.

On the embedded default a `tracker worker` process claims queued rows of the jobs table; with
REDIS_URL configured the job's id is also put on an RQ queue, whose worker runs the same code.
Either way the row holds the state and progress, so the pages read one place.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.jobs.models import ACTIVE, Job

QUEUE = "tracker"
log = logging.getLogger(__name__)


class JobStopped(Exception):  # noqa: N818 - a stop, not an error of the job's own
    """The job must stop now and leave nothing behind."""

    state = "failed"
    message = "Stopped."


class Cancelled(JobStopped):
    state = "cancelled"
    message = "Cancelled; nothing was added."


class TimedOut(JobStopped):
    state = "failed"

    def __init__(self, minutes: int) -> None:
        super().__init__()
        self.message = f"Stopped after {minutes} minutes; nothing was added."


def enqueue(user: User, kind: str, payload: dict[str, Any], *, now: datetime) -> Job:
    """A queued job for `user` (flushed; the caller commits, then calls `dispatch`)."""
    job = Job(
        user_id=user.id, kind=kind, state="queued", payload=json.dumps(payload), result="{}",
        message="Waiting for its turn…", created_at=now,
    )  # fmt: skip
    db.session.add(job)
    db.session.flush()
    return job


def dispatch(job: Job) -> None:
    """Hand a committed job to RQ when Redis is configured; the embedded worker polls anyway."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    timeout = int(current_app.config["JOB_TIMEOUT_MINUTES"]) * 60 + 60
    try:
        queue = Queue(QUEUE, connection=Redis.from_url(url))
        queue.enqueue("tracker.jobs.worker.run_rq", job.id, job_timeout=timeout)
    except RedisError:
        # The row stays queued: the RQ worker puts every queued row on RQ when it starts.
        log.warning("job %s not put on RQ: Redis did not answer", job.id, exc_info=True)


def active_jobs(user: User, prefix: str = "") -> list[Job]:
    """The user's queued and running jobs (of kinds starting with `prefix`), oldest first."""
    query = select(Job).where(
        Job.user_id == user.id, Job.state.in_(ACTIVE), Job.kind.startswith(prefix)
    )
    return list(db.session.scalars(query.order_by(Job.id)))


def cancel(user: User, job: Job, *, now: datetime) -> None:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    if job.user_id != user.id or not job.active:
        raise Invalid("That job is not running.")
    if job.state == "queued":
        job.state, job.finished_at, job.message = "cancelled", now, Cancelled.message
    else:
        job.cancel_requested = True
        job.message = "Cancelling…"
    db.session.flush()


def status(job: Job) -> dict[str, Any]:
    """The job's state and progress, as the page's script reads it."""
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "message": job.message,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "bytes_done": job.bytes_done,
        "bytes_total": job.bytes_total,
        "percent": percent(job),
    }


def percent(job: Job) -> int | None:
    """How far a job is, from bytes read (or rows when bytes are unknown); None: unknown."""
    if job.bytes_total:
        return min(100, job.bytes_done * 100 // job.bytes_total)
    if job.rows_total:
        return min(100, job.rows_done * 100 // job.rows_total)
    return None


def payload(job: Job) -> dict[str, Any]:
    return json.loads(job.payload or "{}")


def result(job: Job) -> dict[str, Any]:
    return json.loads(job.result or "{}")


# The worker side ------------------------------------------------------------------------------


def claim(worker: str, *, now: datetime, job_id: int | None = None) -> int | None:
    """Take the oldest queued job (or `job_id`) for `worker`; None when there is none.

    The UPDATE ... WHERE state = 'queued' is the claim: of two workers that saw the same row,
    only one changes it (one row updated), on SQLite and PostgreSQL alike.
    """
    table = Job.__table__
    with db.engine.begin() as conn:
        if job_id is None:
            query = select(table.c.id).where(table.c.state == "queued").order_by(table.c.id)
            job_id = conn.scalar(query.limit(1))
            if job_id is None:
                return None
        claimed = conn.execute(
            update(table)
            .where(table.c.id == job_id, table.c.state == "queued")
            .values(
                state="running",
                claimed_by=worker[:100],
                started_at=now,
                heartbeat_at=now,
                message="Starting…",
            )  # fmt: skip
        )
    return job_id if claimed.rowcount == 1 else None


@dataclass
class Progress:
    """Progress reports of a running job, written in their own short transactions (at most a
    few a second) so the page sees them while the job's own work is not yet committed.
    Each report is also where a cancel or the time limit stops the job."""

    job_id: int
    started: datetime
    limit: timedelta
    clock: Callable[[], datetime]
    every: float = 0.25
    _last: float = 0.0

    def __call__(self, *, force: bool = False, **values: int | str) -> None:
        tick = time.monotonic()
        if not force and tick - self._last < self.every:
            return
        self._last = tick
        now = self.clock()
        if now - self.started > self.limit:
            raise TimedOut(int(self.limit.total_seconds() // 60))
        table = Job.__table__
        with db.engine.begin() as conn:
            conn.execute(
                update(table).where(table.c.id == self.job_id).values(heartbeat_at=now, **values)
            )
            cancelled = conn.scalar(
                select(table.c.cancel_requested).where(table.c.id == self.job_id)
            )
        if cancelled:
            raise Cancelled()


def overdue(*, now: datetime, limit: timedelta, silent: timedelta) -> list[Job]:
    """Running jobs past the time limit, or whose worker has not reported for `silent`."""
    query = select(Job).where(
        Job.state == "running",
        (Job.started_at < now - limit) | (Job.heartbeat_at < now - silent),
    )
    return list(db.session.scalars(query))


def finish(job: Job, state: str, message: str, *, now: datetime, **result: Any) -> None:
    """Record how the job ended (the caller commits, in the same transaction as its work)."""
    job.state, job.message, job.finished_at = state, message[:500], now
    job.cancel_requested = False
    if result:
        job.result = json.dumps(result, ensure_ascii=False)
