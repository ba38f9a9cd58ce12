"""The check-in card on the Today page: the day so far, and one tap per scale."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from flask import render_template_string

from tests.checkins.factories import checkin, get_user
from tests.conftest import NOW, login, make_user
from tracker.checkins import services
from tracker.checkins.models import MoodCheckin
from tracker.checkins.panel import today_panel
from tracker.extensions import db
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"
INCLUDE = '{% with panel = panels["checkins"] %}{% include "checkins/_today.html" %}{% endwith %}'


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def _render(app, uid, day, now=NOW):
    with app.test_request_context("/today"):
        panel = today_panel(get_user(uid), day, now)
        return panel, render_template_string(INCLUDE, panels={"checkins": panel})


def test_panel_renders_one_row_of_radio_buttons_per_shown_scale(app, uid):
    _, html = _render(app, uid, date(2025, 6, 2))
    assert '<details class="card today-part" id="checkin" data-part open>' in html
    assert html.count("<fieldset") == 5 and html.count("<legend>") == 5
    assert html.count('type="radio"') == 55
    assert 'formaction="/checkins/today" name="next" value="/today?day=2025-06-02#checkin"' in html
    assert html.count('type="submit"') == 1
    assert "No check-in yet today." in html


def test_panel_ids_are_prefixed_unique_and_every_input_is_labelled(app, uid):
    _, html = _render(app, uid, date(2025, 6, 2))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert all(i.startswith(("checkin", "mood-", "today-checkin-")) for i in ids)
    assert not [i for i, n in Counter(ids).items() if n > 1]
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    inputs = re.findall(r"<(?:input|textarea)[^>]*?\sid=\"([^\"]+)\"", html)
    assert inputs and set(inputs) <= labelled


def test_panel_shows_only_the_chosen_scales(app, uid):
    with app.app_context():
        services.set_shown_scales(get_user(uid), ["mood", "energy"])
        db.session.commit()
    _, html = _render(app, uid, date(2025, 6, 2))
    assert html.count("<fieldset") == 2
    assert "<legend>Energy</legend>" in html and "<legend>Anxiety</legend>" not in html


def test_panel_summarises_the_day_so_far(app, uid):
    with app.app_context():
        user = get_user(uid)
        checkin(user, at=NOW - timedelta(hours=3), mood=2, anxiety=7)
        checkin(user, at=NOW - timedelta(hours=1), mood=5)
        db.session.commit()
    panel, html = _render(app, uid, date(2025, 6, 2))
    assert panel["overview"].count == 2
    assert "2 check-ins today so far." in html
    mood = re.search(r"<th scope=\"row\">Mood</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", mood) == ["3.5", "2", "5"]


def test_panel_for_an_earlier_day_offers_the_time_filled_in(app, uid):
    panel, html = _render(app, uid, date(2025, 5, 30))
    assert panel["backdate"] and "No check-in on this day." in html
    at = 'id="checkin-at" name="checkin-at" type="datetime-local" value="2025-05-30T12:00"'
    assert at in html


def test_panel_for_tomorrow_has_no_form(app, uid):
    panel, html = _render(app, uid, date(2025, 6, 3))
    assert not panel["can_log"] and "<form" not in html


def test_panel_form_posted_as_is_records_one_checkin_and_returns_to_today(app, uid, client):
    login(client)
    day = local_today(TZ, utcnow())
    _, html = _render(app, uid, day, utcnow())
    key = re.search(r'name="checkin-request_key" type="hidden" value="([0-9a-f]+)"', html)[1]
    form = {
        "checkin-request_key": key,
        "next": f"/today?day={day}#checkin",
        "checkin-mood": "6",
        "checkin-focus": "3",
    }
    for _ in range(2):
        response = client.post("/checkins/today", data=form)
        assert response.headers["Location"] == f"/today?day={day}#checkin"
    with app.app_context():
        entry = db.session.scalars(db.select(MoodCheckin)).one()
        assert (entry.day, entry.mood, entry.focus) == (day, 6, 3)
