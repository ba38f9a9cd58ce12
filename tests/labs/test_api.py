"""Lab results over the API: the catalog's unit by default, the lab's range and whether the
value is outside it, partial and stale edits, rules refused beside the field."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.labs.models import LabResult
from tracker.timeutils import utcnow

URL = "/api/v1/labs"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app)))


def test_a_level_is_logged_with_its_range_and_changed(client, auth):
    draw = utcnow() - timedelta(hours=1)
    body = {
        "test": "lithium",
        "value": 1.2,
        "ref_low": 0.6,
        "ref_high": 1.0,
        "at": draw.isoformat(),
        "last_dose_at": (draw - timedelta(hours=12)).isoformat(),
    }
    response = client.post(URL, json=body, headers=auth)
    assert response.status_code == 201, response.text
    lab = response.json
    assert (lab["unit"], lab["outside_range"], lab["name"]) == ("mmol/L", True, None)
    one = f"{URL}/{lab['id']}"
    assert response.headers["Location"] == one
    changed = client.patch(one, json={"value": 0.9, "row_version": 1}, headers=auth)
    assert changed.status_code == 200, changed.text
    assert (changed.json["value"], changed.json["outside_range"]) == (0.9, False)
    assert client.patch(one, json={"value": 1, "row_version": 1}, headers=auth).status_code == 409
    assert [x["id"] for x in client.get(URL, headers=auth).json["items"]] == [lab["id"]]
    assert client.delete(one, headers=auth).status_code == 204


def test_rules_are_refused_beside_the_field_and_save_nothing(app, client, auth):
    free = {"name": "Platelets", "value": 210}
    error = client.post(URL, json=free, headers=auth).json["error"]
    assert (error["status"], error["code"], error["field"]) == (409, "invalid", "unit")
    assert error["message"] == "Enter the unit the lab gave (like mmol/L)."
    bad_range = {"test": "tsh", "value": 2, "ref_low": 4, "ref_high": 0.4}
    assert client.post(URL, json=bad_range, headers=auth).json["error"]["field"] == "ref_high"
    # Shapes the document states (a number of 0 or more, a catalog key) are 422.
    assert client.post(URL, json={"test": "tsh", "value": -1}, headers=auth).status_code == 422
    assert client.post(URL, json={"test": "coffee", "value": 1}, headers=auth).status_code == 422
    assert count(app, LabResult) == 0
