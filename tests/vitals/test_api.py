"""Vitals over the API: logged in the user's unit, partial edits, stale edits and rules 409."""

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.vitals.models import VitalSign

URL = "/api/v1/vitals"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app)))


def test_vitals_are_logged_read_changed_and_deleted(client, auth):
    response = client.post(
        URL, json={"weight": 82.4, "systolic": 128, "diastolic": 82}, headers=auth
    )
    assert response.status_code == 201, response.text
    entry = response.json
    assert (entry["weight"], entry["weight_unit"], entry["pulse"]) == (82.4, "kg", None)
    assert response.headers["Location"] == f"{URL}/{entry['id']}"
    assert client.get(URL, headers=auth).json["items"][0]["id"] == entry["id"]
    one = f"{URL}/{entry['id']}"
    changed = client.patch(one, json={"pulse": 71, "row_version": 1}, headers=auth)
    assert changed.status_code == 200 and changed.json["pulse"] == 71
    assert changed.json["weight"] == 82.4  # left alone
    stale = client.patch(one, json={"pulse": 72, "row_version": 1}, headers=auth)
    assert stale.status_code == 409
    assert client.delete(one, headers=auth).status_code == 204
    assert client.get(one, headers=auth).status_code == 404


def test_a_rule_broken_is_refused_beside_its_field_and_saves_nothing(app, client, auth):
    response = client.post(URL, json={"systolic": 80, "diastolic": 90}, headers=auth)
    error = response.json["error"]
    assert (response.status_code, error["code"], error["field"]) == (409, "invalid", "diastolic")
    assert "above the lower one" in error["message"]
    assert client.post(URL, json={}, headers=auth).json["error"]["field"] == "weight"
    assert client.post(URL, json={"weight": "82"}, headers=auth).status_code == 422  # shape
    assert count(app, VitalSign) == 0


def test_a_weight_in_pounds_comes_back_as_entered(client, auth):
    entry = client.post(URL, json={"weight": 180.0, "weight_unit": "lb"}, headers=auth).json
    assert (entry["weight"], entry["weight_unit"]) == (180.0, "lb")
