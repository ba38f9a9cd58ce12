"""The user's own practices over the API: listed, added, renamed, followed, deleted (one with
entries is kept: 409), and logged as practice entries by their id."""

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.activity.models import OwnPractice, PracticeEntry

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _add(client, auth, **body):
    body = {"name": "Prayer", "mode": "yes_no", **body}
    response = client.post("/api/v1/own-practices", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return response


def test_an_own_practice_is_added_listed_renamed_and_deleted(app, client, auth):
    response = _add(client, auth, hint="Morning and evening")
    practice = response.json
    assert practice == {
        "id": practice["id"],
        "name": "Prayer",
        "mode": "yes_no",
        "hint": "Morning and evening",
        "followed": True,
    }
    url = response.headers["Location"]
    assert url == f"/api/v1/own-practices/{practice['id']}"
    assert client.get("/api/v1/own-practices", headers=auth).json["items"] == [practice]
    edited = client.patch(url, json={"name": "Prayer time", "followed": False}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json == {**practice, "name": "Prayer time", "followed": False}
    assert client.delete(url, headers=auth).status_code == 204
    assert count(app, OwnPractice) == 0


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"name": "", "mode": "minutes"}, "name", 422),
        ({"name": "x" * 61, "mode": "minutes"}, "name", 422),
        ({"name": "Prayer", "mode": "hours"}, "mode", 422),
        ({"name": "Regular meals", "mode": "yes_no"}, "name", 409),  # a listed practice's
        ({"name": "PRAYER", "mode": "yes_no"}, "name", 409),  # taken, whatever the case
    ],
)
def test_a_refused_own_practice_adds_nothing(app, client, auth, body, field, status):
    _add(client, auth)
    response = client.post("/api/v1/own-practices", json=body, headers=auth)
    assert response.status_code == status, response.text
    assert response.json["error"]["field"] == field
    assert count(app, OwnPractice) == 1


def test_an_own_practice_is_logged_by_its_id_and_kept_while_it_has_entries(app, client, auth):
    somatic = _add(client, auth, name="Somatic exercises", mode="minutes").json
    body = {"own_practice_id": somatic["id"], "minutes": 15, "helpful": 8}
    logged = client.post("/api/v1/practices", json=body, headers=auth)
    assert logged.status_code == 201, logged.text
    assert logged.json == {
        **logged.json,
        "practice": None,
        "own_practice_id": somatic["id"],
        "label": "Somatic exercises",
        "minutes": 15,
    }
    url = f"/api/v1/own-practices/{somatic['id']}"
    kept = client.delete(url, headers=auth)
    assert kept.status_code == 409 and "so it is kept" in kept.json["error"]["message"]
    refused = client.patch(url, json={"mode": "yes_no"}, headers=auth)
    assert refused.status_code == 409 and refused.json["error"]["field"] == "mode"
    assert count(app, OwnPractice) == 1 and count(app, PracticeEntry) == 1


def test_a_logged_practice_moves_between_a_listed_and_an_own_one(app, client, auth):
    prayer = _add(client, auth).json
    logged = client.post("/api/v1/practices", json={"practice": "water"}, headers=auth)
    url = logged.headers["Location"]
    moved = client.patch(url, json={"own_practice_id": prayer["id"]}, headers=auth)
    assert moved.status_code == 200, moved.text
    assert (moved.json["practice"], moved.json["own_practice_id"]) == (None, prayer["id"])
    back = client.patch(url, json={"practice": "meals"}, headers=auth)
    assert (back.json["practice"], back.json["own_practice_id"]) == ("meals", None)
    assert back.json["label"] == "Regular meals"


def test_a_practice_names_one_of_the_users_own_never_two_or_anothers(app, client, auth):
    prayer = _add(client, auth).json
    other = bearer(token(app, make_user(app, "other@example.org")))
    theirs = _add(client, other, name="Bodywork").json
    for body in (
        {"own_practice_id": theirs["id"]},
        {"own_practice_id": prayer["id"], "practice": "water"},
        {},
    ):
        response = client.post("/api/v1/practices", json=body, headers=auth)
        assert response.status_code == 409, response.text
        assert response.json["error"]["field"] == "practice"
    assert count(app, PracticeEntry) == 0
    assert client.get(f"/api/v1/own-practices/{theirs['id']}", headers=auth).status_code == 404
