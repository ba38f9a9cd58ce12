"""Nights whose minutes to fall asleep (SOL), awakenings or minutes awake (WASO) were left
empty: stored as not known, never 0; total sleep is then an upper bound ("up to"), efficiency is
not shown; the full form accepts them empty and answers a bad one in plain words."""

from datetime import date, timedelta

import pytest

from tests.conftest import NOW, login, make_user
from tests.sleep.factories import a_night, get_user, log_night
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.sleep import measures, services
from tracker.sleep.models import SleepEntry
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"
WAKE = date(2025, 5, 3)  # 22:45 to 06:30 from trying to sleep to waking: 7 h 45 min


@pytest.mark.parametrize(
    ("sol", "waso", "tst", "efficiency", "unrecorded"),
    [
        (15, 20, 430, 89, None),
        (None, 20, 445, None, "minutes to fall asleep not recorded"),
        (15, None, 450, None, "minutes awake not recorded"),
        (None, None, 465, None, "minutes to fall asleep and awake not recorded"),
    ],
)
def test_total_sleep_takes_off_what_is_known_and_efficiency_needs_both(
    app, sol, waso, tst, efficiency, unrecorded
):
    uid = make_user(app, tz=TZ)
    with app.app_context():
        entry = log_night(get_user(uid), WAKE, sol=sol, waso=waso, awakenings=None)
        s = services.summarize(entry)
        assert (entry.sol_minutes, entry.waso_minutes, entry.awakenings) == (sol, waso, None)
        assert s.tst_minutes == tst and s.unrecorded == unrecorded
        assert s.tst_at_most is (unrecorded is not None)
        assert (None if s.efficiency is None else round(s.efficiency)) == efficiency


def test_the_headline_and_the_row_say_up_to_and_what_was_not_recorded(app):
    uid = make_user(app, tz=TZ)
    with app.app_context():
        entry = log_night(get_user(uid), WAKE, sol=None, waso=None, awakenings=None)
        row = services.night_row(entry)
        assert row.headline == "Slept up to 7 h 45 min · quality good"
        assert row.bed_line == "In bed 22:40–06:43 · minutes to fall asleep and awake not recorded"
        assert (row.asleep, row.efficiency, row.to_fall_asleep, row.awake_in_night) == (
            "up to 7 h 45 min",
            "—",
            "—",
            "—",
        )
        (item,) = services.timeline_items(get_user(uid), WAKE, WAKE)
        assert item.detail == row.bed_line  # no counts to list
        full = services.night_row(log_night(get_user(uid), WAKE + timedelta(days=1)))
        assert full.headline == "Slept 7 h 10 min · efficiency 89% · quality good"


def test_awakenings_alone_unknown_keep_total_sleep_and_efficiency(app):
    uid = make_user(app, tz=TZ)
    with app.app_context():
        row = services.night_row(log_night(get_user(uid), WAKE, awakenings=None))
        assert row.headline == "Slept 7 h 10 min · efficiency 89% · quality good"
        assert row.awake_in_night == "20 min (—)"


def test_a_known_count_still_has_to_fit_the_night():
    night = a_night(WAKE, sol=None, waso=500)  # 7 h 45 min from trying to sleep to waking
    with pytest.raises(Invalid) as caught:
        measures.check_night(night.times, sol=None, waso=500, awakenings=None, quality=4)
    assert caught.value.field == "waso_minutes"
    assert str(caught.value.message).startswith("That is longer than the 7 h 45 min")


def test_the_next_night_is_prefilled_with_counts_left_empty_when_they_were_not_known(app):
    uid = make_user(app, tz=TZ)
    with app.app_context():
        log_night(get_user(uid), WAKE, sol=None, waso=None, awakenings=None)
        usual = services.usual_night(get_user(uid), WAKE + timedelta(days=1))
        assert (usual.sol_minutes, usual.awakenings, usual.waso_minutes) == (None, None, None)


@pytest.fixture
def logged_in(app, client):
    uid = make_user(app, tz=TZ)
    login(client)
    return uid


def _form(day: date, **extra) -> dict:
    return {
        "wake_day": day.isoformat(),
        "into_bed": "23:00",
        "tried_to_sleep": "23:10",
        "final_awakening": "06:40",
        "out_of_bed": "07:00",
        "sol_minutes": "",
        "awakenings": "",
        "waso_minutes": "",
        "quality": "3",
        **extra,
    }


def test_the_full_form_saves_empty_counts_as_not_known(app, client, logged_in):
    day = local_today(TZ, utcnow()) - timedelta(days=1)
    page = client.get(f"/sleep/new?day={day.isoformat()}").get_data(as_text=True)
    assert "Leave empty if you don&#39;t know." in page or "Leave empty if you don't know." in page
    response = client.post("/sleep/new", data=_form(day))
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(db.select(SleepEntry)).one()
        assert (entry.sol_minutes, entry.awakenings, entry.waso_minutes) == (None, None, None)
    listing = client.get("/sleep").get_data(as_text=True)
    assert "up to 7 h 30 min" in listing


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("sol_minutes", "abc", "Enter a whole number of minutes, like 10, or leave it empty."),
        ("awakenings", "-3", "Enter 0 to 50, or leave it empty."),
        ("waso_minutes", "800", "Enter 0 to 720 minutes, or leave it empty."),
    ],
)
def test_the_full_form_answers_a_bad_count_beside_it_in_plain_words(
    app, client, logged_in, field, typed, message
):
    day = local_today(TZ, utcnow()) - timedelta(days=1)
    response = client.post("/sleep/new", data=_form(day, **{field: typed}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 or response.status_code == 200
    assert f'id="{field}-error">{message}</p>' in page and "Not a valid" not in page
    with app.app_context():
        assert db.session.scalars(db.select(SleepEntry)).all() == []


def test_editing_a_night_can_clear_a_count_to_not_known(app, client, logged_in):
    day = local_today(TZ, utcnow()) - timedelta(days=1)
    with app.app_context():
        entry_id = log_night(get_user(logged_in), day, now=utcnow()).id
        db.session.commit()
    page = client.get(f"/sleep/{entry_id}/edit").get_data(as_text=True)
    assert 'name="sol_minutes" type="number" value="15"' in page or 'value="15"' in page
    response = client.post(
        f"/sleep/{entry_id}/edit",
        data=_form(
            day,
            into_bed="22:40",
            tried_to_sleep="22:45",
            final_awakening="06:30",
            out_of_bed="06:43",
            awakenings="2",
            waso_minutes="20",
            row_version="1",
        ),
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.get(SleepEntry, entry_id)
        assert (entry.sol_minutes, entry.awakenings, entry.waso_minutes) == (None, 2, 20)


def test_a_service_refuses_a_count_that_is_not_a_whole_number(app):
    uid = make_user(app, tz=TZ)
    with app.app_context(), pytest.raises(Invalid) as caught:
        services.record_night(get_user(uid), a_night(WAKE, sol=True), now=NOW)
    assert caught.value.field == "sol_minutes"
