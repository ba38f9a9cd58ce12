"""Medications, schedule versions and adherence over the API: the pages' rules, the pages'
data, and a refused request changes nothing."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.medications.models import Medication, ScheduleVersion
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _today():
    return local_today(TZ, utcnow())


def _scheduled(client, auth, **extra):
    body = {"name": "Zoloft", "doses": [{"at": "08:00", "amount": 50}], **extra}
    response = client.post("/api/v1/medications", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return response


def test_a_medication_is_added_and_read_back_as_the_page_files_it(client, auth):
    response = _scheduled(client, auth, unit="mg", purpose="mood")
    med = response.json
    assert med["name"] == "sertraline" and med["drug_class"] == "ssri"  # brand → generic
    assert med["started_on"] == _today().isoformat()
    assert med["current_doses"] == [{"at": "08:00:00", "amount": 50.0}]
    assert response.headers["Location"] == f"/api/v1/medications/{med['id']}"
    assert client.get(response.headers["Location"], headers=auth).json == med
    listed = client.get("/api/v1/medications", headers=auth).json
    assert listed == {"items": [med], "next": None}


def test_an_as_needed_medication_has_limits_and_no_schedule(client, auth):
    body = {"name": "Ativan", "as_needed": True, "default_amount": 0.5, "max_per_24h": 2}
    med = client.post("/api/v1/medications", json=body, headers=auth).json
    assert med["as_needed"] is True and med["max_per_24h"] == 2.0
    assert med["current_doses"] is None


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"name": "", "doses": [{"at": "08:00", "amount": 5}]}, "name", 422),
        ({"name": "x", "doses": []}, "doses", 409),  # a scheduled one needs a dose
        ({"name": "x", "doses": [{"at": "08:00", "amount": 5}] * 2}, "doses", 409),
        ({"name": "x", "unit": "kg", "doses": [{"at": "08:00", "amount": 5}]}, "unit", 422),
        (
            {"name": "x", "started_on": "1850-01-01", "doses": [{"at": "08:00", "amount": 5}]},
            "started_on",
            422,
        ),
        ({"name": "x\x00", "doses": [{"at": "08:00", "amount": 5}]}, "name", 422),
        ({"doses": [{"at": "08:00", "amount": 5}]}, "name", 422),
    ],
)
def test_a_refused_medication_changes_nothing(app, client, auth, body, field, status):
    response = client.post("/api/v1/medications", json=body, headers=auth)
    assert response.status_code == status
    assert response.json["error"]["field"] == field
    assert count(app, Medication) == 0 and count(app, ScheduleVersion) == 0


def test_a_partial_edit_changes_only_what_it_names(client, auth):
    med = _scheduled(client, auth, purpose="mood", prescriber="Dr. Okafor").json
    url = f"/api/v1/medications/{med['id']}"
    edited = client.patch(url, json={"purpose": None, "notes": "with food"}, headers=auth).json
    assert edited["purpose"] is None and edited["notes"] == "with food"
    assert edited["prescriber"] == "Dr. Okafor" and edited["name"] == "sertraline"
    refused = client.patch(url, json={"as_needed": True}, headers=auth)
    assert refused.status_code == 409 and refused.json["error"]["field"] == "as_needed"
    assert client.get(url, headers=auth).json == edited


def test_a_schedule_change_adds_a_version_and_keeps_the_past(client, auth):
    start = _today() - timedelta(days=20)
    med = _scheduled(client, auth, started_on=start.isoformat()).json
    url = f"/api/v1/medications/{med['id']}/schedule-versions"
    change = {"effective_from": _today().isoformat(), "doses": [{"at": "08:00", "amount": 100}]}
    added = client.post(url, json=change, headers=auth)
    assert added.status_code == 201
    assert added.json["label"] == "Increase: 50 → 100 mg a day" and added.json["kind"] == "change"
    versions = client.get(url, headers=auth).json["items"]
    assert [v["effective_from"] for v in versions] == [_today().isoformat(), start.isoformat()]
    assert versions[1]["doses"] == [{"at": "08:00:00", "amount": 50.0}]


def test_a_refused_schedule_change_adds_no_version(app, client, auth):
    start = _today() - timedelta(days=20)
    med = _scheduled(client, auth, started_on=start.isoformat()).json
    url = f"/api/v1/medications/{med['id']}/schedule-versions"
    before = (start - timedelta(days=1)).isoformat()
    for body, field, status in (
        (
            {"effective_from": before, "doses": [{"at": "08:00", "amount": 100}]},
            "effective_from",
            409,  # before the start
        ),
        ({"effective_from": _today().isoformat(), "doses": []}, "doses", 422),
    ):
        response = client.post(url, json=body, headers=auth)
        assert response.status_code == status and response.json["error"]["field"] == field
    assert count(app, ScheduleVersion) == 1


def test_stopping_needs_a_reason_and_a_date_after_the_start(client, auth):
    med = _scheduled(client, auth, started_on=(_today() - timedelta(days=5)).isoformat()).json
    url = f"/api/v1/medications/{med['id']}/stop"
    refused = client.post(
        url, json={"stopped_on": _today().isoformat(), "stop_reason": "bored"}, headers=auth
    )
    assert refused.status_code == 422 and refused.json["error"]["field"] == "stop_reason"
    early = client.post(url, json={"stopped_on": "2000-01-01", "stop_reason": "cost"}, headers=auth)
    assert early.status_code == 409 and early.json["error"]["field"] == "stopped_on"
    stopped = client.post(
        url, json={"stopped_on": _today().isoformat(), "stop_reason": "side_effects"}, headers=auth
    )
    assert stopped.status_code == 200
    assert stopped.json["stopped_on"] == _today().isoformat()
    assert stopped.json["stop_reason"] == "side_effects"


def test_adherence_is_the_pages_summary_with_its_method(client, auth):
    start = _today() - timedelta(days=3)
    med = _scheduled(client, auth, started_on=start.isoformat()).json
    client.post(
        f"/api/v1/medications/{med['id']}/doses/scheduled",
        json={"day": start.isoformat(), "at": "08:00", "action": "skipped", "reason": "nausea"},
        headers=auth,
    )
    summary = client.get(f"/api/v1/medications/{med['id']}/adherence", headers=auth).json
    month = summary["adherence_30"]
    assert summary["medication_id"] == med["id"]
    assert month["skipped"] == 1 and month["taken"] == 0
    assert month["scheduled"] == month["skipped"] + month["missed"] + month["taken"]
    assert "within 60 minutes" in summary["method"]
