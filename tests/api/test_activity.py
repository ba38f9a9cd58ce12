"""Activity sessions, practices, caffeine and alcohol over the API: the pages' rules (minutes
or done, whole drinks, half units), edits and deletes; a refused request changes nothing."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def test_an_activity_session_is_logged_listed_edited_and_deleted(app, client, auth):
    at = (utcnow() - timedelta(hours=2)).replace(microsecond=0)
    body = {"kind": "walking", "minutes": 40, "steps": 4200, "at": at.isoformat()}
    response = client.post("/api/v1/activities", json=body, headers=auth)
    assert response.status_code == 201, response.text
    entry = response.json
    assert entry == {**entry, "kind": "walking", "minutes": 40, "intensity": "moderate"}
    assert entry["day"] == local_today(TZ, at).isoformat() and entry["tz"] == TZ
    assert response.headers["Location"] == f"/api/v1/activities/{entry['id']}"
    assert client.get("/api/v1/activities", headers=auth).json["items"] == [entry]
    url = response.headers["Location"]
    edited = client.patch(url, json={"intensity": "vigorous", "row_version": 1}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json["intensity"] == "vigorous" and edited.json["steps"] == 4200
    assert edited.json["at"] == entry["at"] and edited.json["row_version"] == 2
    assert client.patch(url, json={"minutes": 5, "row_version": 1}, headers=auth).status_code == 409
    assert client.delete(url, headers=auth).status_code == 204
    assert count(app, ActivityEntry) == 0


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"kind": "flying", "minutes": 10}, "kind", 422),
        ({"kind": "walking", "minutes": 0}, "minutes", 422),
        ({"kind": "walking", "minutes": 30, "steps": 10**9}, "steps", 422),
        ({"kind": "walking", "minutes": 30, "at": "2999-01-01T00:00:00Z"}, "at", 409),  # ahead
    ],
)
def test_a_refused_activity_records_nothing(app, client, auth, body, field, status):
    response = client.post("/api/v1/activities", json=body, headers=auth)
    assert response.status_code == status and response.json["error"]["field"] == field
    assert count(app, ActivityEntry) == 0


def test_a_practice_takes_minutes_or_done_as_its_kind_needs(app, client, auth):
    minutes = client.post(
        "/api/v1/practices", json={"practice": "mindfulness", "minutes": 10, "helpful": 7},
        headers=auth,
    )  # fmt: skip
    assert minutes.status_code == 201, minutes.text
    assert minutes.json["minutes"] == 10 and minutes.json["done"] is True
    water = client.post(
        "/api/v1/practices", json={"practice": "water", "done": False}, headers=auth
    )
    assert water.status_code == 201 and water.json["minutes"] is None
    for body, field, status in (
        ({"practice": "water", "minutes": 5}, "minutes", 409),  # a yes/no practice: none
        ({"practice": "mindfulness"}, "minutes", 409),  # a minute practice needs them
        ({"practice": "mindfulness", "minutes": 5, "helpful": 11}, "helpful", 422),
        ({"practice": "mindfulness", "minutes": 5, "done": None}, "done", 422),
    ):
        refused = client.post("/api/v1/practices", json=body, headers=auth)
        assert refused.status_code == status and refused.json["error"]["field"] == field, body
    assert count(app, PracticeEntry) == 2
    listed = client.get("/api/v1/practices", headers=auth).json["items"]
    assert [p["id"] for p in listed] == [water.json["id"], minutes.json["id"]]


def test_a_practice_edit_keeps_what_it_does_not_name(client, auth):
    entry = client.post(
        "/api/v1/practices", json={"practice": "outdoors", "minutes": 30, "note": "park"},
        headers=auth,
    ).json  # fmt: skip
    url = f"/api/v1/practices/{entry['id']}"
    edited = client.patch(url, json={"helpful": 8}, headers=auth)
    assert edited.status_code == 200 and edited.json == {**entry, "helpful": 8, "row_version": 2}
    refused = client.patch(url, json={"done": None}, headers=auth)
    assert refused.status_code == 422 and client.get(url, headers=auth).json == edited.json


def test_caffeine_counts_whole_drinks_and_alcohol_half_units(app, client, auth):
    coffee = client.post(
        "/api/v1/substances", json={"substance": "caffeine", "amount": 2}, headers=auth
    )
    wine = client.post(
        "/api/v1/substances", json={"substance": "alcohol", "amount": 1.5}, headers=auth
    )
    assert coffee.status_code == 201 and wine.status_code == 201, wine.text
    assert wine.json["amount"] == 1.5
    for body, status in (
        ({"substance": "caffeine", "amount": 1.5}, 409),  # whole drinks: a rule of caffeine
        ({"substance": "alcohol", "amount": 51}, 422),  # past any amount the document allows
    ):
        refused = client.post("/api/v1/substances", json=body, headers=auth)
        assert refused.status_code == status and refused.json["error"]["field"] == "amount"
    assert count(app, SubstanceEntry) == 2
    url = f"/api/v1/substances/{wine.json['id']}"
    assert client.patch(url, json={"amount": 2.5}, headers=auth).json["amount"] == 2.5
    assert client.delete(url, headers=auth).status_code == 204
    assert [
        s["substance"] for s in client.get("/api/v1/substances", headers=auth).json["items"]
    ] == ["caffeine"]
