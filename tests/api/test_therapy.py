"""Therapy sessions over the API: the user's private notes come back to them, homework is
marked done, edits are partial and a stale one is 409; a refused request changes nothing."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.therapy.models import TherapySession
from tracker.timeutils import utcnow


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app)))


def _log(client, auth, **body):
    data = {"modality": "cbt", "homework": "thought record", "notes": "talked about my dad", **body}
    return client.post("/api/v1/therapy/sessions", json=data, headers=auth)


def test_a_session_is_logged_with_its_private_notes_and_listed_newest_first(client, auth):
    earlier = _log(client, auth, at=(utcnow() - timedelta(days=7)).isoformat()).json
    response = _log(client, auth, therapist="Dr. Ames", mood_before=3, mood_after=5)
    assert response.status_code == 201, response.text
    session = response.json
    assert session == {
        **session,
        "modality": "cbt",
        "duration_minutes": 50,
        "notes": "talked about my dad",
        "homework_done": None,
        "mood_after": 5,
    }
    assert response.headers["Location"] == f"/api/v1/therapy/sessions/{session['id']}"
    items = client.get("/api/v1/therapy/sessions", headers=auth).json["items"]
    assert [s["id"] for s in items] == [session["id"], earlier["id"]]


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"modality": "hypnosis"}, "modality", 422),
        ({"duration_minutes": 0}, "duration_minutes", 422),
        ({"mood_before": 11}, "mood_before", 422),
        ({"notes": "n" * 5001}, "notes", 422),
        ({"at": "2999-01-01T00:00:00Z"}, "at", 409),  # ahead of now
    ],
)
def test_a_refused_session_records_nothing(app, client, auth, body, field, status):
    response = _log(client, auth, **body)
    assert response.status_code == status and response.json["error"]["field"] == field
    assert count(app, TherapySession) == 0


def test_homework_is_marked_done_once(client, auth):
    session = _log(client, auth).json
    url = f"/api/v1/therapy/sessions/{session['id']}/homework-done"
    done = client.post(url, json={"row_version": session["row_version"]}, headers=auth)
    assert done.status_code == 200 and done.json["homework_done"] is True
    again = client.post(url, json={"row_version": session["row_version"]}, headers=auth)
    assert again.status_code == 200 and again.json["row_version"] == done.json["row_version"]
    none = _log(client, auth, homework=None).json
    refused = client.post(
        f"/api/v1/therapy/sessions/{none['id']}/homework-done", json={}, headers=auth
    )
    assert refused.status_code == 409


def test_an_edit_keeps_what_it_does_not_name_and_a_stale_one_is_409(app, client, auth):
    session = _log(client, auth, skills="defusion").json
    url = f"/api/v1/therapy/sessions/{session['id']}"
    edited = client.patch(url, json={"modality": "act", "row_version": 1}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json == {**session, "modality": "act", "row_version": 2}
    stale = client.patch(url, json={"notes": "overwrite", "row_version": 1}, headers=auth)
    assert stale.status_code == 409
    assert client.get(url, headers=auth).json["notes"] == "talked about my dad"
    assert client.delete(url, headers=auth).status_code == 204
    assert count(app, TherapySession) == 0
