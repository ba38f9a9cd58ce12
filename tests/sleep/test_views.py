"""Sleep pages over HTTP: wall-clock entry, rejected forms kept, duplicates pointed to edit."""

import re
from datetime import date, timedelta

import pytest

from tests.conftest import login, make_user
from tests.sleep.factories import get_user, log_night
from tracker.extensions import db
from tracker.sleep import naps
from tracker.sleep.models import Nap, SleepEntry
from tracker.timeutils import local_today, to_local, utcnow

TZ = "Europe/Berlin"


def _today():
    return local_today(TZ, utcnow())


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


@pytest.fixture
def logged_in(client, uid):
    login(client)
    return client


def _night(day, **extra):
    return {
        "wake_day": day.isoformat(),
        "into_bed": "23:00",
        "tried_to_sleep": "23:10",
        "final_awakening": "06:40",
        "out_of_bed": "07:00",
        "sol_minutes": "20",
        "awakenings": "1",
        "waso_minutes": "10",
        "quality": "4",
        **extra,
    }


def _entries():
    return db.session.scalars(db.select(SleepEntry)).all()


def test_the_form_says_which_morning_the_night_is_filed_under(logged_in):
    page = logged_in.get("/sleep/new?day=2025-03-30").get_data(as_text=True)
    assert "This night is filed under Sun 30 Mar 2025, the morning you woke up." in page
    assert 'value="2025-03-30"' in page
    assert "Morning you woke up" in page
    for label in ("Very poor", "Poor", "Fair", "Good", "Very good"):
        assert f"> {label}</label>" in page


def test_a_night_entered_in_wall_clock_times_is_stored_as_instants(app, logged_in):
    day = _today() - timedelta(days=2)
    response = logged_in.post("/sleep/new", data=_night(day, note="Woke at 3"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/sleep"
    with app.app_context():
        (entry,) = _entries()
        bed, up = to_local(entry.at, TZ), to_local(entry.out_of_bed_at, TZ)
        assert (bed.date(), bed.hour, up.date(), up.hour) == (day - timedelta(days=1), 23, day, 7)
        assert (entry.day, entry.note) == (day, "Woke at 3")
    page = logged_in.get("/sleep").get_data(as_text=True)
    assert 'class="table-scroll"' in page
    # 23:10 to 06:40 is 7 h 30 min, less 20 + 10 minutes: 7 h asleep of 8 h in bed.
    assert "<td>8 h</td>" in page and "<td>7 h</td>" in page and "<td>88%</td>" in page
    assert "<td>good</td>" in page and "Woke at 3" in page


def test_a_rejected_night_comes_back_filled_in_with_the_message_by_the_field(app, logged_in):
    day = _today() - timedelta(days=2)
    data = _night(day, tried_to_sleep="22:30", note="late tea")
    response = logged_in.post("/sleep/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="tried_to_sleep-error">([^<]*)</p>', page)
    assert error and "at or after the time you got into bed" in error.group(1)
    assert 'value="22:30"' in page and "late tea" in page and 'value="20"' in page
    assert '<input checked id="quality-3" name="quality" required type="radio" value="4">' in page
    with app.app_context():
        assert _entries() == []


def test_a_missing_quality_is_pointed_out(logged_in):
    data = _night(_today() - timedelta(days=2))
    del data["quality"]
    response = logged_in.post("/sleep/new", data=data)
    assert response.status_code == 422
    assert "Choose how well you slept." in response.get_data(as_text=True)


def test_the_same_night_sent_twice_records_once(app, logged_in):
    data = _night(_today() - timedelta(days=2), request_key="twice1")
    first = logged_in.post("/sleep/new", data=data)
    second = logged_in.post("/sleep/new", data=data)
    assert first.status_code == second.status_code == 302
    with app.app_context():
        assert len(_entries()) == 1


def test_a_second_night_for_a_morning_is_refused_with_a_link_to_edit_the_first(app, logged_in):
    day = _today() - timedelta(days=2)
    logged_in.post("/sleep/new", data=_night(day, request_key="a1"))
    response = logged_in.post("/sleep/new", data=_night(day, into_bed="22:00", request_key="a2"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    with app.app_context():
        (entry,) = _entries()
        assert to_local(entry.at, TZ).hour == 23
    assert 'id="wake_day-error"' in page and "already logged for the morning of" in page
    assert f'href="/sleep/{entry.id}/edit"' in page
    assert 'value="22:00"' in page


def test_saving_from_the_today_panel_returns_to_that_day(logged_in):
    day = _today() - timedelta(days=1)
    data = _night(day, next=f"/today?day={day.isoformat()}")
    response = logged_in.post("/sleep/new", data=data)
    assert response.headers["Location"] == f"/today?day={day.isoformat()}"
    evil = logged_in.post(
        "/sleep/new", data=_night(day - timedelta(days=1), next="https://evil.example/")
    )
    assert evil.headers["Location"] == "/sleep"


def test_editing_a_night_shows_its_times_and_saves_changes(app, logged_in, uid):
    day = _today() - timedelta(days=2)
    logged_in.post("/sleep/new", data=_night(day))
    with app.app_context():
        (entry,) = _entries()
        entry_id, version = entry.id, entry.row_version
    back = f"/today?day={day.isoformat()}"
    page = logged_in.get(f"/sleep/{entry_id}/edit", query_string={"next": back}).get_data(
        as_text=True
    )
    assert 'value="23:00"' in page and 'value="06:40"' in page
    assert f'name="row_version" type="hidden" value="{version}"' in page
    assert f'<input type="hidden" name="next" value="{back}">' in page
    data = _night(day, quality="2", waso_minutes="45", row_version=str(version))
    response = logged_in.post(f"/sleep/{entry_id}/edit", data={**data, "next": back})
    assert response.headers["Location"] == back
    stale = logged_in.post(f"/sleep/{entry_id}/edit", data=data)
    assert stale.status_code == 422
    assert "changed elsewhere" in stale.get_data(as_text=True)
    with app.app_context():
        entry = db.session.get(SleepEntry, entry_id)
        assert (entry.quality, entry.waso_minutes) == (2, 45)


def test_deleting_a_night_asks_first_then_deletes_on_post(app, logged_in):
    logged_in.post("/sleep/new", data=_night(_today() - timedelta(days=2)))
    with app.app_context():
        entry_id = _entries()[0].id
    confirm = logged_in.get(f"/sleep/{entry_id}/delete")
    assert confirm.status_code == 200 and "Delete this night" in confirm.get_data(as_text=True)
    with app.app_context():
        assert len(_entries()) == 1
    assert logged_in.post(f"/sleep/{entry_id}/delete").headers["Location"] == "/sleep"
    with app.app_context():
        assert _entries() == []


def test_naps_are_logged_edited_and_deleted(app, logged_in):
    start = (_today() - timedelta(days=1)).isoformat() + "T14:30"
    data = {"start": start, "minutes": "25", "request_key": "nap1"}
    assert logged_in.post("/sleep/naps/new", data=data).status_code == 302
    assert logged_in.post("/sleep/naps/new", data=data).status_code == 302
    with app.app_context():
        (nap,) = db.session.scalars(db.select(Nap)).all()
        nap_id = nap.id
        assert nap.day == _today() - timedelta(days=1)
    assert "from 14:30, 25 min" in logged_in.get("/sleep").get_data(as_text=True)
    edit = logged_in.get(f"/sleep/naps/{nap_id}/edit").get_data(as_text=True)
    assert f'value="{start}"' in edit
    edited = {"start": start, "minutes": "45", "row_version": "1"}
    assert logged_in.post(f"/sleep/naps/{nap_id}/edit", data=edited).status_code == 302
    assert "Delete this nap" in logged_in.get(f"/sleep/naps/{nap_id}/delete").get_data(as_text=True)
    logged_in.post(f"/sleep/naps/{nap_id}/delete")
    with app.app_context():
        assert db.session.scalars(db.select(Nap)).all() == []


def test_a_rejected_nap_comes_back_filled_in(app, logged_in):
    start = (_today() - timedelta(days=1)).isoformat() + "T14:30"
    response = logged_in.post("/sleep/naps/new", data={"start": start, "minutes": "0"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="minutes-error"' in page and "Enter 1 to 600 minutes." in page
    assert f'value="{start}"' in page


def test_another_users_night_and_nap_are_not_found(app, client, uid):
    other = make_user(app, "bo@example.org", tz=TZ)
    with app.app_context():
        entry = log_night(get_user(other), date(2025, 6, 1))
        nap = naps.record_nap(
            get_user(other), start=utcnow() - timedelta(hours=5), minutes=20, now=utcnow()
        )
        db.session.commit()
        entry_id, nap_id = entry.id, nap.id
    login(client)
    for url in (
        f"/sleep/{entry_id}/edit",
        f"/sleep/{entry_id}/delete",
        f"/sleep/naps/{nap_id}/edit",
        f"/sleep/naps/{nap_id}/delete",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={}).status_code == 404, url
    with app.app_context():
        assert len(_entries()) == 1 and db.session.scalar(db.select(db.func.count(Nap.id))) == 1


def test_sleep_pages_need_a_login(client):
    response = client.get("/sleep")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
