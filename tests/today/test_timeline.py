"""The timeline: entries of a day or a range, newest first, filterable, editable in place."""

from datetime import date, time

import pytest

from tests.conftest import NOW, login, make_user
from tests.medications.factories import get_user, scheduled_med
from tests.sleep.factories import log_length, log_night
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications.models import DoseEvent
from tracker.timeutils import localize


@pytest.fixture
def with_doses(app, client):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user, doses=((time(8), 50), (time(20), 50)))
        for day, at, action in (
            (date(2025, 5, 1), time(8), "taken"),
            (date(2025, 5, 1), time(20), "skipped"),
            (date(2025, 5, 3), time(8), "taken"),
        ):
            doses.record_scheduled(
                user,
                med,
                day=day,
                at=at,
                action=action,
                taken_at=localize(day, at, user.timezone) if action == "taken" else None,
                reason="nausea" if action == "skipped" else None,
                now=NOW,
            )
        db.session.commit()
    login(client)
    return client


def test_timeline_groups_by_day_newest_first(with_doses):
    page = with_doses.get("/timeline?first=2025-05-01&last=2025-05-03").get_data(as_text=True)
    assert page.index("Sat 3 May 2025") < page.index("Thu 1 May 2025")
    assert "sertraline 50 mg taken" in page and "sertraline skipped" in page
    assert "for 20:00; nausea" in page


def test_timeline_filter_by_kind_shows_that_kind(with_doses):
    only = with_doses.get("/timeline?first=2025-05-01&last=2025-05-03&kind=doses")
    assert "sertraline 50 mg taken" in only.get_data(as_text=True)


def test_unknown_kind_is_pointed_out(with_doses):
    page = with_doses.get("/timeline?first=2025-05-01&last=2025-05-03&kind=nothing")
    assert "not a valid choice" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "query, message",
    [
        ("first=2025-05-03&last=2025-05-01", "on or before the end"),
        ("first=2023-01-01&last=2025-05-01", "at most 366 days"),
    ],
)
def test_timeline_range_errors_are_shown(with_doses, query, message):
    page = with_doses.get(f"/timeline?{query}").get_data(as_text=True)
    assert message in page


def test_editing_from_the_timeline_returns_to_it(app, with_doses):
    back = "/timeline?first=2025-05-01&last=2025-05-03"
    with app.app_context():
        event = db.session.scalars(
            db.select(DoseEvent).where(DoseEvent.action == "taken").order_by(DoseEvent.taken_at)
        ).first()
        event_id, version = event.id, event.row_version
    page = with_doses.get(back).get_data(as_text=True)
    assert f"/doses/{event_id}/edit?next=" in page
    response = with_doses.post(
        f"/doses/{event_id}/edit?next=/timeline%3Ffirst%3D2025-05-01",
        data={
            "action": "taken",
            "taken_at": "2025-05-01T08:30",
            "amount": "50",
            "row_version": version,
        },
    )
    assert response.headers["Location"] == "/timeline?first=2025-05-01"


def test_kind_filter_separates_doses_from_journal_entries(app, with_doses):
    from tests.journal_factories import journal_entries
    from tracker.auth.models import User

    with app.app_context():
        uid = db.session.scalars(db.select(User.id)).one()
        journal_entries(uid)  # one entry of every kind on 2025-06-01
        db.session.commit()
    base = "/timeline?first=2025-05-01&last=2025-06-01"
    everything = with_doses.get(base).get_data(as_text=True)
    assert "sertraline 50 mg taken" in everything and "Brain fog 4/10" in everything
    mood_only = with_doses.get(base + "&kind=checkins").get_data(as_text=True)
    assert "Mood 5" in mood_only
    assert "sertraline" not in mood_only.split("</form>", 1)[1]
    assert "Brain fog 4/10" not in mood_only


def test_a_night_known_only_by_its_length_shows_no_time_of_day(app, client):
    uid = make_user(app)
    with app.app_context():
        log_length(get_user(uid), date(2025, 5, 2), 465, quality=None, note="from Daylio")
        log_night(get_user(uid), date(2025, 5, 1), quality=None)
        db.session.commit()
    login(client)
    page = client.get("/timeline?first=2025-05-01&last=2025-05-02&kind=sleep").get_data(
        as_text=True
    )
    length = page[page.index("Fri 2 May 2025") : page.index("Thu 1 May 2025")]
    assert "<strong>Slept 7 h 45 min · quality not rated</strong>" in length
    assert "Times not recorded · from Daylio" in length
    assert '–<span class="sr-only">no time set</span>' in length and "07:00" not in length
    diary = page[page.index("Thu 1 May 2025") :]
    assert "<strong>Slept 7 h 10 min · efficiency 89% · quality not rated</strong>" in diary
    assert "06:30" in diary and "In bed 22:40–06:43" in diary


def test_the_today_page_shows_last_nights_length_without_times(app, client):
    uid = make_user(app)
    with app.app_context():
        log_length(get_user(uid), date(2025, 5, 2), 465, now=NOW)
        db.session.commit()
    login(client)
    page = client.get("/today?day=2025-05-02").get_data(as_text=True)
    assert "Slept 7 h 45 min · quality good" in page
    assert "Times not recorded · filed under Fri 2 May 2025" in page
