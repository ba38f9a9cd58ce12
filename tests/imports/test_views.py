"""The import page end to end: upload → preview → map → confirm → history → undo, with real
files; bad files change nothing; another user's uploads and batches are not found."""

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import config, login, make_user
from tests.jobs.work import run_jobs
from tracker.activity.models import ActivityEntry, PracticeEntry
from tracker.app import create_app
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.imports.models import ImportBatch, ImportedRecord, PendingImport

FIXTURES = Path(__file__).parent / "fixtures" / "flow"


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model))


def _upload(client, data: bytes, name: str, source: str = "daylio"):  # noqa: ANN001, ANN202
    """Upload, then let the worker read the file (its preview is then stored)."""
    response = client.post(
        "/imports",
        data={"source": source, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    run_jobs(client.application)
    return response


def _pending_url(response) -> str:  # noqa: ANN001
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert re.search(r"/imports/\d+$", location)
    return location


@pytest.fixture
def ada(app, client):
    make_user(app)
    login(client)
    return client


def _import(client, url: str, **mapping: str):  # noqa: ANN001, ANN202
    """Confirm, then let the worker import the file."""
    response = client.post(url, data={"action": "import", **mapping})
    run_jobs(client.application)
    return response


def _imported(response) -> bool:  # noqa: ANN001
    return bool(re.search(r"/imports/jobs/\d+$", response.headers.get("Location", "")))


def test_a_daylio_file_is_previewed_then_imported_after_its_custom_mood_is_mapped(app, ada):
    url = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "daylio.csv"))
    page = ada.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "“Depressed”" in text and "Choose what this means." in text
    assert "matched automatically" in text  # rad, good; meditation, walk
    with app.app_context():
        assert _count(MoodCheckin) == 0  # the preview added nothing

    refused = _import(ada, url)
    assert refused.status_code == 302 and refused.headers["Location"].endswith(url)
    follow = ada.get(url).get_data(as_text=True)
    assert "Nothing was imported" in follow and "Depressed" in follow
    with app.app_context():
        assert _count(MoodCheckin) == 0

    done = _import(ada, url, **{"map:mood:Depressed": "2", "minutes:meditation": "15"})
    assert _imported(done)
    assert "Imported 3 mood check-ins" in ada.get(done.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        moods = sorted(db.session.scalars(select(MoodCheckin.mood)))
        assert moods == [2, 7, 9]
        note = db.session.scalar(select(MoodCheckin.note).where(MoodCheckin.mood == 2))
        assert note == "Long day\ntired\n\nTags: reading"
        practice = db.session.scalars(select(PracticeEntry)).one()
        assert (practice.practice, practice.minutes) == ("mindfulness", 15)
        assert db.session.scalars(select(ActivityEntry.kind)).all() == ["walking"]
        assert _count(PendingImport) == 0
        assert not list((Path(app.config["IMPORT_FOLDER"])).iterdir())  # the upload is deleted
    history = ada.get("/imports").get_data(as_text=True)
    assert "daylio.csv" in history and "3 mood check-ins" in history


def test_the_same_file_again_adds_nothing_and_a_longer_export_only_the_new_entries(app, ada):
    mapping = {"map:mood:Depressed": "2"}
    first = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    _import(ada, first, **mapping)

    again = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    text = ada.get(again).get_data(as_text=True)
    assert "3 entries were imported before" in text and "Nothing new." in text
    _import(ada, again, **mapping)

    longer = _pending_url(_upload(ada, (FIXTURES / "daylio_longer.csv").read_bytes(), "b.csv"))
    _import(ada, longer, **mapping)
    with app.app_context():
        assert sorted(db.session.scalars(select(MoodCheckin.mood))) == [2, 2, 5, 7, 9]
        assert _count(ImportBatch) == 2  # the file that added nothing made no batch


def test_undo_deletes_what_one_import_added_and_frees_its_keys(app, ada):
    url = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    _import(ada, url, **{"map:mood:Depressed": "2"})
    with app.app_context():
        batch_id = db.session.scalar(select(ImportBatch.id))
    undone = ada.post(f"/imports/batches/{batch_id}/undo")
    assert undone.status_code == 302
    with app.app_context():
        assert _count(MoodCheckin) == 0 and _count(PracticeEntry) == 0
        assert _count(ImportedRecord) == 0
        assert db.session.get(ImportBatch, batch_id).undone_at is not None
    assert "Undone" in ada.get("/imports").get_data(as_text=True)
    assert ada.post(f"/imports/batches/{batch_id}/undo").status_code == 302  # said, not redone
    again = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    _import(ada, again, **{"map:mood:Depressed": "2"})
    with app.app_context():
        assert _count(MoodCheckin) == 3


def test_a_mapping_value_that_is_not_an_option_comes_back_with_its_message(app, ada):
    url = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    page = ada.post(url, data={"action": "import", "map:mood:Depressed": "99"})
    assert page.status_code == 422
    assert "Choose one of the listed options." in page.get_data(as_text=True)
    bad_minutes = ada.post(url, data={"action": "preview", "minutes:meditation": "0"})
    assert "Enter 1 to 1440 minutes." in bad_minutes.get_data(as_text=True)
    with app.app_context():
        assert _count(MoodCheckin) == 0


def test_updating_the_preview_keeps_the_choices(app, ada):
    url = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    ada.post(
        url, data={"action": "preview", "map:mood:Depressed": "3", "map:activity:reading": "skip"}
    )
    assert "Reading the file" in ada.get(url).get_data(as_text=True)  # read again, with them
    run_jobs(app)
    text = ada.get(url).get_data(as_text=True)
    assert re.search(r'<option value="3" selected>', text)
    assert re.search(r'<option value="skip" selected>Leave out', text)


BAD_FILES = {
    "png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "a PNG image"),
    "empty": (b"", "empty"),
    "header only": (b"full_date,date,weekday,time,mood,activities,note\r\n", "no entries"),
    "nul": (
        b"full_date,date,weekday,time,mood,activities,note\r\n2026-05-01,a,b,10:00,\0good,,\r\n",
        "NUL",
    ),
    "latin-1": (
        "full_date,date,weekday,time,mood,activities,note\r\n2026-05-01,a,b,10:00,good,,Café\r\n".encode(
            "latin-1"
        ),
        "not UTF-8",
    ),
    "quote": (
        b'full_date,date,weekday,time,mood,activities,note\r\n2026-05-01,a,b,10:00,good,"x,\r\n',
        "never closed",
    ),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_gets_a_clear_error_and_changes_nothing(app, ada, name):
    data, words = BAD_FILES[name]
    url = _pending_url(_upload(ada, data, "daylio.csv"))
    page = ada.get(url)
    assert page.status_code == 422
    assert words in page.get_data(as_text=True)
    _import(ada, url)
    with app.app_context():
        assert _count(MoodCheckin) == 0 and _count(ImportBatch) == 0


def test_an_upload_over_the_limit_is_413_and_keeps_nothing(database_url, tmp_path):
    app = create_app(config(database_url, str(tmp_path), IMPORT_MAX_BYTES=1024))
    client = app.test_client()
    make_user(app)
    login(client)
    response = _upload(client, b"x" * 4096, "big.csv")
    assert response.status_code == 413
    assert "larger than the" in response.get_data(as_text=True)
    with app.app_context():
        assert _count(PendingImport) == 0
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def test_cancel_deletes_the_upload(app, ada):
    url = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    assert ada.post(f"{url}/cancel").status_code == 302
    assert ada.get(url).status_code == 404
    with app.app_context():
        assert _count(PendingImport) == 0


def test_another_users_upload_and_import_are_not_found(app, ada):
    url = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "a.csv"))
    other = _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "b.csv"))
    _import(ada, other, **{"map:mood:Depressed": "2"})
    with app.app_context():
        batch_id = db.session.scalar(select(ImportBatch.id))
    make_user(app, "bob@example.org")
    bob = app.test_client()
    login(bob, "bob@example.org")
    assert bob.get(url).status_code == 404
    assert bob.post(url, data={"action": "import"}).status_code == 404
    assert bob.post(f"{url}/cancel").status_code == 404
    assert bob.post(f"/imports/batches/{batch_id}/undo").status_code == 404
    assert "b.csv" not in bob.get("/imports").get_data(as_text=True)
    with app.app_context():
        assert _count(MoodCheckin) == 3 and _count(PendingImport) == 1


def test_the_import_page_needs_a_login(client):
    assert client.get("/imports").status_code == 302


def test_a_text_file_over_its_limit_is_refused_with_the_limit_named(app, ada, monkeypatch):
    from tracker.imports import services

    monkeypatch.setattr(services, "TEXT_LIMIT", 1024 * 1024)
    big = (FIXTURES / "daylio_short.csv").read_bytes() + b"\r\n" * (1024 * 1024)
    page = ada.get(_pending_url(_upload(ada, big, "daylio.csv")))
    assert page.status_code == 422  # stored, then refused by the job that reads it
    assert "larger than the 1 MB a Daylio import takes" in page.get_data(as_text=True)
    with app.app_context():
        assert _count(MoodCheckin) == 0


def test_a_file_over_the_row_limit_names_the_line_and_adds_nothing(app, ada, monkeypatch):
    from tracker.imports.parsers import text

    monkeypatch.setattr(text, "MAX_ROWS", 2)
    page = ada.get(
        _pending_url(_upload(ada, (FIXTURES / "daylio_short.csv").read_bytes(), "d.csv"))
    )
    assert page.status_code == 422
    assert "Line 4: The file has more than 2 rows" in page.get_data(as_text=True)
    with app.app_context():
        assert _count(MoodCheckin) == 0
