"""The Today card: the next appointment, the questions so far, and one box to add a question."""

import re
from collections import Counter
from datetime import date, time, timedelta

import pytest
from flask import render_template_string

from tests.appointments.factories import appointment, count, get_user, question
from tests.conftest import NOW, login, make_user
from tracker.appointments.models import Question
from tracker.appointments.panel import today_panel
from tracker.extensions import db
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"
INCLUDE = (
    '{% with panel = panels["appointments"] %}{% include "appointments/_today.html" %}{% endwith %}'
)


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def _render(app, uid, day, now=NOW):
    with app.test_request_context("/today"):
        panel = today_panel(get_user(uid), day, now)
        return panel, render_template_string(INCLUDE, panels={"appointments": panel})


def test_panel_without_appointments_offers_the_question_box(app, uid):
    panel, html = _render(app, uid, date(2025, 6, 2))
    assert panel["next_appointment"] is None and panel["open"] == []
    assert '<h2 id="appt-title">Next appointment</h2>' in html
    assert 'action="/appointments/questions/new"' in html
    assert '<label for="appt-question">A question for your next visit</label>' in html
    assert 'name="next" type="hidden" value="/today?day=2025-06-02"' in html
    assert 'href="/appointments/new?next=/today?day%3D2025-06-02">Add an appointment</a>' in html


def test_panel_shows_the_next_appointment_and_the_open_questions(app, uid):
    with app.app_context():
        user = get_user(uid)
        appointment(user, day=date(2025, 6, 12), start_time=time(9, 15), provider="Dr Okafor")
        question(user, "Is the fog the dose?", now=NOW - timedelta(days=2))
        question(user, "Sleep?")
        db.session.commit()
    panel, html = _render(app, uid, date(2025, 6, 2))
    assert (
        "<strong>Thu 12 Jun 2025</strong> at 09:15 · Prescriber appointment with Dr Okafor" in html
    )
    assert "2 questions to ask" in html
    assert html.index("Is the fog the dose?") < html.index("Sleep?")


def test_panel_ids_are_unique_and_prefixed(app, uid):
    with app.app_context():
        question(get_user(uid))
        db.session.commit()
    _, html = _render(app, uid, date(2025, 6, 2))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert ids and all(i.startswith("appt-") for i in ids)
    assert not [i for i, n in Counter(ids).items() if n > 1]


def test_today_page_includes_the_card(app, uid, client):
    login(client)
    page = client.get("/today").get_data(as_text=True)
    assert page.count('id="appt-title"') == 1
    assert page.index('id="therapy-title"') < page.index('id="appt-title"')  # the last card


def test_adding_a_question_on_today_files_it_and_returns_once(app, uid, client):
    login(client)
    day = local_today(TZ, utcnow()) - timedelta(days=1)  # the page shows yesterday
    _, html = _render(app, uid, day, utcnow())
    hidden = dict(re.findall(r'name="(next|request_key)" type="hidden" value="([^"]+)"', html))
    form = {**hidden, "text": "Ask about the brain fog since the increase"}
    first = client.post("/appointments/questions/new", data=form)
    again = client.post("/appointments/questions/new", data=form)  # a double tap
    assert first.headers["Location"] == again.headers["Location"] == f"/today?day={day}"
    with app.app_context():
        assert count(Question) == 1
        q = db.session.scalars(db.select(Question)).one()
        assert (q.text, q.day) == ("Ask about the brain fog since the increase", day + timedelta(1))
    assert "Question saved for your next visit." in client.get(f"/today?day={day}").get_data(
        as_text=True
    )
