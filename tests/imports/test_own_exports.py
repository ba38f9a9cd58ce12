"""Our own JSON and CSV exports through the import page: into an empty account only, all of
it or nothing, the CSRF token checked, the upload limit named; undo as a batch."""

import io
import json

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, config, login
from tests.exports.factories import empty_user, full_account
from tests.jobs.work import run_jobs
from tracker.app import create_app
from tracker.exports import services as exports
from tracker.extensions import db
from tracker.imports.models import ImportBatch
from tracker.medications.models import Medication


@pytest.fixture
def ada(app):
    with app.app_context():
        full_account()


def _export(app, fmt: str) -> bytes:  # noqa: ANN001
    with app.app_context():
        from tracker.auth.models import User

        user = db.session.scalars(select(User).where(User.email == "ada@example.org")).one()
        return exports.export(user, fmt, now=NOW).data


def _medications() -> int:
    return db.session.scalar(select(func.count(Medication.id)))


def _upload(client, data: bytes, source: str = "json", name: str = "export.json", **extra):  # noqa: ANN001, ANN003, ANN202
    """Upload, then let the worker read the file."""
    response = client.post(
        "/imports",
        data={"source": source, "file": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data",
    )
    run_jobs(client.application)
    return response


def _confirm(client, response, **extra):  # noqa: ANN001, ANN003, ANN202
    """Confirm the upload, then let the worker import it."""
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    url = response.headers["Location"]
    done = client.post(url, data={"action": "import", **extra})
    run_jobs(client.application)
    return url, done


@pytest.mark.parametrize(("fmt", "name"), [("json", "export.json"), ("csv", "export-csv.zip")])
def test_an_export_imports_into_an_empty_account_and_exports_the_same(app, client, ada, fmt, name):
    data = _export(app, fmt)
    with app.app_context():
        empty_user("bob@example.org")
    login(client, "bob@example.org")
    url, done = _confirm(client, _upload(client, data, fmt, name))
    assert done.status_code == 302 and "/imports/jobs/" in done.headers["Location"]
    history = client.get("/imports").get_data(as_text=True)
    assert "3 medications" in history and name in history
    mine = json.loads(client.get("/settings/export/json").data)
    theirs = json.loads(_export(app, "json"))
    if fmt == "csv":  # the CSV leaves private therapy notes out
        for session in theirs["therapy_sessions"]:
            session["notes"] = None
    assert mine == theirs


def test_the_preview_of_an_export_counts_what_it_adds_and_adds_nothing(app, client, ada):
    data = _export(app, "json")
    with app.app_context():
        empty_user("bob@example.org")
    login(client, "bob@example.org")
    url = _upload(client, data).headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "3 new medications" in page or "3 medications" in page
    with app.app_context():
        assert _medications() == 3  # ada's only


def test_an_invalid_export_is_shown_with_its_path_and_adds_nothing(app, client, ada):
    doc = json.loads(_export(app, "json"))
    doc["dose_events"][3]["helped"] = 12
    with app.app_context():
        empty_user("bob@example.org")
        before = _medications()
    login(client, "bob@example.org")
    url = _upload(client, json.dumps(doc).encode()).headers["Location"]
    page = client.get(url)
    assert page.status_code == 422
    assert "dose_events[3].helped: choose from 0 to 10." in page.get_data(as_text=True)
    refused = client.post(url, data={"action": "import"})
    assert refused.status_code == 422  # the page says why again
    with app.app_context():
        assert _medications() == before and not db.session.scalar(select(ImportBatch.id))


def test_an_export_into_an_account_with_records_is_refused(app, client, ada):
    login(client)  # ada's account already holds the data
    url = _upload(client, _export(app, "json")).headers["Location"]
    page = client.get(url)
    assert page.status_code == 422
    assert "already holds medications" in page.get_data(as_text=True)


def test_undo_of_an_export_import_empties_the_account_again(app, client, ada):
    data = _export(app, "json")
    with app.app_context():
        bob = empty_user("bob@example.org").id
    login(client, "bob@example.org")
    _confirm(client, _upload(client, data))
    with app.app_context():
        batch_id = db.session.scalar(select(ImportBatch.id))
    client.post(f"/imports/batches/{batch_id}/undo")
    with app.app_context():
        count = select(func.count(Medication.id)).where(Medication.user_id == bob)
        assert db.session.scalar(count) == 0
    again = _upload(client, data)
    _confirm(client, again)
    with app.app_context():
        assert db.session.scalar(count) == 3


def test_the_upload_form_needs_a_file(client, ada):
    login(client)
    response = client.post("/imports", data={"source": "json"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the file to import." in response.get_data(as_text=True)


def test_the_upload_needs_the_forms_csrf_token(app, database_url, tmp_path, ada):
    strict = create_app(config(database_url, str(tmp_path), WTF_CSRF_ENABLED=True))
    client = strict.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": "ada@example.org", "password": "correct horse battery",
                                "csrf_token": token})  # fmt: skip
    response = _upload(client, b"{}")
    assert response.status_code == 422 and "The form had expired" in response.get_data(as_text=True)
    token = client.get("/imports").get_data(as_text=True)
    token = token.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = _upload(client, b"{}", csrf_token=token)
    assert response.status_code == 302  # with its token the upload is kept for its preview


def test_an_export_larger_than_the_apps_form_limit_still_uploads(app, client, ada):
    data = _export(app, "json") + b" " * (3 * 1024 * 1024)  # over MAX_CONTENT_LENGTH (2 MB)
    login(client)
    assert _upload(client, data).status_code == 302
