"""Settings → Your data: downloads with attachment headers, only of the logged-in user's data."""

import json
import re

import pytest

from tests.conftest import NOW, login
from tests.exports.factories import empty_user, full_account
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


def test_settings_show_your_data_with_every_download_and_the_import_form(client, ada):
    login(client)
    page = client.get("/settings").get_data(as_text=True)
    assert "Your data" in page
    for fmt in ("json", "csv", "fhir"):
        assert f'href="/settings/export/{fmt}"' in page
    assert 'href="/imports"' in page


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


def test_a_download_holds_only_the_logged_in_users_data(app, client, ada):
    with app.app_context():
        empty_user("bob@example.org")
    login(client, "bob@example.org")
    doc = json.loads(client.get("/settings/export/json").data)
    assert not any(doc[k] for k in ("medications", "dose_events", "symptoms", "questions"))
    assert doc["profile"]["display_name"] is None
