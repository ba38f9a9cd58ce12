"""Every error the API answers has one body, `{"error": {status, code, message, field?}}`,
is uncached, and leaves the database as it was."""

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.medications.models import Medication

SCHEDULED = {"name": "sertraline", "doses": [{"at": "08:00", "amount": 50}]}


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app)))


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    error = response.json["error"]
    assert error["status"] == status and error["code"] == code and error["message"]
    assert set(error) <= {"status", "code", "message", "field", "warnings"}
    return error


def test_a_rule_the_document_cannot_state_is_409_invalid_naming_its_field(app, client, auth):
    body = {**SCHEDULED, "doses": [{"at": "08:00", "amount": 5}, {"at": "08:00", "amount": 5}]}
    error = _error(client.post("/api/v1/medications", json=body, headers=auth), 409, "invalid")
    assert error == {**error, "message": "Each time of day can appear once.", "field": "doses"}
    assert count(app, Medication) == 0


def test_a_rule_the_document_states_is_422_naming_its_field(app, client, auth):
    body = {**SCHEDULED, "doses": [{"at": "08:00", "amount": -5}]}
    error = _error(client.post("/api/v1/medications", json=body, headers=auth), 422, "invalid")
    assert error["field"] == "doses.0.amount"
    assert count(app, Medication) == 0


def test_a_schema_mismatch_is_422_naming_the_field(app, client, auth):
    body = {**SCHEDULED, "strength": "strong"}
    error = _error(client.post("/api/v1/medications", json=body, headers=auth), 422, "invalid")
    assert error["field"] == "strength"
    typo = _error(
        client.post("/api/v1/medications", json={**SCHEDULED, "nmae": "x"}, headers=auth),
        422,
        "invalid",
    )
    assert typo["field"] == "nmae"
    assert count(app, Medication) == 0


def test_a_wall_time_with_an_offset_and_an_instant_without_one_are_refused(client, auth):
    body = {**SCHEDULED, "doses": [{"at": "08:00+02:00", "amount": 50}]}
    assert (
        _error(client.post("/api/v1/medications", json=body, headers=auth), 422, "invalid")["field"]
        == "doses.0.at"
    )
    med = client.post("/api/v1/medications", json=SCHEDULED, headers=auth).json["id"]
    dose = {"day": "2025-06-01", "at": "08:00", "action": "taken", "taken_at": "2025-06-01T08:00"}
    error = _error(
        client.post(f"/api/v1/medications/{med}/doses/scheduled", json=dose, headers=auth),
        422,
        "invalid",
    )
    assert error["field"] == "taken_at"


def test_nan_is_not_a_number_here(app, client, auth):
    raw = '{"name": "sertraline", "doses": [{"at": "08:00", "amount": NaN}]}'
    response = client.post(
        "/api/v1/medications", data=raw, content_type="application/json", headers=auth
    )
    _error(response, 422, "invalid")
    assert count(app, Medication) == 0


def test_malformed_json_is_400_and_another_content_type_is_415(client, auth):
    bad = client.post(
        "/api/v1/medications", data="{", content_type="application/json", headers=auth
    )
    assert _error(bad, 400, "bad_request")["message"] == "The body is not valid JSON."
    form = client.post("/api/v1/medications", data={"name": "x"}, headers=auth)
    _error(form, 415, "unsupported_media_type")
    _error(client.post("/api/v1/medications", json=["x"], headers=auth), 422, "invalid")


def test_a_body_over_the_limit_is_413(client, auth):
    raw = '{"name": "' + "x" * (3 * 1024 * 1024) + '"}'
    response = client.post(
        "/api/v1/medications", data=raw, content_type="application/json", headers=auth
    )
    _error(response, 413, "too_large")


def test_unknown_paths_and_methods_answer_json_under_api(client, auth):
    _error(client.get("/api/v1/nothing-here", headers=auth), 404, "not_found")
    _error(client.get("/api/v2/medications"), 404, "not_found")
    wrong = client.delete("/api/v1/medications", headers=auth)
    _error(wrong, 405, "method_not_allowed")
    assert set(wrong.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    page = client.get("/nothing-here")  # the pages keep their HTML error page
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_a_missing_record_is_404(client, auth):
    _error(client.get("/api/v1/medications/999", headers=auth), 404, "not_found")
    _error(client.get("/api/v1/medications/99999999999", headers=auth), 404, "not_found")


def test_a_stale_edit_is_409_and_changes_nothing(app, client, auth):
    med = client.post("/api/v1/medications", json=SCHEDULED, headers=auth).json
    first = client.patch(
        f"/api/v1/medications/{med['id']}",
        json={"purpose": "mood", "row_version": med["row_version"]},
        headers=auth,
    )
    assert first.status_code == 200
    stale = client.patch(
        f"/api/v1/medications/{med['id']}",
        json={"purpose": "sleep", "row_version": med["row_version"]},
        headers=auth,
    )
    _error(stale, 409, "conflict")
    assert client.get(f"/api/v1/medications/{med['id']}", headers=auth).json["purpose"] == "mood"


def test_an_unexpected_failure_is_500_with_the_body(app, client, auth, monkeypatch):
    from tracker.medications import services

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "list_medications", broken)
    error = _error(client.get("/api/v1/medications", headers=auth), 500, "server_error")
    assert "boom" not in error["message"]


def test_every_answer_is_uncached(client, auth):
    for response in (
        client.get("/api/v1/medications", headers=auth),
        client.get("/api/v1/openapi.json"),
        client.post("/api/v1/medications", json=SCHEDULED, headers=auth),
    ):
        assert response.headers["Cache-Control"] == "no-store"
