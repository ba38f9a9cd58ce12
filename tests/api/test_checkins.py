"""Mood check-ins over the API: several a day, listed by date range, edited scale by scale;
a refused request changes nothing."""

from datetime import timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.checkins.models import MoodCheckin
from tracker.timeutils import local_today, utcnow

TZ = "America/New_York"
UNRATED = {"mood": None, "anxiety": None, "irritability": None, "energy": None, "focus": None}


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _add(client, auth, **body):
    data = {"ratings": {"mood": 6, "anxiety": 3}, **body}
    return client.post("/api/v1/checkins", json=data, headers=auth)


def test_check_ins_are_recorded_and_listed_newest_first(client, auth):
    earlier = (utcnow() - timedelta(hours=1)).isoformat()
    first = _add(client, auth, at=earlier, note="before work")
    assert first.status_code == 201, first.text
    second = _add(client, auth, ratings={"mood": 4})
    assert second.headers["Location"] == f"/api/v1/checkins/{second.json['id']}"
    assert first.json["ratings"] == {**UNRATED, "mood": 6, "anxiety": 3}
    assert first.json["note"] == "before work" and first.json["at"].endswith("Z")
    items = client.get("/api/v1/checkins", headers=auth).json["items"]
    assert [c["id"] for c in items] == [second.json["id"], first.json["id"]]
    assert items[0]["day"] == local_today(TZ, utcnow()).isoformat()  # New York's day


def test_a_range_lists_only_its_days_and_a_backwards_one_is_empty(client, auth):
    _add(client, auth)
    today = local_today(TZ, utcnow())
    before = (today - timedelta(days=5)).isoformat()
    assert client.get(f"/api/v1/checkins?end={before}", headers=auth).json["items"] == []
    backwards = client.get(f"/api/v1/checkins?start={today.isoformat()}&end={before}", headers=auth)
    assert backwards.status_code == 200 and backwards.json["items"] == []


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"ratings": {}}, None, 409),  # nothing rated (of the scales the user shows)
        ({"ratings": {"mood": 11}}, "ratings.mood", 422),
        ({"ratings": {"calm": 5}}, "ratings.calm", 422),
        ({"at": "2999-01-01T00:00:00Z"}, "at", 409),  # ahead of now
        ({"at": "2025-06-01T08:00"}, "at", 422),  # no offset
        ({"note": "y" * 2001}, "note", 422),
    ],
)
def test_a_refused_check_in_records_nothing(app, client, auth, body, field, status):
    response = _add(client, auth, **body)
    assert response.status_code == status, response.text
    assert response.json["error"].get("field") == field
    assert count(app, MoodCheckin) == 0


def test_an_edit_changes_only_the_scales_it_names_and_a_stale_one_is_409(client, auth):
    checkin = _add(client, auth, note="ok").json
    url = f"/api/v1/checkins/{checkin['id']}"
    edited = client.patch(
        url,
        json={"ratings": {"anxiety": None, "focus": 7}, "row_version": checkin["row_version"]},
        headers=auth,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json["ratings"] == {**UNRATED, "mood": 6, "focus": 7}
    assert edited.json["note"] == "ok" and edited.json["at"] == checkin["at"]
    stale = client.patch(url, json={"note": "late", "row_version": 1}, headers=auth)
    assert stale.status_code == 409
    cleared = client.patch(url, json={"ratings": {"mood": None, "focus": None}}, headers=auth)
    assert cleared.status_code == 409  # a check-in keeps at least one rating
    assert client.get(url, headers=auth).json == edited.json


def test_a_deleted_check_in_is_gone(app, client, auth):
    checkin = _add(client, auth).json
    assert client.delete(f"/api/v1/checkins/{checkin['id']}", headers=auth).status_code == 204
    assert count(app, MoodCheckin) == 0
