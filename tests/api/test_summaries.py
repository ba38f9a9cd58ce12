"""Summaries over the API: the trends page's change analysis over a range, and the daily
series it compares (gaps stay null)."""

from datetime import UTC, datetime, time, timedelta

import pytest

from tests.api.factories import bearer, token
from tests.conftest import make_user
from tracker.timeutils import local_today, localize, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def auth(app):
    return bearer(token(app, make_user(app, tz=TZ)))


def _today():
    return local_today(TZ, utcnow())


@pytest.fixture
def history(client, auth):
    """Sertraline 50 mg from 40 days ago, 100 mg from 10 days ago; mood 4 before, 7 after."""
    today = _today()
    med = client.post(
        "/api/v1/medications",
        json={"name": "sertraline", "started_on": str(today - timedelta(days=40)),
              "doses": [{"at": "08:00", "amount": 50}]},
        headers=auth,
    ).json  # fmt: skip
    change = today - timedelta(days=10)
    client.post(
        f"/api/v1/medications/{med['id']}/schedule-versions",
        json={"effective_from": str(change), "doses": [{"at": "08:00", "amount": 100}]},
        headers=auth,
    )
    for n in range(1, 25):
        day = today - timedelta(days=n)
        at = min(localize(day, time(20), TZ), datetime.now(UTC))
        mood = 7 if day >= change else 4
        response = client.post(
            "/api/v1/checkins", json={"ratings": {"mood": mood}, "at": at.isoformat()}, headers=auth
        )
        assert response.status_code == 201, response.text
    return change


def test_the_change_analysis_compares_mood_around_the_dose_change(client, auth, history):
    response = client.get("/api/v1/summaries/changes?range=30", headers=auth)
    assert response.status_code == 200, response.text
    result = response.json
    assert result["range"]["key"] == "30" and result["days"] == 14
    assert result["range"]["last"] == _today().isoformat()
    [row] = [r for r in result["rows"] if r["measure"]["key"] == "mood"]
    assert row["change"] == {**row["change"], "day": history.isoformat(), "kind": "change"}
    assert row["change"]["label"] == "sertraline 50 → 100 mg"
    comparison = row["comparison"]
    assert (comparison["before_mean"], comparison["after_mean"]) == (4.0, 7.0)
    assert comparison["before_n"] == 14 and comparison["after_n"] == 10 and comparison["enough"]
    [around] = result["changes"]
    assert any("Mood" in s or "mood" in s for s in around["sentences"])


def test_a_range_or_window_the_page_refuses_is_422_or_409_when_a_rule_refuses_it(client, auth):
    for query, field, status in (
        ("range=custom", "start", 409),  # a custom range needs its start
        ("range=appointment", "range", 409),  # no appointment yet
        ("range=30&days=2", "days", 422),
        ("range=fortnight", "range", 422),
        ("range=custom&start=0001-01-01&end=0001-01-01", "start", 422),  # was a 500
        ("range=custom&start=2025-02-01&end=2025-01-01", "start", 409),  # backwards
    ):
        response = client.get(f"/api/v1/summaries/changes?{query}", headers=auth)
        assert response.status_code == status, query
        assert response.json["error"]["field"] == field, query


def test_the_daily_series_has_every_day_with_gaps_as_null(client, auth, history):
    today = _today()
    start, end = today - timedelta(days=12), today
    response = client.get(f"/api/v1/summaries/daily?start={start}&end={end}", headers=auth)
    assert response.status_code == 200, response.text
    days = response.json["items"]
    assert [d["day"] for d in days] == [str(start + timedelta(days=n)) for n in range(13)]
    assert days[0]["mood"] == 4.0 and days[-2]["mood"] == 7.0
    assert days[-1]["mood"] is None  # nothing logged today: a gap, not a 0
    assert all(d["sleep_minutes"] is None and d["side_effects"] == {} for d in days)


@pytest.mark.parametrize("days", [3, 4])
def test_a_window_shorter_than_five_days_compares_instead_of_a_500(client, auth, history, days):
    response = client.get(f"/api/v1/summaries/changes?range=30&days={days}", headers=auth)
    assert response.status_code == 200, response.text  # was a 500: min_days 5 > days
    row = next(r for r in response.json["rows"] if r["measure"]["key"] == "mood")
    assert row["comparison"]["days"] == days and row["comparison"]["enough"]
