"""Sleep pages for nights known only by their length, or unrated: nothing unknown is shown."""

import re
from datetime import timedelta

import pytest

from tests.conftest import login, make_user
from tests.sleep.factories import get_user, log_length, log_night
from tests.sleep.test_panel import render
from tracker.extensions import db
from tracker.sleep.models import SleepEntry
from tracker.timeutils import local_today, utcnow

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


def _length_night(app, uid, days_ago=2, **kwargs) -> int:
    with app.app_context():
        entry = log_length(
            get_user(uid), _today() - timedelta(days=days_ago), now=utcnow(), **kwargs
        )
        db.session.commit()
        return entry.id


def _row(page: str, entry_id: int) -> str:
    """The table row of one night, up to its edit link."""
    match = re.search(rf"<tr>((?:(?!<tr>).)*?/sleep/{entry_id}/edit)", page, re.S)
    assert match, page
    return match.group(1)


def test_the_list_shows_a_length_night_without_times_and_an_unrated_one_as_not_rated(
    app, logged_in, uid
):
    length_id = _length_night(app, uid, quality=None)
    with app.app_context():
        rated_id = log_night(get_user(uid), _today() - timedelta(days=1), now=utcnow()).id
        unrated_id = log_night(
            get_user(uid), _today() - timedelta(days=3), quality=None, now=utcnow()
        ).id
        db.session.commit()
    page = logged_in.get("/sleep").get_data(as_text=True)
    length = _row(page, length_id)
    assert "<td>times not recorded</td>" in length
    assert "<td>8 h</td>" in length and "<td>not rated</td>" in length
    # Time in bed, efficiency, minutes to fall asleep and awake are unknown, not 8 h, 100% or 0.
    assert length.count("<td>—</td>") == 4
    assert "23:00" not in length and "07:00" not in length and "100%" not in length
    unrated = _row(page, unrated_id)
    assert "<td>22:40–06:43</td>" in unrated and "<td>89%</td>" in unrated
    assert "<td>not rated</td>" in unrated
    assert "<td>good</td>" in _row(page, rated_id)


def test_editing_a_length_night_asks_for_its_times_and_saving_makes_them_known(app, logged_in, uid):
    entry_id = _length_night(app, uid, quality=2)
    page = logged_in.get(f"/sleep/{entry_id}/edit").get_data(as_text=True)
    assert "Only the length of this night is known: 8 h asleep." in page
    for name in ("into_bed", "tried_to_sleep", "final_awakening", "out_of_bed", "sol_minutes"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'value=""' in field or "value=" not in field, field
    assert re.search(r'<input checked[^>]*name="quality"[^>]*value="2">', page)
    day = _today() - timedelta(days=2)
    data = {
        "wake_day": day.isoformat(),
        "into_bed": "23:00",
        "tried_to_sleep": "23:10",
        "final_awakening": "06:40",
        "out_of_bed": "07:00",
        "sol_minutes": "20",
        "awakenings": "1",
        "waso_minutes": "10",
        "quality": "2",
        "row_version": "1",
    }
    assert logged_in.post(f"/sleep/{entry_id}/edit", data=data).headers["Location"] == "/sleep"
    with app.app_context():
        assert db.session.get(SleepEntry, entry_id).times_known is True
    row = _row(logged_in.get("/sleep").get_data(as_text=True), entry_id)
    assert "<td>23:00–07:00</td>" in row and "<td>7 h</td>" in row and "<td>88%</td>" in row


def test_the_delete_page_of_a_length_night_says_its_times_are_not_recorded(app, logged_in, uid):
    entry_id = _length_night(app, uid, quality=None)
    page = logged_in.get(f"/sleep/{entry_id}/delete").get_data(as_text=True)
    assert "Times not recorded, slept 8 h, quality not rated. This cannot be undone." in page


def test_the_today_panel_shows_a_length_night_without_times(app, uid):
    day = _today() - timedelta(days=1)
    _length_night(app, uid, days_ago=1, minutes=425)
    html, _ = render(app, uid, day)
    assert "Slept 7 h 5 min · quality good" in html
    assert f"Times not recorded · filed under {day:%a} {day.day} {day:%b %Y}" in html
    assert "In bed" not in html and "efficiency" not in html
