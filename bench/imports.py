"""A 60,000-row Daylio import through the job code on SQLite, while other people use the site.

    .venv/bin/python bench/imports.py [--rows 60000] [--users 20] [--workers 4] [--baseline 10]
                                      [--keep DIR]

Builds a Daylio CSV of `--rows` entries (one an hour, default moods, a note, "walk" on every
third), stores it as an upload of a fresh account and runs its two jobs in this process, as
`tracker worker` runs them: the preview (read, plan, check every entry, store the preview)
and the apply (the same reading, then one short write). Meanwhile `--users` other people,
each in a client process, log in (all within a second), then check in about once a second,
through gunicorn serving the same database; first for `--baseline` seconds without an import.

Prints: the time the import's own transactions held SQLite's write lock (from BEGIN
IMMEDIATE to COMMIT, progress reports included) in total and at most at once; the apply's
entries/s and rows/s (an entry and its source key are two rows) end to end and of its write
alone; and the other users' answers (count, errors, p50 and p99 of logins and of check-ins)
without and during the import. Goals: the lock held 1 s or less in total, the other
users' p99 under 500 ms, 20,000 rows/s or more. No asserts: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select  # noqa: E402

from tests import serving  # noqa: E402
from tracker.app import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402

PASSWORD = "bench password 123"
MOODS = ("rad", "good", "meh", "bad", "awful")
GOAL_LOCK, GOAL_P99, GOAL_RATE = 1.0, 0.5, 20_000


def daylio_csv(rows: int, *, end: datetime) -> bytes:
    """A Daylio export of `rows` entries, newest first, one an hour up to `end`."""
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    for n in range(rows):
        at = end - timedelta(hours=n + 1)
        activities = "walk" if n % 3 == 0 else ""
        lines.append(
            f'{at:%Y-%m-%d},{at:%d %B},{at:%A},{at:%H:%M},{MOODS[n % 5]},"{activities}",'
            f'"","entry {n}"'
        )
    return ("\r\n".join(lines) + "\r\n").encode()


class LockClock:
    """Time inside write transactions of this process: from the first write (the app begins
    SQLite's transaction IMMEDIATE just then) to COMMIT or ROLLBACK."""

    def __init__(self) -> None:
        self.total = 0.0
        self.cpu = 0.0  # this process's CPU time meanwhile: the lock's length on an idle machine
        self.longest = 0.0
        self.transactions = 0

    def install(self, engine) -> None:  # noqa: ANN001
        writes = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")

        @event.listens_for(engine, "before_cursor_execute")
        def first_write(conn, cursor, statement, *args) -> None:  # noqa: ANN001
            if "bench_lock" not in conn.info and statement.lstrip()[:9].upper().startswith(writes):
                conn.info["bench_lock"] = (time.perf_counter(), time.process_time())

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def end(conn) -> None:  # noqa: ANN001
            started = conn.info.pop("bench_lock", None)
            if started is not None:
                held = time.perf_counter() - started[0]
                self.cpu += time.process_time() - started[1]
                self.total += held
                self.longest = max(self.longest, held)
                self.transactions += 1

    def reset(self) -> None:
        self.total = self.longest = self.cpu = 0.0
        self.transactions = 0


def person(port: int, email: str, go, stop, results) -> None:  # noqa: ANN001
    """Log in once (all together, spread over a second), then check in about once a second
    until `stop`: an everyday visit, many at a time."""
    logins, checkins, errors = [], [], []
    go.wait()
    time.sleep(random.random())  # noqa: S311 - spreading the logins, not a secret
    client = serving.Client(port)
    try:
        answer = client.request("POST", "/login", {"email": email, "password": PASSWORD})
        logins.append((time.time() - answer.seconds, answer.seconds))
        if answer.status != 302:
            errors.append(f"login {answer.status}")
    except OSError as exc:
        errors.append(type(exc).__name__)
    while not stop.is_set():
        try:
            _, answer = client.check_in()
            checkins.append((time.time() - answer.seconds, answer.seconds))
            if answer.status != 302:
                errors.append(f"check-in {answer.status}")
        except OSError as exc:
            errors.append(type(exc).__name__)
        stop.wait(0.5 + random.random())  # noqa: S311
    results.put((logins, checkins, errors))


def _people(port: int, emails: list[str], meanwhile) -> tuple[list, list, list]:  # noqa: ANN001
    """Every person logging in and checking in while `meanwhile()` runs: their answers."""
    context = multiprocessing.get_context("fork")
    go, stop, results = context.Event(), context.Event(), context.Queue()
    people = [
        context.Process(target=person, args=(port, email, go, stop, results)) for email in emails
    ]
    try:
        for p in people:
            p.start()
        go.set()
        meanwhile()
        stop.set()
        answers = [results.get(timeout=120) for _ in people]
    finally:
        stop.set()
        for p in people:
            p.join(timeout=30)
    return tuple([x for a in answers for x in a[i]] for i in range(3))  # type: ignore[return-value]


def _ms(values: list[float], share: float) -> str:
    return f"{serving.percentile(values, share) * 1000:.0f} ms" if values else "n/a"


def _accounts(app, users: int) -> tuple[int, list[str]]:  # noqa: ANN001
    from tracker.auth.services import create_user

    now = datetime.now(UTC)
    with app.app_context():
        importer = create_user("importer@example.org", PASSWORD, "Europe/Berlin", now=now)
        emails = [f"person{n}@example.org" for n in range(users)]
        for email in emails:
            create_user(email, PASSWORD, "Europe/Berlin", now=now)
        db.session.commit()
        return importer.id, emails


def _run_import(app, user_id: int, data: bytes, clock: LockClock) -> dict:  # noqa: ANN001
    """Upload, preview job, apply job: the job code as the worker runs it."""
    from tracker.auth.models import User
    from tracker.checkins.models import MoodCheckin
    from tracker.imports import batches
    from tracker.imports import jobs as import_jobs
    from tracker.jobs import worker
    from tracker.jobs.models import Job

    figures: dict = {}
    with app.app_context():
        user = db.session.get(User, user_id)
        now = datetime.now(UTC)
        pending = batches.keep_upload(
            user, "daylio", "bench.csv", __import__("io").BytesIO(data),
            Path(app.config["IMPORT_FOLDER"]), now=now,
        )  # fmt: skip
        import_jobs.start_preview(user, pending, now=now)
        db.session.commit()
        clock.reset()
        started = time.perf_counter()
        worker.work(burst=True)
        figures["preview_s"] = time.perf_counter() - started
        figures["preview_lock"] = (clock.total, clock.longest, clock.transactions)
        figures["preview_cpu"] = clock.cpu

        pending = db.session.scalars(select(batches.PendingImport)).one()
        import_jobs.start_apply(db.session.get(User, user_id), pending, now=datetime.now(UTC))
        db.session.commit()
        clock.reset()
        started = time.perf_counter()
        worker.work(burst=True)
        figures["apply_s"] = time.perf_counter() - started
        figures["apply_lock"] = (clock.total, clock.longest, clock.transactions)
        figures["apply_cpu"] = clock.cpu
        job = db.session.scalars(select(Job).order_by(Job.id.desc()).limit(1)).one()
        figures["job"] = (job.state, job.message)
        figures["write_s"] = __import__("json").loads(job.result).get("write_seconds")
        figures["checkins"] = db.session.scalar(
            select(func.count()).select_from(MoodCheckin).where(MoodCheckin.user_id == user_id)
        )
        from tracker.imports.models import ImportedRecord

        figures["rows"] = db.session.scalar(
            select(func.count()).select_from(ImportedRecord)
            .where(ImportedRecord.user_id == user_id)
        )  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--baseline", type=float, default=10, help="seconds without an import")
    parser.add_argument("--keep", type=Path, help="keep the instance (database, logs) in DIR")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-imports-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'tracker.db'}"
    app = create_app({
        "DATABASE_URL": url, "INSTANCE_PATH": str(folder), "SECRET_KEY": secrets.token_hex(16),
    })  # fmt: skip
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(revision="heads")
    user_id, emails = _accounts(app, args.users)
    data = daylio_csv(args.rows, end=datetime.now(UTC) - timedelta(days=1))
    print(f"Daylio CSV: {args.rows:,} rows, {len(data) / 1e6:.1f} MB")

    clock = LockClock()
    with app.app_context():
        clock.install(db.engine)
    server = serving.start(url, folder, workers=args.workers, log=folder / "gunicorn.log")
    try:
        baseline = _people(server.port, emails, lambda: time.sleep(args.baseline))
        figures: dict = {}
        during = _people(server.port, emails, lambda: figures.update(
            _run_import(app, user_id, data, clock)))  # fmt: skip
    finally:
        server.stop()
    _report(args, figures, baseline, during)
    print(f"Instance: {folder}")


def _lock_line(name: str, seconds: float, lock: tuple[float, float, int]) -> str:
    held, longest, count = lock
    return (f"{name}: {seconds:.2f} s; write lock {held:.3f} s in {count} transactions "
            f"(longest {longest:.3f} s)")  # fmt: skip


def _people_line(name: str, logins: list, checkins: list, errors: list) -> str:
    # Check-ins sent once everyone's login has been answered: the 20 logins together (argon2
    # hashes, each a worker's CPU for a while) queue the first check-ins behind them.
    settled = max((start + took for start, took in logins), default=0.0)
    after = [took for start, took in checkins if start >= settled]
    logins, checkins = [took for _, took in logins], [took for _, took in checkins]
    return (f"  {name}: {len(logins):,} logins p50 {_ms(logins, 0.5)} p99 {_ms(logins, 0.99)}; "
            f"{len(checkins):,} check-ins p50 {_ms(checkins, 0.5)} p99 {_ms(checkins, 0.99)}; "
            f"all p99 {_ms(logins + checkins, 0.99)}; {len(errors)} errors "
            f"{sorted(set(errors))[:3]}\n"
            f"    {len(after):,} check-ins sent after the last login was answered: "
            f"p50 {_ms(after, 0.5)} p99 {_ms(after, 0.99)}")  # fmt: skip


def _report(args, figures: dict, baseline: tuple, during: tuple) -> None:  # noqa: ANN001
    entries = figures["rows"]  # each entry added has its source key in a row beside it
    total_lock = figures["preview_lock"][0] + figures["apply_lock"][0]
    print(f"Job: {figures['job'][0]}: {figures['job'][1]}")
    print(f"Entries added: {entries:,} ({figures['checkins']:,} check-ins), "
          f"and as many source keys: {2 * entries:,} rows inserted")  # fmt: skip
    print(_lock_line("Preview job", figures["preview_s"], figures["preview_lock"]))
    print(_lock_line("Apply job  ", figures["apply_s"], figures["apply_lock"]))
    cpu = figures["preview_cpu"] + figures["apply_cpu"]
    print(f"Write lock held by the import in total: {total_lock:.3f} s "
          f"(goal <= {GOAL_LOCK:.0f} s); this process's CPU time meanwhile {cpu:.3f} s "
          "(the rest: waiting for a core or the disk)")  # fmt: skip
    write = figures["write_s"] or float("nan")
    print(f"Apply end to end: {entries / figures['apply_s']:,.0f} entries/s "
          f"({2 * entries / figures['apply_s']:,.0f} rows/s; goal >= {GOAL_RATE:,}); "
          f"its write alone ({write:.2f} s): {2 * entries / write:,.0f} rows/s")  # fmt: skip
    print(
        f"Other people ({args.users} at once, each logging in then checking in about once a "
        f"second, through {args.workers} gunicorn workers; goal p99 < {GOAL_P99 * 1000:.0f} ms):"
    )
    print(_people_line("without an import", *baseline))
    print(_people_line("during the import ", *during))


if __name__ == "__main__":
    main()
