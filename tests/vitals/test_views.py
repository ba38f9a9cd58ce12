"""Vitals pages over HTTP: the form, messages beside fields, the unit, ownership, Today."""

import re

import pytest

from tests.conftest import login, make_user
from tracker.auth.models import User
from tracker.extensions import db
from tracker.timeutils import utcnow
from tracker.vitals import services
from tracker.vitals.models import VitalSign


@pytest.fixture
def uid(app):
    return make_user(app, tz="Europe/Berlin")


@pytest.fixture
def logged_in(uid, client):
    login(client)
    return client


def _entry(app, uid, **fields):
    with app.app_context():
        user = db.session.get(User, uid)
        now = utcnow()  # taken now: today in the user's zone whatever the machine's hour
        entry = services.record_vitals(user, services.VitalFields(at=now, **fields), now=now)
        db.session.commit()
        return entry.id


def _checked(page: str, value: str) -> bool:
    return re.search(rf'<input checked[^>]*value="{value}"', page) is not None


def _rows(app):
    with app.app_context():
        return list(db.session.scalars(db.select(VitalSign)))


def test_vitals_are_saved_and_listed(app, logged_in):
    data = {"weight": "82.4", "weight_unit": "kg", "systolic": "128", "diastolic": "82"}
    response = logged_in.post("/vitals/new", data={**data, "pulse": "71", "request_key": "a1"})
    assert response.headers["Location"] == "/vitals"
    page = logged_in.get("/vitals").get_data(as_text=True)
    assert "Weight 82.4 kg · BP 128/82, pulse 71" in page


def test_a_refused_form_comes_back_filled_with_the_message_beside_the_field(app, logged_in):
    data = {"weight": "82.4", "weight_unit": "kg", "systolic": "90", "diastolic": "95"}
    response = logged_in.post("/vitals/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="diastolic-error">The upper number (systolic) must be above' in page
    assert 'value="82.4"' in page and 'value="95"' in page
    assert _rows(app) == []


def test_text_in_a_number_field_gets_a_clear_message(app, logged_in):
    response = logged_in.post("/vitals/new", data={"weight": "eighty", "weight_unit": "kg"})
    assert response.status_code == 422
    assert "Enter a number, like 82.4." in response.get_data(as_text=True)


def test_the_weight_unit_is_a_setting_that_changes_how_weights_show(app, logged_in, uid):
    _entry(app, uid, weight=82.4)
    response = logged_in.post("/vitals/unit", data={"weight_unit": "lb"})
    assert response.headers["Location"] == "/vitals"
    assert "Weight 181.7 lb" in logged_in.get("/vitals").get_data(as_text=True)
    assert _checked(logged_in.get("/vitals/new").get_data(as_text=True), "lb")
    assert logged_in.post("/vitals/unit", data={"weight_unit": "st"}).status_code == 422


def test_the_edit_form_shows_the_weight_in_the_unit_it_was_entered_in(app, logged_in, uid):
    vital_id = _entry(app, uid, weight=180.0, weight_unit="lb")
    page = logged_in.get(f"/vitals/{vital_id}/edit").get_data(as_text=True)
    assert 'value="180"' in page and _checked(page, "lb")


def test_an_edit_from_a_stale_page_is_refused_and_changes_nothing(app, logged_in, uid):
    vital_id = _entry(app, uid, heart_rate=60)
    form = {"heart_rate": "62", "weight_unit": "kg", "row_version": "1"}
    assert logged_in.post(f"/vitals/{vital_id}/edit", data=form).status_code == 302
    stale = logged_in.post(f"/vitals/{vital_id}/edit", data={**form, "heart_rate": "70"})
    assert stale.status_code == 422
    assert "changed elsewhere" in stale.get_data(as_text=True)
    assert _rows(app)[0].heart_rate == 62


def test_delete_asks_then_deletes(app, logged_in, uid):
    vital_id = _entry(app, uid, heart_rate=60)
    assert "resting heart rate 60" in logged_in.get(f"/vitals/{vital_id}/delete").text
    response = logged_in.post(f"/vitals/{vital_id}/delete", data={})
    assert response.headers["Location"] == "/vitals"
    assert _rows(app) == []


def test_another_users_entry_is_not_found(app, client, uid):
    theirs = _entry(app, uid, heart_rate=60)
    make_user(app, "bo@example.org")
    login(client, "bo@example.org")
    for path in (f"/vitals/{theirs}/edit", f"/vitals/{theirs}/delete"):
        assert client.get(path).status_code == 404
        assert client.post(path, data={"heart_rate": "99", "weight_unit": "kg"}).status_code == 404
    assert _rows(app)[0].heart_rate == 60


def test_today_has_one_line_with_links_to_vitals_and_labs(app, logged_in, uid):
    page = logged_in.get("/today").get_data(as_text=True)
    assert page.count('id="vitals-today"') == 1
    assert "Log weight or blood pressure" in page and "Add a lab result" in page
    _entry(app, uid, weight=82.4)
    assert "Vitals today: Weight 82.4 kg" in logged_in.get("/today").get_data(as_text=True)


def test_the_timeline_links_an_entry_to_its_edit_page(app, logged_in, uid):
    vital_id = _entry(app, uid, weight=82.4)
    page = logged_in.get("/timeline").get_data(as_text=True)
    assert "Weight 82.4 kg" in page
    assert f"/vitals/{vital_id}/edit" in page
