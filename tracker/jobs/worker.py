"""Run jobs: claim one, run its kind's code, record how it ended. `tracker worker` loops over
the jobs table on the embedded default; with REDIS_URL it is an RQ worker running `run_rq`."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import select

from tracker.errors import Invalid
from tracker.extensions import db
from tracker.jobs.models import Job
from tracker.jobs.services import JobStopped, Progress, claim, finish, overdue
from tracker.timeutils import utcnow

log = logging.getLogger(__name__)
# A worker that has not reported for this long is taken to be gone (killed, machine down).
SILENT = timedelta(minutes=5)


@dataclass(frozen=True)
class Kind:
    """What a kind of job does: `run` adds its work to the session and returns the message to
    show (the worker commits it with the job's end); `stopped` tidies up after a stop or a
    failure, in the transaction that records it."""

    run: Callable[[Job, Progress, datetime], str]
    stopped: Callable[[Job, str], None]


def _kinds() -> dict[str, Kind]:
    from tracker.jobs.kinds import KINDS

    return KINDS


def _limit() -> timedelta:
    return timedelta(minutes=float(current_app.config["JOB_TIMEOUT_MINUTES"]))


def _end(job_id: int, state: str, message: str) -> None:
    db.session.rollback()
    job = db.session.get(Job, job_id)
    finish(job, state, message, now=utcnow())
    _kinds()[job.kind].stopped(job, message)
    db.session.commit()


def run_one(job_id: int, clock: Callable[[], datetime] = utcnow) -> str:
    """Run a claimed job to its end; returns the state it ended in."""
    job = db.session.get(Job, job_id)
    progress = Progress(job.id, job.started_at or clock(), _limit(), clock)
    try:
        message = _kinds()[job.kind].run(job, progress, clock())
        finish(job, "done", message, now=clock())
        db.session.commit()
        return "done"
    except JobStopped as stop:
        _end(job_id, stop.state, stop.message)
        return stop.state
    except Invalid as exc:
        _end(job_id, "failed", exc.message)
        return "failed"
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        _end(job_id, "failed", "Something went wrong; nothing was added. Try again later.")
        return "failed"


def reap(now: datetime) -> int:
    """Stop running jobs past the time limit or left by a worker that is gone."""
    jobs = overdue(now=now, limit=_limit(), silent=SILENT)
    for job in jobs:
        minutes = int(_limit().total_seconds() // 60)
        _end(job.id, "failed", f"Stopped after {minutes} minutes; nothing was added.")
    return len(jobs)


def work(
    *,
    burst: bool,
    once: bool = False,
    poll: float = 1.0,
    stop: Callable[[], bool] = lambda: False,
) -> int:
    """Claim and run queued jobs; `burst` stops when none is left, `once` after one job,
    otherwise it runs until `stop()` says so (or the process is ended)."""
    name = f"{socket.gethostname()}:{os.getpid()}"
    ran = 0
    while not stop():
        reap(utcnow())
        db.session.remove()
        job_id = claim(name, now=utcnow())
        if job_id is not None:
            run_one(job_id)
            db.session.remove()
            ran += 1
            if once:
                return ran
        elif burst or once:
            return ran
        else:
            time.sleep(poll)
    return ran


# RQ ----------------------------------------------------------------------------------------

_APP: Flask | None = None  # the app the RQ worker built, inherited by each forked job


def run_rq(job_id: int) -> str | None:
    """The function RQ runs: claim the job by id (another worker may have run it) and run it."""
    from tracker.app import create_app

    app = _APP or create_app()
    with app.app_context():
        reap(utcnow())  # jobs RQ killed at its own time limit are recorded as stopped
        if claim(f"rq:{socket.gethostname()}:{os.getpid()}", now=utcnow(), job_id=job_id) is None:
            return None
        return run_one(job_id)


def work_rq(app: Flask, *, burst: bool) -> None:
    """An RQ worker on the tracker queue, with the app built once."""
    from redis import Redis
    from rq import Queue, Worker

    from tracker.jobs.services import QUEUE

    global _APP
    _APP = app
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = Queue(QUEUE, connection=connection)
    with app.app_context():  # rows queued while Redis was away (a claim runs each only once)
        queued = db.session.scalars(select(Job.id).where(Job.state == "queued").order_by(Job.id))
        for job_id in list(queued):
            queue.enqueue(run_rq, job_id)
        db.session.remove()
    Worker([queue], connection=connection).work(burst=burst)
