"""Lab result pages over HTTP: the form, messages beside fields, stale edits, ownership."""

from datetime import timedelta

import pytest

from tests.conftest import login, make_user
from tracker.auth.models import User
from tracker.extensions import db
from tracker.labs import services
from tracker.labs.models import LabResult
from tracker.timeutils import to_wall, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


@pytest.fixture
def logged_in(uid, client):
    login(client)
    return client


def _entry(app, uid, test="lithium", value=0.72, **fields):
    with app.app_context():
        user = db.session.get(User, uid)
        at = utcnow() - timedelta(hours=1)
        fields = services.LabFields(test, value, at=at, **fields)
        entry = services.record_lab(user, fields, now=utcnow())
        db.session.commit()
        return entry.id


def _rows(app):
    with app.app_context():
        return list(db.session.scalars(db.select(LabResult)))


def _wall(delta: timedelta) -> str:
    return to_wall(utcnow() - delta, TZ).strftime("%Y-%m-%dT%H:%M")


def test_the_form_offers_the_catalog_and_its_units(logged_in):
    page = logged_in.get("/labs/new").get_data(as_text=True)
    for label in ("Lithium", "Valproate", "Clozapine", "Norclozapine", "TSH", "eGFR", "HbA1c"):
        assert f">{label}</option>" in page
    assert ">Another test…</option>" in page
    assert '<option value="mmol/L">' in page and '<option value="×10⁹/L">' in page


def test_a_trough_level_is_saved_and_listed_with_the_labs_range(app, logged_in):
    data = {
        "test": "lithium",
        "value": "0.72",
        "ref_low": "0.6",
        "ref_high": "1.0",
        "at": _wall(timedelta(hours=1)),
        "last_dose_at": _wall(timedelta(hours=13)),
        "request_key": "k1",
    }
    response = logged_in.post("/labs/new", data=data)
    assert response.headers["Location"] == "/labs"
    page = logged_in.get("/labs").get_data(as_text=True)
    assert "Lithium 0.72 mmol/L (lab&#39;s range 0.6–1) · 12 h after the last dose" in page


def test_a_refused_form_comes_back_filled_with_messages_beside_fields(app, logged_in):
    data = {
        "test": "other",
        "name": "Platelets",
        "value": "210",
        "ref_low": "450",
        "ref_high": "150",
    }
    response = logged_in.post("/labs/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="unit-error">Enter the unit the lab gave' in page
    assert 'value="Platelets"' in page and 'value="450"' in page
    data["unit"] = "×10⁹/L"
    page = logged_in.post("/labs/new", data=data).get_data(as_text=True)
    assert 'id="ref_high-error">The low end of the range must not be above' in page
    assert logged_in.post("/labs/new", data={"test": "tsh", "value": "-1"}).status_code == 422
    assert (
        "a number of 0 or more"
        in logged_in.post("/labs/new", data={"test": "tsh", "value": "-1"}).text
    )
    assert "Enter a number, like 82.4." in logged_in.post("/labs/new", data={"value": "n/a"}).text
    assert _rows(app) == []


def test_a_dose_after_the_draw_is_refused_beside_the_dose(app, logged_in):
    data = {
        "test": "valproate",
        "value": "70",
        "at": _wall(timedelta(hours=2)),
        "last_dose_at": _wall(timedelta(hours=1)),
    }
    response = logged_in.post("/labs/new", data=data)
    assert response.status_code == 422
    assert (
        'id="last_dose_at-error">The last dose must be before the blood was drawn.' in response.text
    )


def test_an_edit_keeps_the_name_and_refuses_a_stale_page(app, logged_in, uid):
    lab_id = _entry(app, uid, None, 210, name="Platelets", unit="×10⁹/L")
    page = logged_in.get(f"/labs/{lab_id}/edit").get_data(as_text=True)
    assert 'value="Platelets"' in page and '<option selected value="other">' in page
    form = {"test": "other", "name": "Platelets", "value": "220", "unit": "×10⁹/L"}
    ok = logged_in.post(f"/labs/{lab_id}/edit", data={**form, "row_version": "1"})
    assert ok.status_code == 302
    stale = logged_in.post(f"/labs/{lab_id}/edit", data={**form, "value": "1", "row_version": "1"})
    assert stale.status_code == 422 and "changed elsewhere" in stale.text
    assert _rows(app)[0].value == 220


def test_delete_asks_then_deletes(app, logged_in, uid):
    lab_id = _entry(app, uid)
    assert "Lithium 0.72 mmol/L" in logged_in.get(f"/labs/{lab_id}/delete").text
    assert logged_in.post(f"/labs/{lab_id}/delete").headers["Location"] == "/labs"
    assert _rows(app) == []


def test_another_users_result_is_not_found(app, client, uid):
    theirs = _entry(app, uid)
    make_user(app, "bo@example.org")
    login(client, "bo@example.org")
    for path in (f"/labs/{theirs}/edit", f"/labs/{theirs}/delete"):
        assert client.get(path).status_code == 404
        assert client.post(path, data={"test": "tsh", "value": "9"}).status_code == 404
    assert _rows(app)[0].value == 0.72


def test_the_timeline_shows_a_value_outside_the_labs_range(app, logged_in, uid):
    lab_id = _entry(app, uid, "sodium", 133, ref_low=135, ref_high=145)
    page = logged_in.get("/timeline").get_data(as_text=True)
    assert "Sodium 133 mmol/L (lab&#39;s range 135–145) · outside the lab&#39;s range" in page
    assert f"/labs/{lab_id}/edit" in page
