"""The questionnaires part of the Today page: due, next due, FIBSER, item-9 reminder."""

import re
from datetime import date, timedelta

import pytest
from flask import render_template_string

from tests.conftest import NOW, make_user
from tests.questionnaires.factories import gad7, get_user, phq9_total
from tracker.extensions import db
from tracker.questionnaires import services
from tracker.questionnaires.panel import today_panel

TODAY = date(2025, 6, 2)
INCLUDE = (
    '{% with panel = panels["questionnaires"] %}'
    '{% include "questionnaires/_today.html" %}{% endwith %}'
)


@pytest.fixture
def uid(app):
    return make_user(app)


def _render(app, uid, day=TODAY):
    with app.test_request_context():
        panel = today_panel(get_user(uid), day, NOW)
        return panel, render_template_string(INCLUDE, panels={"questionnaires": panel})


def test_never_taken_both_are_due_with_links_back_to_the_day(app, uid):
    panel, html = _render(app, uid)
    assert panel["due_text"] == "PHQ-9 and GAD-7 are due (every 14 days)"
    assert "PHQ-9 and GAD-7 are due (every 14 days)" in html
    assert 'href="/questionnaires/phq9?next=/today?day%3D2025-06-02"' in html
    assert 'href="/questionnaires/gad7?next=/today?day%3D2025-06-02"' in html
    assert "/questionnaires/fibser?next=" in html
    assert 'role="alert"' not in html


def test_when_nothing_is_due_it_says_when_the_next_ones_fall_due(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9_total(user, 8, days_ago=3)
        gad7(user, 5, days_ago=3)
        db.session.commit()
    panel, html = _render(app, uid)
    assert panel["due"] == [] and panel["due_text"] is None
    assert "PHQ-9 and GAD-7 are next due on Fri 13 Jun 2025." in html
    assert "Take PHQ-9" not in html


def test_next_due_dates_follow_the_cadence(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9_total(user, 8, days_ago=3)
        gad7(user, 5, days_ago=1)
        services.set_cadence(user, 7)
        db.session.commit()
    panel, _ = _render(app, uid)
    assert panel["next_text"] == "Next due: PHQ-9 on Fri 6 Jun 2025, GAD-7 on Sun 8 Jun 2025."


def test_one_due_reads_in_the_singular(app, uid):
    with app.app_context():
        gad7(get_user(uid), 5, days_ago=2)
        db.session.commit()
    panel, html = _render(app, uid)
    assert panel["due_text"] == "PHQ-9 is due (every 14 days)"
    assert "Take GAD-7" not in html and "GAD-7 is next due on" in html


def test_recent_item9_shows_a_reminder_with_the_crisis_text(app, uid):
    with app.app_context():
        phq9_total(get_user(uid), 3, days_ago=13, item9=2)
        db.session.commit()
    _, html = _render(app, uid)
    assert re.search(r'role="alert"[^>]*id="q-crisis-reminder"', html)
    assert app.config["CRISIS_TEXT"].replace("'", "&#39;") in html
    assert "More than half the days" in html


def test_item9_older_than_14_days_leaves_no_reminder(app, uid):
    with app.app_context():
        phq9_total(get_user(uid), 3, days_ago=14, item9=2)
        db.session.commit()
    panel, html = _render(app, uid)
    assert panel["crisis_text"] is None and 'role="alert"' not in html


def test_a_back_dated_day_keeps_its_next_link_but_due_counts_from_today(app, uid):
    with app.app_context():
        phq9_total(get_user(uid), 8, days_ago=0)
        db.session.commit()
    panel, html = _render(app, uid, day=TODAY - timedelta(days=20))
    assert panel["next"] == "/today?day=2025-05-13"
    assert panel["due_text"] == "GAD-7 is due (every 14 days)"


def test_element_ids_are_prefixed_and_unique(app, uid):
    with app.app_context():
        phq9_total(get_user(uid), 3, item9=1)
        db.session.commit()
    _, html = _render(app, uid)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert ids and all(i.startswith("q-") for i in ids)
    assert len(ids) == len(set(ids))
    assert 'aria-labelledby="q-heading"' in html and '<h2 id="q-heading">' in html
