"""Activity pages over HTTP: forms keep what was typed, errors sit by their field."""

from datetime import timedelta

import pytest

from tests.activity.factories import get_user
from tests.conftest import NOW, login, make_user
from tracker.activity import services
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.extensions import db
from tracker.timeutils import local_today, to_local, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def logged_in(app, client):
    make_user(app, tz=TZ)
    login(client)
    return client


def _today():
    return local_today(TZ, utcnow())


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(model.id)))


def _only(app, model):
    with app.app_context():
        entry = db.session.scalars(db.select(model)).one()
        db.session.expunge(entry)
        return entry


def _walk(client, **extra):
    data = {"kind": "walking", "minutes": "30", "intensity": "moderate", **extra}
    return client.post("/activity/new", data=data)


def test_empty_activity_page_says_how_to_start(logged_in):
    page = logged_in.get("/activity").get_data(as_text=True)
    assert "<h1>Activity and habits</h1>" in page
    assert "Nothing logged in the last 14 days." in page
    assert "Mindfulness / meditation, Breathing or grounding exercises, Time outdoors" in page


def test_logged_activity_appears_with_todays_totals(app, logged_in):
    response = _walk(logged_in, steps="4200", note="Along the river")
    assert response.headers["Location"] == "/activity"
    page = logged_in.get("/activity").get_data(as_text=True)
    assert "Walking, 30 min saved." in page
    assert "<strong>Walking, 30 min</strong>" in page
    assert "Moderate · 4,200 steps · Along the river" in page
    assert "<strong>Activity:</strong> 30 min · 4,200 steps" in page
    assert _only(app, ActivityEntry).day == _today()


def test_rejected_activity_form_comes_back_filled_in_with_the_message_by_the_field(app, logged_in):
    response = _walk(logged_in, minutes="2000", note="Hike")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="minutes-error"' in page and "Enter 1 to 1440 minutes." in page
    assert 'value="2000"' in page and "Hike</textarea>" in page
    assert _count(app, ActivityEntry) == 0


def test_unknown_activity_kind_is_refused_beside_the_kind(app, logged_in):
    response = _walk(logged_in, kind="parkour")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="kind-error"' in page and "Choose an activity from the list." in page
    assert _count(app, ActivityEntry) == 0


def test_steps_out_of_range_are_refused_beside_the_steps(logged_in):
    response = _walk(logged_in, steps="250000")
    assert response.status_code == 422
    assert 'id="steps-error"' in response.get_data(as_text=True)


def test_a_future_time_is_refused_beside_the_time(app, logged_in):
    future = (_today() + timedelta(days=2)).isoformat() + "T08:00"
    response = _walk(logged_in, at=future)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="at-error"' in page and "That time is in the future." in page
    assert f'value="{future}"' in page


def test_a_back_dated_activity_is_filed_under_its_local_day(app, logged_in):
    day = _today() - timedelta(days=3)
    _walk(logged_in, at=f"{day.isoformat()}T23:30")
    entry = _only(app, ActivityEntry)
    local = to_local(entry.at, TZ)
    assert (entry.day, local.hour, local.minute) == (day, 23, 30)


def test_the_same_activity_form_sent_twice_records_once(app, logged_in):
    first = _walk(logged_in, request_key="twice1")
    second = _walk(logged_in, request_key="twice1")
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(app, ActivityEntry) == 1


def test_a_form_from_today_goes_back_to_today_and_a_foreign_next_is_ignored(logged_in):
    back = f"/today?day={_today().isoformat()}"
    assert _walk(logged_in, next=back).headers["Location"] == back
    assert _walk(logged_in, next="https://evil.example/").headers["Location"] == "/activity"


def test_editing_an_activity_shows_its_local_time_and_saves_changes(app, logged_in):
    _walk(logged_in, at=f"{_today().isoformat()}T00:05")
    entry = _only(app, ActivityEntry)
    page = logged_in.get(f"/activity/{entry.id}/edit").get_data(as_text=True)
    assert f'value="{_today().isoformat()}T00:05"' in page and 'value="30"' in page
    response = logged_in.post(
        f"/activity/{entry.id}/edit",
        data={
            "kind": "swimming",
            "minutes": "40",
            "intensity": "vigorous",
            "at": f"{_today().isoformat()}T00:10",
            "row_version": entry.row_version,
        },
    )
    assert response.headers["Location"] == "/activity"
    entry = _only(app, ActivityEntry)
    assert (entry.kind, entry.minutes, entry.intensity) == ("swimming", 40, "vigorous")


def test_an_edit_from_a_stale_page_is_refused_and_kept(app, logged_in):
    _walk(logged_in)
    entry = _only(app, ActivityEntry)
    data = {
        "kind": "walking",
        "intensity": "light",
        "at": f"{_today().isoformat()}T00:01",
        "row_version": entry.row_version,
    }
    logged_in.post(f"/activity/{entry.id}/edit", data={**data, "minutes": "31"})
    stale = logged_in.post(f"/activity/{entry.id}/edit", data={**data, "minutes": "99"})
    assert stale.status_code == 422
    page = stale.get_data(as_text=True)
    assert "changed elsewhere" in page and 'value="99"' in page
    assert _only(app, ActivityEntry).minutes == 31


def test_deleting_an_activity_asks_first_then_deletes(app, logged_in):
    _walk(logged_in)
    entry_id = _only(app, ActivityEntry).id
    page = logged_in.get(f"/activity/{entry_id}/delete").get_data(as_text=True)
    assert "Delete this entry?" in page and "Walking, 30 min" in page
    assert _count(app, ActivityEntry) == 1
    response = logged_in.post(f"/activity/{entry_id}/delete")
    assert response.headers["Location"] == "/activity"
    assert _count(app, ActivityEntry) == 0


def test_a_practice_is_logged_and_listed(app, logged_in):
    response = logged_in.post(
        "/activity/practices/new",
        data={"practice": "journaling", "minutes": "12", "done": "yes", "helpful": "6"},
    )
    assert response.headers["Location"] == "/activity"
    page = logged_in.get("/activity").get_data(as_text=True)
    assert "Journaling, 12 min" in page and "helpful 6/10" in page
    assert "Journaling 12 min" in page  # in today's totals


def test_minutes_for_a_yes_no_practice_are_refused_beside_the_minutes(app, logged_in):
    response = logged_in.post(
        "/activity/practices/new", data={"practice": "meals", "minutes": "20", "done": "yes"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="minutes-error"' in page and "leave minutes empty" in page
    assert _count(app, PracticeEntry) == 0


def test_a_minute_practice_without_minutes_is_refused(app, logged_in):
    response = logged_in.post("/activity/practices/new", data={"practice": "outdoors"})
    assert response.status_code == 422
    assert "Enter how many minutes." in response.get_data(as_text=True)


def test_unknown_practice_is_refused(app, logged_in):
    response = logged_in.post("/activity/practices/new", data={"practice": "sauna"})
    assert response.status_code == 422
    assert 'id="practice-error"' in response.get_data(as_text=True)


def test_a_yes_no_practice_can_be_edited_to_not_done(app, logged_in):
    logged_in.post("/activity/practices/new", data={"practice": "water"})
    entry = _only(app, PracticeEntry)
    page = logged_in.get(f"/activity/practices/{entry.id}/edit").get_data(as_text=True)
    assert 'checked id="done-0" name="done" type="radio" value="yes"' in page
    logged_in.post(
        f"/activity/practices/{entry.id}/edit",
        data={
            "practice": "water",
            "done": "no",
            "at": f"{_today().isoformat()}T00:01",
            "row_version": entry.row_version,
        },
    )
    assert _only(app, PracticeEntry).done is False
    assert "Enough water: not today" in logged_in.get("/activity").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"substance": "caffeine", "amount": "31"}, "Count whole drinks, from 1 to 30."),
        ({"substance": "alcohol", "amount": "1.3"}, "Enter units in halves, from 0.5 to 50."),
        ({"substance": "alcohol", "amount": "80"}, "Enter 0.5 to 50."),
        ({"substance": "alcohol", "amount": ""}, "Enter how much."),
    ],
)
def test_amounts_out_of_range_are_refused_beside_the_amount(app, logged_in, data, message):
    response = logged_in.post("/activity/substances/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="amount-error"' in page and message in page
    if data["amount"]:
        assert f'value="{data["amount"]}"' in page
    assert _count(app, SubstanceEntry) == 0


def test_caffeine_and_alcohol_are_logged_and_summed_for_today(app, logged_in):
    logged_in.post("/activity/substances/new", data={"substance": "caffeine", "amount": "2"})
    logged_in.post("/activity/substances/new", data={"substance": "alcohol", "amount": "1.5"})
    page = logged_in.get("/activity").get_data(as_text=True)
    assert "Caffeine: 2 drinks" in page and "Alcohol: 1.5 units" in page
    assert "<strong>Caffeine:</strong> 2 drinks" in page
    assert "<strong>Alcohol:</strong> 1.5 units" in page


def test_substance_entry_can_be_edited_and_deleted(app, logged_in):
    logged_in.post("/activity/substances/new", data={"substance": "alcohol", "amount": "1"})
    entry = _only(app, SubstanceEntry)
    page = logged_in.get(f"/activity/substances/{entry.id}/edit").get_data(as_text=True)
    assert 'value="1"' in page  # shown as typed, not 1.0
    logged_in.post(
        f"/activity/substances/{entry.id}/edit",
        data={
            "substance": "alcohol",
            "amount": "2.5",
            "at": f"{_today().isoformat()}T00:01",
            "row_version": entry.row_version,
        },
    )
    assert _only(app, SubstanceEntry).amount == 2.5
    logged_in.post(f"/activity/substances/{entry.id}/delete")
    assert _count(app, SubstanceEntry) == 0


def test_settings_choose_the_practices_to_follow(app, logged_in):
    page = logged_in.get("/activity/settings").get_data(as_text=True)
    assert 'checked id="mindfulness"' in page and 'checked id="water"' not in page
    response = logged_in.post("/activity/settings", data={"water": "y", "social": "y"})
    assert response.headers["Location"] == "/activity"
    page = logged_in.get("/activity").get_data(as_text=True)
    assert "Social contact, Enough water." in page


def _entries_of_another_user(app) -> dict[str, int]:
    other = make_user(app, "other@example.org")
    with app.app_context():
        user = get_user(other)
        ids = {
            "activity": services.record_activity(
                user, kind="running", minutes=20, intensity="vigorous", now=NOW
            ).id,
            "activity/practices": services.record_practice(user, practice="water", now=NOW).id,
            "activity/substances": services.record_substance(
                user, substance="caffeine", amount=1, now=NOW
            ).id,
        }
        db.session.commit()
        return ids


def test_another_users_entries_are_not_found_on_edit_and_delete(app, logged_in):
    theirs = _entries_of_another_user(app)
    for prefix, entry_id in theirs.items():
        for action in ("edit", "delete"):
            url = f"/{prefix}/{entry_id}/{action}"
            assert logged_in.get(url).status_code == 404, url
            assert logged_in.post(url, data={"minutes": "1"}).status_code == 404, url
    assert _count(app, ActivityEntry) == _count(app, PracticeEntry) == 1
    assert _count(app, SubstanceEntry) == 1


def test_pages_need_a_login(client):
    for url in ("/activity", "/activity/new", "/activity/settings"):
        assert client.get(url).status_code in (302, 401)


def test_an_edit_without_its_row_version_is_treated_as_stale(app, logged_in):
    _walk(logged_in)
    entry = _only(app, ActivityEntry)
    response = logged_in.post(
        f"/activity/{entry.id}/edit",
        data={"kind": "walking", "minutes": "5", "at": f"{_today().isoformat()}T00:01"},
    )
    assert response.status_code == 422
    assert "changed elsewhere" in response.get_data(as_text=True)
    assert _only(app, ActivityEntry).minutes == 30
