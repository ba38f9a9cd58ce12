"""Questionnaires over the API: the service scores them (total, band, change since the first,
response and remission), item 9 above 0 brings the crisis resources, clinician-given scores
by name; a refused request changes nothing."""

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.questionnaires.models import QuestionnaireResponse


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app)))


def _answer(client, auth, instrument="phq9", answers=(2,) * 8 + (0,), **extra):
    body = {"instrument": instrument, "answers": list(answers), **extra}
    return client.post("/api/v1/questionnaires", json=body, headers=auth)


def test_a_phq9_is_scored_and_banded_by_the_service(client, auth):
    response = _answer(client, auth, difficulty=1)
    assert response.status_code == 201, response.text
    result = response.json
    assert result == {
        **result,
        "instrument": "phq9",
        "total": 16,
        "max_total": 27,
        "band": "moderately severe",
        "difficulty": "Somewhat difficult",
        "is_baseline": True,
        "change": None,
        "flag": None,
        "crisis": None,
    }
    assert [i["value"] for i in result["items"]] == [2] * 8 + [0]
    assert result["items"][0]["label"] == "More than half the days"
    assert response.headers["Location"] == f"/api/v1/questionnaires/{result['id']}"
    assert client.get(response.headers["Location"], headers=auth).json == result


def test_a_later_score_has_its_change_from_the_first(client, auth):
    _answer(client, auth)
    later = _answer(client, auth, answers=(1,) * 4 + (0,) * 5).json
    assert later["total"] == 4 and later["band"] == "minimal"
    assert later["change"] == {
        "baseline": 16,
        "points": -12,
        "percent": -75.0,
        "response": True,
        "remission": True,
    }
    listed = client.get("/api/v1/questionnaires?instrument=phq9", headers=auth).json["items"]
    assert [r["total"] for r in listed] == [4, 16]


def test_item_9_above_0_is_flagged_with_the_crisis_resources(app, client, auth):
    result = _answer(client, auth, answers=(0,) * 8 + (1,)).json
    assert result["item9"] == 1 and result["flag"].startswith("PHQ-9 item 9")
    assert result["crisis"] == app.config["CRISIS_TEXT"]
    listed = client.get("/api/v1/questionnaires", headers=auth).json["items"]
    assert listed[0]["crisis"] == app.config["CRISIS_TEXT"]


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        # The PHQ-9's own count and range: rules of the instrument named
        ({"answers": [0] * 8}, "answers", 409),
        ({"answers": [0, 0, 4, 0, 0, 0, 0, 0, 0]}, "answers.2", 409),
        ({"instrument": "gad7", "answers": [0] * 7, "difficulty": 1}, "difficulty", 409),
        ({"answers": [0] * 8 + [7]}, "answers.8", 422),  # past every instrument's range
        ({"instrument": "odq"}, "instrument", 422),
    ],
)
def test_a_refused_questionnaire_records_nothing(app, client, auth, body, field, status):
    response = _answer(client, auth, **body)
    assert response.status_code == status, response.text
    assert response.json["error"]["field"] == field
    assert count(app, QuestionnaireResponse) == 0


def test_a_questionnaire_is_re_answered_and_a_stale_edit_is_409(client, auth):
    first = _answer(client, auth, instrument="gad7", answers=[1] * 7).json
    url = f"/api/v1/questionnaires/{first['id']}"
    edited = client.patch(url, json={"answers": [3] * 7, "row_version": 1}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json["total"] == 21 and edited.json["band"] == "severe"
    assert edited.json["day"] == first["day"] and edited.json["row_version"] == 2
    assert client.patch(url, json={"note": "x", "row_version": 1}, headers=auth).status_code == 409
    mixed = client.patch(url, json={"answers": [0] * 7, "total": 3}, headers=auth)
    assert mixed.status_code == 409
    assert client.get(url, headers=auth).json == edited.json


def test_a_clinician_score_is_entered_by_name_and_corrected(client, auth):
    response = client.post(
        "/api/v1/questionnaires/scores",
        json={"name": "ODQ", "total": 72, "taken_on": "2025-06-01"},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    score = response.json
    assert score == {**score, "instrument": "other", "title": "ODQ", "total": 72, "items": []}
    assert score["day"] == "2025-06-01" and score["band"] is None
    url = f"/api/v1/questionnaires/{score['id']}"
    fixed = client.patch(url, json={"total": 68}, headers=auth).json
    assert fixed["total"] == 68 and fixed["title"] == "ODQ"
    refused = client.patch(url, json={"answers": [0] * 9}, headers=auth)
    assert refused.status_code == 409
    assert client.delete(url, headers=auth).status_code == 204


def test_a_refused_score_records_nothing(app, client, auth):
    for body, field, status in (
        ({"name": "", "total": 3, "taken_on": "2025-06-01"}, "name", 422),
        ({"name": "ODQ", "total": 1000, "taken_on": "2025-06-01"}, "total", 422),
        ({"name": "ODQ", "total": 3, "taken_on": "2999-06-01"}, "taken_on", 409),  # ahead
        ({"name": "ODQ", "total": 3, "taken_on": "0001-01-01"}, "taken_on", 422),
    ):
        response = client.post("/api/v1/questionnaires/scores", json=body, headers=auth)
        assert response.status_code == status, body
        assert response.json["error"]["field"] == field, body
    assert count(app, QuestionnaireResponse) == 0
