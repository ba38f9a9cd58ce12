"""Settings → Your data: downloads with attachment headers, the import form (CSRF, size limit,
clear errors, all or nothing)."""

import io
import json
import re

import pytest

from tests.conftest import NOW, config, login
from tests.exports.factories import empty_user, full_account
from tracker import create_app
from tracker.exports import services
from tracker.extensions import db
from tracker.medications.models import Medication


@pytest.fixture
def ada(app):
    with app.app_context():
        full_account()


@pytest.fixture
def exported(app, ada):
    with app.app_context():
        from tracker.auth.models import User

        user = db.session.scalars(db.select(User)).one()
        return services.export(user, "json", now=NOW).data


def _medications() -> int:
    return db.session.scalar(db.select(db.func.count(Medication.id)))


def _upload(client, data: bytes, name: str = "export.json"):  # noqa: ANN001, ANN202
    return client.post(
        "/settings/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_settings_show_your_data_with_every_download_and_the_import_form(client, ada):
    login(client)
    page = client.get("/settings").get_data(as_text=True)
    assert "Your data" in page
    for fmt in ("json", "csv", "fhir"):
        assert f'href="/settings/export/{fmt}"' in page
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page


@pytest.mark.parametrize(
    ("fmt", "media", "suffix"),
    [
        ("json", "application/json", ".json"),
        ("csv", "application/zip", "-csv.zip"),
        ("fhir", "application/fhir+json", "-fhir.json"),
    ],
)
def test_each_download_is_an_uncached_attachment(client, ada, fmt, media, suffix):
    login(client)
    response = client.get(f"/settings/export/{fmt}")
    assert response.status_code == 200 and response.mimetype == media
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(f'{suffix}"')
    assert re.search(r'filename="tracker-\d{4}-\d\d-\d\d', disposition)
    assert response.headers["Cache-Control"] == "no-store"


def test_downloads_need_a_login(client):
    for fmt in ("json", "csv", "fhir"):
        response = client.get(f"/settings/export/{fmt}")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "/login" in _upload(client, b"{}").headers["Location"]


def test_a_download_holds_only_the_logged_in_users_data(app, client, ada):
    with app.app_context():
        empty_user("bob@example.org")
    login(client, "bob@example.org")
    doc = json.loads(client.get("/settings/export/json").data)
    assert not any(doc[k] for k in ("medications", "dose_events", "symptoms", "questions"))
    assert doc["profile"]["display_name"] is None


def test_importing_a_file_into_an_empty_account_adds_everything_in_one_go(app, client, exported):
    with app.app_context():
        empty_user("bob@example.org")
    login(client, "bob@example.org")
    response = _upload(client, exported)
    assert response.status_code == 302 and response.headers["Location"].endswith("/settings")
    assert "Imported 3 medications" in client.get("/settings").get_data(as_text=True)
    assert json.loads(client.get("/settings/export/json").data) == json.loads(exported)


def test_an_invalid_file_is_shown_with_its_path_and_adds_nothing(app, client, exported):
    with app.app_context():
        empty_user("bob@example.org")
        before = _medications()
    doc = json.loads(exported)
    doc["dose_events"][3]["helped"] = 12
    login(client, "bob@example.org")
    response = _upload(client, json.dumps(doc).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "dose_events[3].helped: choose from 0 to 10." in page and "Nothing was imported" in page
    with app.app_context():
        assert _medications() == before


def test_a_second_import_into_the_same_account_is_refused(client, exported):
    login(client)  # ada's account already holds the data
    response = _upload(client, exported)
    assert response.status_code == 422
    assert "already holds medications" in response.get_data(as_text=True)


def test_the_import_form_needs_a_file(client, ada):
    login(client)
    response = client.post("/settings/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the .json file this app exported." in response.get_data(as_text=True)


def _app(database_url, tmp_path, **extra):  # noqa: ANN001, ANN003, ANN202
    return create_app(config(database_url, str(tmp_path), **extra))


def test_the_import_needs_the_forms_csrf_token(app, database_url, tmp_path, exported):
    strict = _app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": "ada@example.org", "password": "correct horse battery",
                                "csrf_token": token})  # fmt: skip
    response = _upload(client, exported)
    assert response.status_code == 422 and "The form had expired" in response.get_data(as_text=True)
    settings = client.get("/settings").get_data(as_text=True)
    token = settings.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/settings/import",
        data={"file": (io.BytesIO(exported), "export.json"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)  # with its token the form is read (and refused:
    assert "already holds medications" in page and "expired" not in page  # ada has data)


def test_a_file_over_the_limit_is_refused_with_the_limit_named(app, database_url, tmp_path, ada):
    small = _app(database_url, tmp_path, IMPORT_MAX_BYTES=2 * 1024 * 1024)
    client = small.test_client()
    login(client)
    response = _upload(client, b" " * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "larger than the 2 MB an import takes" in response.get_data(as_text=True)


def test_an_export_larger_than_the_apps_form_limit_still_imports(app, client, exported):
    with app.app_context():
        empty_user("bob@example.org")
    login(client, "bob@example.org")
    padded = exported + b" " * (3 * 1024 * 1024)  # over MAX_CONTENT_LENGTH (2 MB), valid JSON
    response = _upload(client, padded)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
