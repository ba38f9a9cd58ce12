"""Symptoms and side effects over the API: the catalog and the user's own, which are followed,
and severity entries in a date range; a refused request changes nothing."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _log(client, auth, **body):
    data = {"symptom": "brain_fog", "severity": 6, **body}
    return client.post("/api/v1/symptom-entries", json=data, headers=auth)


def test_the_list_is_the_catalog_with_numbness_and_fog_followed_first(client, auth):
    items = client.get("/api/v1/symptoms?limit=200", headers=auth).json["items"]
    assert [(s["ref"], s["followed"]) for s in items[:3]] == [
        ("emotional_numbness", True),
        ("brain_fog", True),
        ("drowsiness", False),
    ]
    assert items[0]["id"] is None and items[0]["own"] is False  # no row until written


def test_an_own_symptom_is_added_followed_and_a_second_of_that_name_refused(app, client, auth):
    response = client.post("/api/v1/symptoms", json={"name": "Jaw  clenching"}, headers=auth)
    assert response.status_code == 201, response.text
    own = response.json
    assert own == {**own, "name": "Jaw clenching", "own": True, "followed": True}
    assert own["ref"] == f"own{own['id']}"
    for name, status in (("jaw clenching", 409), ("Brain fog", 409), ("x\x00", 422)):
        refused = client.post("/api/v1/symptoms", json={"name": name}, headers=auth)
        assert refused.status_code == status and refused.json["error"]["field"] == "name", name
    assert count(app, Symptom) == 1


def test_following_exactly_the_refs_given(client, auth):
    response = client.post(
        "/api/v1/symptoms/followed", json={"followed": ["tremor", "brain_fog"]}, headers=auth
    )
    assert response.status_code == 200
    followed = [s["ref"] for s in response.json["items"] if s["followed"]]
    assert followed == ["brain_fog", "tremor"]  # in catalog order
    refused = client.post("/api/v1/symptoms/followed", json={"followed": ["nope"]}, headers=auth)
    assert refused.status_code == 409 and refused.json["error"]["field"] == "followed"
    shapeless = client.post("/api/v1/symptoms/followed", json={"followed": [""]}, headers=auth)
    assert shapeless.status_code == 422 and shapeless.json["error"]["field"] == "followed.0"


def test_an_entry_is_logged_with_its_suspected_medication_and_listed(client, auth):
    med = client.post(
        "/api/v1/medications",
        json={"name": "sertraline", "doses": [{"at": "08:00", "amount": 50}]},
        headers=auth,
    ).json
    response = _log(client, auth, medication_id=med["id"], note="after lunch")
    assert response.status_code == 201, response.text
    entry = response.json
    assert entry == {
        **entry,
        "symptom": "Brain fog",
        "symptom_ref": "brain_fog",
        "severity": 6,
        "medication": "sertraline",
        "note": "after lunch",
    }
    assert response.headers["Location"] == f"/api/v1/symptom-entries/{entry['id']}"
    today = local_today(TZ, utcnow())
    assert entry["day"] == today.isoformat()
    listed = client.get("/api/v1/symptom-entries", headers=auth).json
    assert listed == {"items": [entry], "next": None}
    earlier = (today - timedelta(days=40)).isoformat()
    old = client.get(f"/api/v1/symptom-entries?start={earlier}&end={earlier}", headers=auth)
    assert old.json["items"] == []


def test_a_zero_is_kept_as_checked_and_not_present(client, auth):
    assert _log(client, auth, severity=0).json["severity"] == 0


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"severity": 11}, "severity", 422),
        ({"symptom": "unicorns"}, "symptom", 409),  # no such symptom in the list
        ({"at": "2999-01-01T08:00:00Z"}, "at", 409),  # ahead of now
        ({"note": "x\x01"}, "note", 422),
        ({"medication_id": 12345}, "medication_id", 409),  # not one of the user's
        ({"medication_id": 2**40}, "medication_id", 422),
        ({"severity": None}, "severity", 422),
    ],
)
def test_a_refused_entry_records_nothing(app, client, auth, body, field, status):
    response = _log(client, auth, **body)
    assert response.status_code == status, response.text
    assert response.json["error"]["field"] == field
    assert count(app, SymptomEntry) == 0 and count(app, Symptom) == 0


def test_an_entry_is_edited_partially_a_stale_edit_is_409_and_delete_removes_it(app, client, auth):
    entry = _log(client, auth, note="morning").json
    url = f"/api/v1/symptom-entries/{entry['id']}"
    edited = client.patch(
        url, json={"severity": 3, "row_version": entry["row_version"]}, headers=auth
    )
    assert edited.status_code == 200, edited.text
    assert edited.json["severity"] == 3 and edited.json["note"] == "morning"
    assert edited.json["at"] == entry["at"] and edited.json["row_version"] == 2
    stale = client.patch(url, json={"severity": 9, "row_version": 1}, headers=auth)
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"
    assert client.get(url, headers=auth).json == edited.json
    assert client.delete(url, headers=auth).status_code == 204
    assert client.get(url, headers=auth).status_code == 404
    assert count(app, SymptomEntry) == 0
