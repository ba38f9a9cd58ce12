"""Today's check-in form: each Save saves its part, lands on its anchor, and keeps the rest."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.conftest import login, make_user
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.sleep.models import SleepEntry
from tracker.symptoms.models import SymptomEntry
from tracker.timeutils import local_today, to_local, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def day(app, client):
    make_user(app, tz=TZ)
    login(client)
    # Yesterday: last night is over and the check-in can be back-dated at any hour of the run.
    return local_today(TZ, utcnow()) - timedelta(days=1)


def _whole_form(day, **extra):
    """What the browser sends from the Today page's one check-in form."""
    return {
        "checkin_day": day.isoformat(),
        "checkin-mood": "6",
        "checkin-anxiety": "3",
        "checkin-at": f"{day.isoformat()}T12:00",
        "checkin-request_key": "c1",
        "sleep-wake_day": day.isoformat(),
        "sleep-into_bed": "23:10",
        "sleep-final_awakening": "07:00",
        "sleep-quality": "4",
        "sleep-sol_minutes": "20",
        "sleep-awakenings": "1",
        "sleep-waso_minutes": "15",
        "sleep-request_key": "s1",
        "day": day.isoformat(),
        "request_key": "e1",
        "sym-brain_fog": "3",
        **extra,
    }


def _checked(page: str, input_id: str) -> bool:
    return bool(
        re.search(
            rf'<input[^>]*id="{input_id}"[^>]*checked|<input[^>]*checked[^>]*id="{input_id}"', page
        )
    )


def test_saving_side_effects_lands_on_their_anchor_and_keeps_the_unsaved_mood(app, client, day):
    here = f"/today?day={day.isoformat()}"
    form = _whole_form(day, next=f"{here}#side-effects")
    response = client.post("/symptoms/today", data=form)
    assert response.headers["Location"] == f"{here}#side-effects"
    page = client.get(here).get_data(as_text=True)
    assert "Side effects saved." in page
    assert _checked(page, "today-checkin-mood-6") and _checked(page, "today-checkin-anxiety-3")
    assert 'value="23:10"' in page  # last night's unsaved bed time too
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(MoodCheckin.id))) == 0
        assert db.session.scalars(db.select(SymptomEntry.severity)).all() == [3]
    # Carried once: the next page is drawn from what is saved.
    assert not _checked(client.get(here).get_data(as_text=True), "today-checkin-mood-6")


def test_saving_the_checkin_lands_on_its_anchor_and_folds_it(app, client, day):
    here = f"/today?day={day.isoformat()}"
    response = client.post("/checkins/today", data=_whole_form(day, next=f"{here}#checkin"))
    assert response.headers["Location"] == f"{here}#checkin"
    page = client.get(here).get_data(as_text=True)
    assert '<details class="card today-part" id="checkin" data-part>' in page  # folded
    assert (
        "Mood 6 · Anxiety 3" in page
        and '<details class="card today-part" id="sleep" data-part open>' in page
    )
    assert _checked(page, "sym-brain_fog-3")
    assert not _checked(page, "today-checkin-mood-6")  # saved, so the new form starts empty


def test_a_rejected_night_comes_back_on_today_with_the_message_beside_the_field(app, client, day):
    here = f"/today?day={day.isoformat()}"
    form = _whole_form(
        day, next=f"{here}#sleep", **{"sleep-into_bed": "", "sleep-sol_minutes": "ten"}
    )
    response = client.post("/sleep/today", data=form)
    assert response.headers["Location"] == f"{here}#sleep"
    page = client.get(here).get_data(as_text=True)
    assert 'id="sleep-into_bed-error">Enter a time, like 23:15.' in page
    assert 'id="sleep-sol_minutes-error">Enter a whole number of minutes, like 10, or leave' in page
    assert 'value="ten"' in page and "Not a valid" not in page
    assert _checked(page, "today-checkin-mood-6")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SleepEntry.id))) == 0


def test_a_first_night_needs_no_tried_to_sleep_or_out_of_bed_time(app, client, day):
    here = f"/today?day={day.isoformat()}"
    client.post("/sleep/today", data=_whole_form(day, next=f"{here}#sleep"))
    with app.app_context():
        night = db.session.scalars(db.select(SleepEntry)).one()
        assert night.tried_to_sleep_at == night.at  # tried to sleep on going to bed
        assert night.out_of_bed_at == night.final_awakening_at
        assert (night.sol_minutes, night.awakenings, night.waso_minutes) == (20, 1, 15)
        assert to_local(night.at, TZ).strftime("%H:%M") == "23:10" and night.day == day


def test_a_first_night_saves_with_only_bed_time_wake_time_and_quality(app, client, day):
    here = f"/today?day={day.isoformat()}"
    page = client.get(here).get_data(as_text=True)
    assert "More detail: minutes to fall asleep, awakenings, minutes awake, …" in page
    brief = {
        "sleep-wake_day": day.isoformat(),
        "sleep-into_bed": "23:10",
        "sleep-final_awakening": "07:00",
        "sleep-quality": "4",
        "sleep-request_key": "s1",
        "next": f"{here}#sleep",
        # What a browser sends for the fields under "More detail" left alone: empty values.
        **dict.fromkeys(
            (f"sleep-{name}" for name in ("sol_minutes", "awakenings", "waso_minutes")), ""
        ),
        **{"sleep-tried_to_sleep": "", "sleep-out_of_bed": ""},
    }
    response = client.post("/sleep/today", data=brief)
    assert response.headers["Location"] == f"{here}#sleep"
    page = client.get(here).get_data(as_text=True)
    # 23:10 to 07:00 with the minutes to fall asleep and awake unknown: at most 7 h 50 min.
    assert "Slept up to 7 h 50 min · quality good" in page
    assert "minutes to fall asleep and awake not recorded" in page
    with app.app_context():
        night = db.session.scalars(db.select(SleepEntry)).one()
        # Not recorded, so not known: a 0 would be a night with no time to fall asleep or awake.
        assert (night.sol_minutes, night.awakenings, night.waso_minutes) == (None, None, None)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("sol_minutes", "-3", "Enter 0 to 720 minutes, or leave it empty."),
        ("awakenings", "abc", "Enter a whole number, like 2, or leave it empty."),
        ("waso_minutes", "1.5", "Enter a whole number of minutes, like 10, or leave it empty."),
    ],
)
def test_a_bad_count_is_answered_beside_it_in_plain_words_with_more_detail_open(
    app, client, day, field, typed, message
):
    here = f"/today?day={day.isoformat()}"
    form = _whole_form(day, next=f"{here}#sleep", **{f"sleep-{field}": typed})
    response = client.post("/sleep/today", data=form)
    assert response.headers["Location"] == f"{here}#sleep"
    page = client.get(here).get_data(as_text=True)
    assert f'id="sleep-{field}-error">{message}</p>' in page
    assert '<details class="sleep-detail" id="sleep-detail" open>' in page
    assert "Not a valid" not in page and f'value="{typed}"' in page
    with app.app_context():
        assert db.session.scalars(db.select(SleepEntry)).all() == []


def test_more_detail_shows_the_counts_it_was_filled_in_with(app, client, day):
    here = f"/today?day={day.isoformat()}"
    client.post("/sleep/today", data=_whole_form(day - timedelta(days=1), next=here))
    page = client.get(here).get_data(as_text=True)
    assert "More detail: 20 min to fall asleep · woke 1 time, 15 min awake" in page
    assert '<details class="sleep-detail" id="sleep-detail">' in page  # closed


def test_the_day_says_done_when_everything_followed_is_logged(client, day):
    here = f"/today?day={day.isoformat()}"
    assert "Still to log: mood, last night, side effects." in client.get(here).get_data(
        as_text=True
    )
    for url in ("/checkins/today", "/sleep/today"):
        client.post(url, data=_whole_form(day, next=here))
    client.post(
        "/symptoms/today", data=_whole_form(day, next=here, **{"sym-emotional_numbness": "2"})
    )
    page = client.get(here).get_data(as_text=True)
    assert "Done for this day: mood, last night, side effects logged." in page
