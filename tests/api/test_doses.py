"""Doses over the API: a medication's history in a range, marking scheduled doses, as-needed
doses with their limits, edits and deletes; a refused request changes nothing."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.medications.models import DoseEvent
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _today():
    return local_today(TZ, utcnow())


@pytest.fixture
def med(client, auth):
    start = (_today() - timedelta(days=10)).isoformat()
    body = {"name": "sertraline", "started_on": start, "doses": [{"at": "08:00", "amount": 50}]}
    return client.post("/api/v1/medications", json=body, headers=auth).json["id"]


@pytest.fixture
def prn(client, auth):
    body = {
        "name": "lorazepam",
        "as_needed": True,
        "default_amount": 0.5,
        "max_per_24h": 1,
        "started_on": (_today() - timedelta(days=10)).isoformat(),
    }
    return client.post("/api/v1/medications", json=body, headers=auth).json["id"]


def _mark(client, auth, med, **body):
    data = {"day": (_today() - timedelta(days=1)).isoformat(), "at": "08:00", **body}
    return client.post(f"/api/v1/medications/{med}/doses/scheduled", json=data, headers=auth)


def test_a_scheduled_dose_marked_taken_shows_in_the_history(client, auth, med):
    yesterday = _today() - timedelta(days=1)
    taken_at = f"{yesterday.isoformat()}T08:20:00+02:00"
    response = _mark(client, auth, med, action="taken", taken_at=taken_at)
    assert response.status_code == 201, response.text
    dose = response.json
    assert dose["taken_at"].endswith("Z") and dose["amount"] == 50.0 and dose["tz"] == TZ
    assert response.headers["Location"] == f"/api/v1/doses/{dose['id']}"
    history = client.get(
        f"/api/v1/medications/{med}/doses?start={yesterday.isoformat()}&end={yesterday.isoformat()}",
        headers=auth,
    ).json
    # 08:20 at +02:00 is within the 60-minute window of 08:00 in Berlin, summer or winter.
    assert [(r["day"], r["status"], r["dose"]["id"]) for r in history["items"]] == [
        (yesterday.isoformat(), "on_time", dose["id"])
    ]


def test_the_default_history_is_the_last_30_days_with_missed_doses(client, auth, med):
    rows = client.get(f"/api/v1/medications/{med}/doses?limit=200", headers=auth).json["items"]
    days = {r["day"] for r in rows}
    assert max(days) == _today().isoformat() and len(days) == 11  # started ten days ago
    assert {r["status"] for r in rows if r["day"] < _today().isoformat()} == {"missed"}


def test_a_history_range_of_any_dates_is_read_and_only_a_non_date_is_refused(client, auth, med):
    url = f"/api/v1/medications/{med}/doses"
    # Long before, far ahead and backwards: days with no doses, so an empty list.
    for query in ("start=0001-01-01&end=2000-01-01", "start=2025-02-01&end=2025-01-01",
                  "start=9000-01-01&end=9999-12-31", "end=0001-01-01"):  # fmt: skip
        response = client.get(f"{url}?{query}", headers=auth)
        assert response.status_code == 200 and response.json["items"] == [], query
    everything = client.get(f"{url}?start=0001-01-01&end={_today()}&limit=200", headers=auth)
    assert {r["day"] for r in everything.json["items"]} >= {_today().isoformat()}
    # not a date: named as the parameter, not "start.date"
    response = client.get(f"{url}?start=June", headers=auth)
    assert response.status_code == 422 and response.json["error"]["field"] == "start"


def test_a_skipped_dose_keeps_its_reason(client, auth, med):
    dose = _mark(client, auth, med, action="skipped", reason="nausea").json
    assert dose["action"] == "skipped" and dose["reason"] == "nausea" and dose["taken_at"] is None


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"action": "taken", "at": "09:00"}, "at", 409),  # no dose planned then
        ({"action": "eaten"}, "action", 422),
        ({"action": "taken", "taken_at": "2999-01-01T08:00:00Z"}, "taken_at", 409),  # ahead
        ({"action": "taken", "day": "0001-01-01"}, "day", 422),
        ({"action": "taken", "amount": -1}, "amount", 422),
    ],
)
def test_a_refused_dose_records_nothing(app, client, auth, med, body, field, status):
    response = _mark(client, auth, med, **body)
    assert response.status_code == status, response.text
    assert response.json["error"]["field"] == field
    assert count(app, DoseEvent) == 0


def test_an_as_needed_dose_past_its_limit_waits_for_confirm(app, client, auth, prn):
    url = f"/api/v1/medications/{prn}/doses/as-needed"
    assert client.post(url, json={"amount": 1}, headers=auth).status_code == 201
    over = client.post(url, json={"amount": 0.5, "reason": "panic"}, headers=auth)
    assert over.status_code == 409
    error = over.json["error"]
    assert error["code"] == "needs_confirmation"
    assert error["warnings"] == [
        "This makes 1.5 mg within 24 hours; the maximum you entered is 1 mg."
    ]
    assert count(app, DoseEvent) == 1
    confirmed = client.post(url, json={"amount": 0.5, "confirm": True}, headers=auth)
    assert confirmed.status_code == 201 and confirmed.json["over_limit"].startswith("This makes")


def test_a_scheduled_medication_takes_no_as_needed_dose(app, client, auth, med):
    response = client.post(
        f"/api/v1/medications/{med}/doses/as-needed", json={"amount": 1}, headers=auth
    )
    assert response.status_code == 409 and count(app, DoseEvent) == 0


def test_a_dose_is_edited_partially_and_a_stale_edit_is_refused(client, auth, prn):
    dose = client.post(
        f"/api/v1/medications/{prn}/doses/as-needed", json={"reason": "exam"}, headers=auth
    ).json
    url = f"/api/v1/doses/{dose['id']}"
    edited = client.patch(url, json={"helped": 7, "row_version": dose["row_version"]}, headers=auth)
    assert edited.status_code == 200
    assert edited.json["helped"] == 7 and edited.json["reason"] == "exam"
    assert edited.json["row_version"] == dose["row_version"] + 1
    stale = client.patch(url, json={"helped": 2, "row_version": dose["row_version"]}, headers=auth)
    assert stale.status_code == 409
    refused = client.patch(url, json={"helped": 11}, headers=auth)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "helped"
    assert client.get(url, headers=auth).json == edited.json


def test_a_deleted_dose_is_gone_and_its_slot_open_again(app, client, auth, med):
    dose = _mark(client, auth, med, action="taken").json
    assert client.delete(f"/api/v1/doses/{dose['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/v1/doses/{dose['id']}", headers=auth).status_code == 404
    assert count(app, DoseEvent) == 0
    assert _mark(client, auth, med, action="skipped").status_code == 201
