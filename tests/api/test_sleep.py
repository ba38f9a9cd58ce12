"""Sleep over the API: nights with their four instants and derived measures, nights known
only by their length (no made-up times), unrated nights, naps; a refused request changes
nothing."""

from datetime import datetime, time, timedelta

import pytest

from tests.api.factories import bearer, count, token
from tests.conftest import make_user
from tracker.sleep.models import Nap, SleepEntry
from tracker.timeutils import local_today, localize, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _morning() -> datetime:
    """07:00 in Berlin of the latest morning at least an hour ago: a night's two wake times
    30 minutes apart never straddle a local midnight, whatever the machine's hour."""
    now = utcnow()
    wake = localize(local_today(TZ, now), time(7), TZ)
    return wake if wake <= now - timedelta(hours=1) else wake - timedelta(days=1)


def _night(hours_ago: float = 1, *, morning: datetime | None = None, **extra) -> dict:
    """A night whose final awakening is `hours_ago` before now (or before `morning`)."""
    wake = (morning or utcnow().replace(microsecond=0)) - timedelta(hours=hours_ago)
    return {
        "into_bed": (wake - timedelta(hours=8)).isoformat(),
        "tried_to_sleep": (wake - timedelta(hours=7, minutes=50)).isoformat(),
        "final_awakening": wake.isoformat(),
        "out_of_bed": (wake + timedelta(minutes=15)).isoformat(),
        "sol_minutes": 15,
        "awakenings": 2,
        "waso_minutes": 20,
        "quality": 4,
        **extra,
    }


def _log(client, auth, body):
    return client.post("/api/v1/sleep/nights", json=body, headers=auth)


def test_a_night_is_filed_under_its_morning_with_its_measures(client, auth):
    response = _log(client, auth, _night(0, morning=_morning(), note="woke at 3"))
    assert response.status_code == 201, response.text
    night = response.json
    assert night["day"] == local_today(TZ, _morning()).isoformat() and night["times_known"] is True
    # 7 h 50 min from trying to sleep to the last awakening, less 15 min SOL and 20 min WASO.
    assert night["tst_minutes"] == 435 and night["tib_minutes"] == 495
    assert round(night["efficiency"], 1) == 87.9 and night["final_awakening"].endswith("Z")
    assert response.headers["Location"] == f"/api/v1/sleep/nights/{night['id']}"
    assert client.get("/api/v1/sleep/nights", headers=auth).json["items"] == [night]


def test_a_night_may_be_unrated(client, auth):
    night = _log(client, auth, _night(quality=None)).json
    assert night["quality"] is None and night["tst_minutes"] == 435


def test_a_night_without_its_counts_has_them_null_and_no_efficiency(client, auth):
    body = {k: v for k, v in _night().items() if k not in ("sol_minutes", "waso_minutes")}
    response = _log(client, auth, {**body, "awakenings": None})
    assert response.status_code == 201, response.text
    night = response.json
    assert (night["sol_minutes"], night["awakenings"], night["waso_minutes"]) == (None, None, None)
    # 7 h 50 min from trying to sleep to the last awakening: at most that asleep.
    assert night["tst_minutes"] == 470 and night["tst_at_most"] is True
    assert night["efficiency"] is None and night["tib_minutes"] == 495
    assert client.get(f"/api/v1/sleep/nights/{night['id']}", headers=auth).json == night


def test_a_count_sent_as_null_in_an_edit_becomes_not_recorded(client, auth):
    night = _log(client, auth, _night()).json
    assert night["tst_at_most"] is False
    url = f"/api/v1/sleep/nights/{night['id']}"
    edited = client.patch(url, json={"sol_minutes": None}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json["sol_minutes"] is None and edited.json["waso_minutes"] == 20
    assert edited.json["tst_minutes"] == 450 and edited.json["efficiency"] is None
    kept = client.patch(url, json={"quality": 2}, headers=auth).json
    assert kept["sol_minutes"] is None and kept["awakenings"] == 2


def test_a_second_night_for_the_same_morning_is_409_naming_the_first(app, client, auth):
    morning = _morning()
    first = _log(client, auth, _night(0, morning=morning)).json
    again = _log(client, auth, _night(0.5, morning=morning))
    assert again.status_code == 409
    assert again.json["error"]["field"] == "final_awakening"
    assert f"night {first['id']}" in again.json["error"]["message"]
    assert count(app, SleepEntry) == 1


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"sol_minutes": 800}, "sol_minutes", 422),
        ({"waso_minutes": 500}, "waso_minutes", 409),  # SOL + WASO longer than the night
        ({"quality": 6}, "quality", 422),
        ({"out_of_bed": (utcnow() + timedelta(hours=2)).isoformat()}, "out_of_bed", 409),
        ({"tried_to_sleep": "2000-01-01T08:00:00Z"}, "tried_to_sleep", 409),  # before into bed
        ({"awakenings": -1}, "awakenings", 422),
        ({"sol_minutes": "ten"}, "sol_minutes", 422),
        ({"note": "\x00"}, "note", 422),
    ],
)
def test_a_refused_night_records_nothing(app, client, auth, change, field, status):
    response = _log(client, auth, _night(**change))
    assert response.status_code == status, response.text
    assert response.json["error"]["field"] == field
    assert count(app, SleepEntry) == 0


def test_a_night_known_by_its_length_has_no_made_up_times(client, auth):
    yesterday = local_today(TZ, utcnow()) - timedelta(days=1)
    body = {"day": yesterday.isoformat(), "asleep_minutes": 420}
    response = client.post("/api/v1/sleep/nights/by-length", json=body, headers=auth)
    assert response.status_code == 201, response.text
    night = response.json
    assert night["times_known"] is False and night["tst_minutes"] == 420
    assert night["quality"] is None and night["day"] == yesterday.isoformat()
    unknown = ("into_bed", "out_of_bed", "tib_minutes", "efficiency", "sol_minutes", "awakenings")
    assert all(night[name] is None for name in unknown)


def test_editing_a_night_known_by_its_length_needs_all_its_times(client, auth):
    yesterday = local_today(TZ, utcnow()) - timedelta(days=1)
    night = client.post(
        "/api/v1/sleep/nights/by-length",
        json={"day": yesterday.isoformat(), "asleep_minutes": 420, "note": "from Daylio"},
        headers=auth,
    ).json
    url = f"/api/v1/sleep/nights/{night['id']}"
    refused = client.patch(url, json={"quality": 3}, headers=auth)
    assert refused.status_code == 409 and refused.json["error"]["field"] == "into_bed"
    assert client.get(url, headers=auth).json == night
    times = {k: v for k, v in _night(hours_ago=30).items() if k != "quality"}
    edited = client.patch(url, json=times, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json["times_known"] is True and edited.json["tst_minutes"] == 435
    assert edited.json["note"] == "from Daylio" and edited.json["quality"] is None


def test_a_night_is_edited_partially_and_a_stale_edit_is_409(client, auth):
    night = _log(client, auth, _night()).json
    url = f"/api/v1/sleep/nights/{night['id']}"
    edited = client.patch(url, json={"waso_minutes": 50, "row_version": 1}, headers=auth)
    assert edited.status_code == 200, edited.text
    assert edited.json["tst_minutes"] == 405 and edited.json["quality"] == 4
    assert edited.json["row_version"] == 2
    assert client.patch(url, json={"quality": 1, "row_version": 1}, headers=auth).status_code == 409
    assert client.patch(url, json={"into_bed": None}, headers=auth).status_code == 422
    assert client.delete(url, headers=auth).status_code == 204
    assert client.get(url, headers=auth).status_code == 404


def test_naps_are_logged_listed_edited_and_deleted(app, client, auth):
    start = (utcnow() - timedelta(hours=3)).replace(microsecond=0)
    response = client.post(
        "/api/v1/sleep/naps", json={"start": start.isoformat(), "minutes": 25}, headers=auth
    )
    assert response.status_code == 201, response.text
    nap = response.json
    assert nap["minutes"] == 25 and nap["day"] == local_today(TZ, start).isoformat()
    assert client.get("/api/v1/sleep/naps", headers=auth).json["items"] == [nap]
    url = f"/api/v1/sleep/naps/{nap['id']}"
    edited = client.patch(url, json={"minutes": 40, "row_version": 1}, headers=auth).json
    assert edited["minutes"] == 40 and edited["start"] == nap["start"]
    assert client.patch(url, json={"minutes": 0}, headers=auth).json["error"]["field"] == "minutes"
    assert client.patch(url, json={"note": "x", "row_version": 1}, headers=auth).status_code == 409
    assert client.delete(url, headers=auth).status_code == 204
    assert count(app, Nap) == 0


def test_a_refused_nap_records_nothing(app, client, auth):
    for body, field, status in (
        ({"start": utcnow().isoformat(), "minutes": 601}, "minutes", 422),
        ({"start": "2999-01-01T00:00:00Z", "minutes": 20}, "start", 409),  # ahead of now
        ({"minutes": 20}, "start", 422),
    ):
        response = client.post("/api/v1/sleep/naps", json=body, headers=auth)
        assert response.status_code == status, body
        assert response.json["error"]["field"] == field, body
    assert count(app, Nap) == 0


@pytest.mark.parametrize("model", ["NightIn", "NightOut", "NightPatch"])
def test_the_document_says_the_counts_may_be_null(client, model):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    for name in ("sol_minutes", "awakenings", "waso_minutes"):
        rule = schemas[model]["properties"][name]
        assert {"type": "null"} in rule["anyOf"], (model, name)
        if model != "NightOut":  # a night read always has them, null when not recorded
            assert name not in schemas[model].get("required", [])
