"""Appointments and their questions over the API: upcoming before past, a time of day in the
user's zone, questions marked asked at a visit and reopened; a refused request changes
nothing."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.appointments.models import Appointment, Question
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _today():
    return local_today(TZ, utcnow())


def _add(client, auth, days: int, **body):
    data = {"day": (_today() + timedelta(days=days)).isoformat(), **body}
    return client.post("/api/v1/appointments", json=data, headers=auth)


def test_appointments_come_upcoming_soonest_first_then_past_newest_first(client, auth):
    past = _add(client, auth, -30, provider="Dr. Okafor").json
    older = _add(client, auth, -60, kind="therapist").json
    response = _add(client, auth, 7, start_time="09:30", provider="Dr. Okafor")
    assert response.status_code == 201, response.text
    upcoming = response.json
    assert upcoming["start_time"] == "09:30:00" and upcoming["at"].endswith("Z")
    assert upcoming["title"] == "Prescriber appointment with Dr. Okafor"
    assert response.headers["Location"] == f"/api/v1/appointments/{upcoming['id']}"
    items = client.get("/api/v1/appointments", headers=auth).json["items"]
    assert [a["id"] for a in items] == [upcoming["id"], past["id"], older["id"]]
    assert past["start_time"] is None and past["at"] is None


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"days": 800}, "day", 409),  # more than two years ahead: a rule of today's date
        ({"days": 0, "kind": "dentist"}, "kind", 422),
        ({"days": 0, "start_time": "09:30+02:00"}, "start_time", 422),
        ({"days": 0, "provider": "p" * 101}, "provider", 422),
    ],
)
def test_a_refused_appointment_records_nothing(app, client, auth, body, field, status):
    response = _add(client, auth, body.pop("days"), **body)
    assert response.status_code == status and response.json["error"]["field"] == field
    assert count(app, Appointment) == 0


def test_an_appointment_is_edited_partially_and_a_stale_edit_is_409(app, client, auth):
    entry = _add(client, auth, -1, provider="Dr. Okafor").json
    url = f"/api/v1/appointments/{entry['id']}"
    edited = client.patch(url, json={"notes": "dose stays", "row_version": 1}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json == {**entry, "notes": "dose stays", "row_version": 2}
    assert client.patch(url, json={"notes": "x", "row_version": 1}, headers=auth).status_code == 409
    assert client.delete(url, headers=auth).status_code == 204
    assert count(app, Appointment) == 0


def test_a_question_is_asked_at_a_visit_then_reopened(client, auth):
    visit = _add(client, auth, 0).json
    response = client.post(
        "/api/v1/appointment-questions", json={"text": "Is the fog the dose?"}, headers=auth
    )
    assert response.status_code == 201, response.text
    question = response.json
    assert question["asked"] is False and question["day"] == _today().isoformat()
    url = f"/api/v1/appointment-questions/{question['id']}"
    asked = client.post(
        f"{url}/asked", json={"appointment_id": visit["id"], "answer": "wait 2 weeks"},
        headers=auth,
    )  # fmt: skip
    assert asked.status_code == 200, asked.text
    assert asked.json == {
        **asked.json,
        "asked": True,
        "asked_on": visit["day"],
        "appointment_id": visit["id"],
        "answer": "wait 2 weeks",
    }
    open_ = client.get("/api/v1/appointment-questions?status=open", headers=auth).json
    assert open_["items"] == []
    reopened = client.patch(url, json={"asked": False}, headers=auth).json
    assert reopened["asked"] is False and reopened["answer"] is None
    assert [q["id"] for q in client.get("/api/v1/appointment-questions", headers=auth).json[
        "items"]] == [question["id"]]  # fmt: skip


def test_a_question_cannot_be_asked_at_a_visit_still_to_come_or_not_yours(app, client, auth):
    later = _add(client, auth, 5).json
    theirs = bearer(token(app, make_user(app, "bo@example.org")))
    their_visit = _add(client, theirs, -1).json
    question = client.post(
        "/api/v1/appointment-questions", json={"text": "Sleep?"}, headers=auth
    ).json
    url = f"/api/v1/appointment-questions/{question['id']}/asked"
    for visit, status in ((later["id"], 409), (their_visit["id"], 409), (2**40, 422)):
        refused = client.post(url, json={"appointment_id": visit}, headers=auth)
        assert refused.status_code == status
        assert refused.json["error"]["field"] == "appointment_id"
    assert client.get(url[: -len("/asked")], headers=auth).json == question
    empty = client.post("/api/v1/appointment-questions", json={"text": "  "}, headers=auth)
    assert empty.status_code == 422 and count(app, Question) == 1
