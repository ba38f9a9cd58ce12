"""Imports as jobs: the upload only stores and enqueues, the worker reads and imports; progress
as JSON; another user's job is not found; a cancel, a failure or the time limit leaves no rows;
a zip bomb is refused; the upload quota and one import at a time; preview counts are what the
import adds."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, config, login, make_user
from tests.jobs.work import run_jobs
from tracker.app import create_app
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.imports import services
from tracker.imports.models import ImportBatch, ImportedRecord, PendingImport
from tracker.jobs import worker
from tracker.jobs.models import Job
from tracker.jobs.services import claim
from tracker.timeutils import utcnow

FLOW = Path(__file__).parent.parent / "imports" / "fixtures" / "flow"
DAYLIO = (FLOW / "daylio_short.csv").read_bytes()
MAPPING = {"map:mood:Depressed": "2"}


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model))


def _upload(client, data: bytes = DAYLIO, name: str = "d.csv", source: str = "daylio"):  # noqa: ANN001, ANN202
    return client.post(
        "/imports",
        data={"source": source, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _job(app, kind: str | None = None) -> Job:  # noqa: ANN001
    with app.app_context():
        query = select(Job).order_by(Job.id.desc())
        if kind:
            query = query.where(Job.kind == kind)
        job = db.session.scalars(query.limit(1)).one()
        db.session.expunge(job)
        return job


def _app(database_url: str, tmp_path: Path, **extra: object):  # noqa: ANN202
    app = create_app(config(database_url, str(tmp_path), **extra))
    make_user(app)
    client = app.test_client()
    login(client)
    return app, client


@pytest.fixture
def ada(app, client):
    make_user(app)
    login(client)
    return client


def _empty(app) -> None:  # noqa: ANN001
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


def test_the_upload_only_enqueues_and_the_worker_reads_then_imports(app, ada):
    pending_url = _upload(ada).headers["Location"]
    waiting = ada.get(pending_url).get_data(as_text=True)
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting
    job = _job(app)
    assert (job.kind, job.state) == ("import.preview", "queued")
    status = ada.get(f"/imports/jobs/{job.id}.json").get_json()
    assert status["state"] == "queued"

    assert run_jobs(app) == 1
    status = ada.get(f"/imports/jobs/{job.id}.json").get_json()
    assert status["state"] == "done" and status["rows_done"] == status["rows_total"] == 3
    assert status["bytes_done"] == status["bytes_total"] == len(DAYLIO)
    page = ada.get(pending_url).get_data(as_text=True)
    assert "“Depressed”" in page and "<progress" not in page
    with app.app_context():
        assert _count(MoodCheckin) == 0

    done = ada.post(pending_url, data={"action": "import", **MAPPING})
    job_url = done.headers["Location"]
    assert "Importing" in ada.get(job_url).get_data(as_text=True)
    with app.app_context():
        assert _count(MoodCheckin) == 0  # the confirm only enqueued
    run_jobs(app)
    assert "Imported 3 mood check-ins" in ada.get(job_url).get_data(as_text=True)
    with app.app_context():
        assert _count(MoodCheckin) == 3 and _count(ImportBatch) == 1


def test_the_preview_is_stored_once_and_not_read_again(app, ada, monkeypatch):
    pending_url = _upload(ada).headers["Location"]
    run_jobs(app)

    def no_reading(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the page read the file again")

    monkeypatch.setattr(services, "stage", no_reading)
    assert "“Depressed”" in ada.get(pending_url).get_data(as_text=True)


def test_another_users_job_is_not_found(app, ada):
    _upload(ada)
    job = _job(app)
    make_user(app, "bob@example.org")
    bob = app.test_client()
    login(bob, "bob@example.org")
    assert bob.get(f"/imports/jobs/{job.id}.json").status_code == 404
    assert bob.get(f"/imports/jobs/{job.id}").status_code == 404
    assert bob.post(f"/imports/jobs/{job.id}/cancel").status_code == 404
    assert _job(app).state == "queued"


def test_a_cancelled_import_leaves_no_rows(app, ada):
    pending_url = _upload(ada).headers["Location"]
    run_jobs(app)
    ada.post(pending_url, data={"action": "import", **MAPPING})
    job = _job(app, "import.apply")
    with app.app_context():
        assert claim("test", now=utcnow()) == job.id  # running now
    ada.post(f"/imports/jobs/{job.id}/cancel")
    with app.app_context():
        assert worker.run_one(job.id) == "cancelled"
        assert _count(MoodCheckin) == 0 and _count(ImportBatch) == 0
        assert _count(ImportedRecord) == 0
    assert "Nothing was imported" in ada.get(f"/imports/jobs/{job.id}").get_data(as_text=True)


def test_a_queued_job_cancelled_never_runs(app, ada):
    _upload(ada)
    job = _job(app)
    ada.post(f"/imports/jobs/{job.id}/cancel")
    assert run_jobs(app) == 0
    assert _job(app).state == "cancelled"


def test_two_workers_never_claim_the_same_job(app, ada):
    _upload(ada)
    job = _job(app)
    with app.app_context():
        assert claim("one", now=NOW) == job.id
        assert claim("two", now=NOW) is None
        assert claim("two", now=NOW, job_id=job.id) is None


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("apple_health_export/export.xml", "w") as member:
            zeros = b"\0" * (1024 * 1024)
            for _ in range(size // len(zeros)):
                member.write(zeros)
    return out.getvalue()


def test_a_zip_bomb_is_refused_and_adds_nothing(app, ada):
    data = _bomb(64 * 1024 * 1024)  # 64 MB of zeros in a few dozen KB: far past 200 times
    pending_url = _upload(ada, data, "export.zip", "apple-health").headers["Location"]
    run_jobs(app)
    page = ada.get(pending_url)
    assert page.status_code == 422
    assert "The zip expands to more than" in page.get_data(as_text=True)
    assert _job(app).state == "failed"


def test_a_zip_past_the_size_limit_is_refused_before_it_is_expanded(app):
    from tracker.imports.limits import check_zip

    data, reports = _bomb(8 * 1024 * 1024), []
    with pytest.raises(services.ImportTooLarge):
        # within the ratio, past the size: its directory says so, nothing is expanded
        check_zip(io.BytesIO(data), max_bytes=3 * 1024 * 1024, ratio=10**6,
                  report=lambda done, total: reports.append(done))  # fmt: skip
    assert reports == []


def _lying(data: bytes, size: int) -> bytes:
    """The zip with its central directory claiming `size` bytes for its member."""
    at = data.rindex(b"PK\x01\x02")
    return data[: at + 24] + size.to_bytes(4, "little") + data[at + 28 :]


def test_a_zip_whose_directory_lies_is_stopped_at_what_it_claims(app):
    from tracker.errors import Invalid
    from tracker.imports.limits import check_zip

    reports = []
    data = _lying(_bomb(8 * 1024 * 1024), 1000)  # says 1,000 bytes, holds 8 MB of zeros
    with pytest.raises(Invalid, match="damaged"):
        check_zip(io.BytesIO(data), max_bytes=2**31, ratio=200,
                  report=lambda done, total: reports.append(done))  # fmt: skip
    assert max(reports, default=0) <= 1000  # never expanded past its claim


def test_a_zip_within_the_limits_is_read_through_and_counted(app):
    from tracker.imports.limits import check_zip

    data, reports = _bomb(4 * 1024 * 1024), []
    check_zip(io.BytesIO(data), max_bytes=5 * 1024 * 1024, ratio=10**6,
              report=lambda done, total: reports.append((done, total)))  # fmt: skip
    assert reports[-1] == (4 * 1024 * 1024, 4 * 1024 * 1024)


def test_the_oldest_waiting_upload_makes_room_for_a_new_one(database_url, tmp_path):
    app, client = _app(database_url, tmp_path, IMPORT_USER_QUOTA_BYTES=len(DAYLIO) * 2 + 10)
    try:
        for name in ("first.csv", "second.csv", "third.csv"):
            _upload(client, name=name)
            run_jobs(app)
        with app.app_context():
            names = sorted(db.session.scalars(select(PendingImport.filename)))
            assert names == ["second.csv", "third.csv"]
            assert len(list(Path(app.config["IMPORT_FOLDER"]).iterdir())) == 2
        too_big = _upload(client, DAYLIO * 3, "big.csv")
        assert too_big.status_code == 413
    finally:
        _empty(app)


def test_one_import_at_a_time_per_user(app, ada):
    _upload(ada)
    second = _upload(ada, name="again.csv")
    assert second.status_code == 409
    assert "An import is already running" in second.get_data(as_text=True)
    with app.app_context():
        assert _count(PendingImport) == 1


def test_a_job_past_its_time_limit_is_stopped_and_leaves_nothing(database_url, tmp_path):
    app, client = _app(database_url, tmp_path, JOB_TIMEOUT_MINUTES=0)
    try:
        _upload(client)
        run_jobs(app)
        job = _job(app)
        assert job.state == "failed" and "Stopped after 0 minutes" in job.message
        with app.app_context():
            assert _count(MoodCheckin) == 0 and _count(ImportBatch) == 0
    finally:
        _empty(app)


def test_a_job_left_running_by_a_worker_that_is_gone_is_stopped(app, ada):
    _upload(ada)
    job = _job(app)
    with app.app_context():
        claim("gone", now=NOW - timedelta(minutes=31), job_id=job.id)
        assert worker.reap(NOW) == 1
    assert _job(app).state == "failed"


def test_the_preview_counts_are_what_the_import_adds(app, ada):
    pending_url = _upload(ada, (FLOW / "bearable.csv").read_bytes(), "b.csv", "bearable")
    pending_url = pending_url.headers["Location"]
    run_jobs(app)
    with app.app_context():
        preview = services.from_json(db.session.scalars(select(PendingImport.preview)).one())
    ada.post(pending_url, data={"action": "import"})
    run_jobs(app)
    with app.app_context():
        batch = db.session.scalars(select(ImportBatch)).one()
        assert batch.added == preview.total and batch.summary == services.describe(preview)
        kinds = json.loads(json.dumps(preview.added))
        assert kinds["symptom"] == 2 and kinds["dose"] == 3


def test_an_import_that_adds_nothing_makes_no_batch(app, ada):
    for _ in range(2):
        pending_url = _upload(ada).headers["Location"]
        run_jobs(app)
        ada.post(pending_url, data={"action": "import", **MAPPING})
        run_jobs(app)
    assert "Nothing new in d.csv" in ada.get(f"/imports/jobs/{_job(app).id}").get_data(as_text=True)
    with app.app_context():
        assert _count(ImportBatch) == 1 and _count(MoodCheckin) == 3


def test_with_redis_configured_the_job_goes_on_rq_and_runs_the_same_code(app, ada, monkeypatch):
    from rq import Queue

    queued = []
    monkeypatch.setattr(Queue, "enqueue", lambda self, f, *args, **kw: queued.append((f, args)))
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # never contacted: enqueue is replaced
    _upload(ada)
    assert queued == [("tracker.jobs.worker.run_rq", (_job(app).id,))]
    monkeypatch.setattr(worker, "_APP", app)
    assert worker.run_rq(_job(app).id) == "done"
    assert worker.run_rq(_job(app).id) is None  # already claimed and run


def test_an_apple_health_zip_is_read_through_the_job_with_its_bytes_counted(app, ada):
    from tests.imports.apple_health_factories import CLOCK, export, sleep, zipped
    from tracker.sleep.models import SleepEntry

    night = [
        sleep("InBed", "2026-05-09 22:50:00 +0200", "2026-05-10 07:05:00 +0200", CLOCK),
        sleep("AsleepCore", "2026-05-09 23:10:00 +0200", "2026-05-10 06:40:00 +0200"),
    ]
    data = zipped({"apple_health_export/export.xml": export(*night)})
    pending_url = _upload(ada, data, "export.zip", "apple-health").headers["Location"]
    run_jobs(app)
    status = ada.get(f"/imports/jobs/{_job(app).id}.json").get_json()
    assert status["state"] == "done" and status["bytes_done"] == status["bytes_total"] > 0
    assert "1 night of sleep" in ada.get(pending_url).get_data(as_text=True)
    ada.post(pending_url, data={"action": "import"})
    run_jobs(app)
    with app.app_context():
        assert _count(SleepEntry) == 1


def test_an_upload_is_kept_queued_when_redis_does_not_answer(app, ada):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    assert _upload(ada).status_code == 302
    assert _job(app).state == "queued"
    app.config["REDIS_URL"] = None
    assert run_jobs(app) == 1
