"""Symptom pages over HTTP: forms keep what was typed, errors sit by their field."""

from datetime import time, timedelta

import pytest

from tests.conftest import login, make_user
from tests.symptoms.factories import TZ, get_user, log, medication
from tracker.extensions import db
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.timeutils import local_today, localize, utcnow


@pytest.fixture
def uid(app, client):
    user_id = make_user(app, tz=TZ)
    login(client)
    return user_id


def _today():
    return local_today(TZ, utcnow())


def _count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(SymptomEntry.id)))


def _entry(app, uid, symptom="brain_fog", severity=6, days_ago=0):
    with app.app_context():
        day = _today() - timedelta(days=days_ago)
        when = localize(day, time(9), TZ) if days_ago else None
        entry = log(get_user(uid), symptom, severity, when, now=utcnow())
        db.session.commit()
        return entry.id


def _post_new(client, **extra):
    data = {"symptom": "brain_fog", "severity": "6", "request_key": "new1", **extra}
    return client.post("/symptoms/new", data=data)


def test_new_entry_page_lists_every_symptom_followed_first_with_the_scale_help(client, uid):
    page = client.get("/symptoms/new").get_data(as_text=True)
    assert '<option value="">Choose a symptom</option><optgroup label="Followed">' in page
    assert page.index("Emotional numbness") < page.index("Brain fog") < page.index("Nausea")
    assert "Flu-like feelings" in page
    assert "0 = not present (checked), 10 = worst imaginable" in page
    assert "None / not sure" in page


def test_logging_a_symptom_redirects_to_the_list_which_shows_it(app, client, uid):
    response = _post_new(client, note="After lunch <b>bad</b>")
    assert response.status_code == 302 and response.headers["Location"] == "/symptoms"
    page = client.get("/symptoms").get_data(as_text=True)
    assert "Brain fog" in page and "6/10" in page
    assert "After lunch &lt;b&gt;bad&lt;/b&gt;" in page


def test_logging_goes_back_to_a_relative_next_only(client, uid):
    response = _post_new(client, next="/today?day=2025-06-01")
    assert response.headers["Location"] == "/today?day=2025-06-01"
    response = _post_new(client, request_key="new2", next="https://evil.example/")
    assert response.headers["Location"] == "/symptoms"


@pytest.mark.parametrize("severity", ["11", "-1"])
def test_severity_off_the_scale_comes_back_filled_in_with_the_message_by_the_field(
    app, client, uid, severity
):
    response = _post_new(client, severity=severity, note="kept text")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'value="{severity}"' in page and "kept text" in page
    assert 'id="severity-error"' in page and "Choose from 0 to 10." in page
    assert _count(app) == 0


def test_suspecting_another_users_medication_is_refused_by_the_field(app, client, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        theirs = medication(get_user(other), "lithium").id
        db.session.commit()
    response = _post_new(client, medication_id=str(theirs))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="medication_id-error"' in page and "Choose one of your medications." in page
    assert "lithium" not in page
    assert _count(app) == 0


def test_suspecting_own_medication_is_shown_in_the_list(app, client, uid):
    with app.app_context():
        mine = medication(get_user(uid), "escitalopram").id
        db.session.commit()
    assert _post_new(client, medication_id=str(mine)).status_code == 302
    assert "escitalopram" in client.get("/symptoms").get_data(as_text=True)


def test_a_future_time_is_refused_by_the_field(app, client, uid):
    later = (utcnow() + timedelta(days=1)).astimezone().strftime("%Y-%m-%dT%H:%M")
    response = _post_new(client, at=later)
    assert response.status_code == 422
    assert 'id="at-error"' in response.get_data(as_text=True)
    assert _count(app) == 0


def test_double_submit_records_once(app, client, uid):
    first, second = _post_new(client), _post_new(client)
    assert first.status_code == second.status_code == 302
    assert _count(app) == 1


def test_new_entry_from_a_back_dated_today_page_defaults_to_noon_of_that_day(client, uid):
    day = _today() - timedelta(days=2)
    page = client.get(f"/symptoms/new?day={day.isoformat()}").get_data(as_text=True)
    assert f'value="{day.isoformat()}T12:00"' in page


def test_edit_shows_the_entry_and_saves_changes(app, client, uid):
    entry_id = _entry(app, uid)
    page = client.get(f"/symptoms/{entry_id}/edit").get_data(as_text=True)
    assert "Edit Brain fog entry" in page and 'value="6"' in page
    with app.app_context():
        version = db.session.get(SymptomEntry, entry_id).row_version
    response = client.post(
        f"/symptoms/{entry_id}/edit",
        data={"symptom": "fatigue", "severity": "2", "row_version": version, "note": "ok"},
    )
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.get(SymptomEntry, entry_id)
        assert (entry.severity, entry.note) == (2, "ok")
        assert db.session.get(Symptom, entry.symptom_id).key == "fatigue"


def test_edit_from_a_stale_page_is_refused(app, client, uid):
    entry_id = _entry(app, uid)
    data = {"symptom": "brain_fog", "severity": "3", "row_version": "99"}
    response = client.post(f"/symptoms/{entry_id}/edit", data=data)
    assert response.status_code == 422
    assert "changed elsewhere" in response.get_data(as_text=True)


def test_delete_asks_first_then_deletes(app, client, uid):
    entry_id = _entry(app, uid)
    page = client.get(f"/symptoms/{entry_id}/delete").get_data(as_text=True)
    assert "Delete this Brain fog entry?" in page and "6/10" in page
    assert _count(app) == 1
    response = client.post(f"/symptoms/{entry_id}/delete")
    assert response.headers["Location"] == "/symptoms"
    assert _count(app) == 0


def test_another_users_entry_is_not_found_on_edit_and_delete(app, client, uid):
    other = make_user(app, "b@example.org")
    theirs = _entry(app, other)
    for url in (f"/symptoms/{theirs}/edit", f"/symptoms/{theirs}/delete"):
        assert client.get(url).status_code == 404
        assert client.post(url, data={"symptom": "brain_fog", "severity": "1"}).status_code == 404
    assert _count(app) == 1


def test_list_shows_the_last_30_days_newest_first_with_links(app, client, uid):
    new = _entry(app, uid, "brain_fog", 6, days_ago=1)
    _entry(app, uid, "nausea", 2, days_ago=5)
    _entry(app, uid, "insomnia", 9, days_ago=40)
    page = client.get("/symptoms").get_data(as_text=True)
    assert page.index("Brain fog") < page.index("Nausea")
    assert "Insomnia" not in page.split("<tbody>")[1]
    assert f'href="/symptoms/{new}/edit"' in page and f'href="/symptoms/{new}/delete"' in page


def test_empty_list_says_so(client, uid):
    assert "Nothing logged in the last 30 days" in client.get("/symptoms").get_data(as_text=True)


def test_pages_need_a_login(client):
    assert client.get("/symptoms").status_code == 302
    assert client.post("/symptoms/today", data={}).status_code == 302


# Settings


def test_settings_page_has_a_checkbox_per_symptom_ticked_for_the_followed(client, uid):
    page = client.get("/symptoms/settings").get_data(as_text=True)
    assert page.count('type="checkbox"') == 24
    assert 'checked id="follow-emotional_numbness"' in page
    assert 'checked id="follow-brain_fog"' in page
    assert page.count("checked id=") == 2
    assert "Slow thinking, poor concentration, forgetfulness." in page


def test_settings_save_follows_and_adds_an_own_symptom(app, client, uid):
    data = {"follow-brain_fog": "y", "follow-tremor": "y", "new_name": "Jaw clenching"}
    response = client.post("/symptoms/settings", data=data)
    assert response.headers["Location"] == "/symptoms/settings"
    page = client.get("/symptoms/settings").get_data(as_text=True)
    assert "Jaw clenching" in page
    assert page.index("Brain fog") < page.index("Tremor") < page.index("Jaw clenching")
    assert page.index("Jaw clenching") < page.index("Emotional numbness")


def test_settings_refuses_a_duplicate_name_with_the_message_by_the_field(app, client, uid):
    response = client.post(
        "/symptoms/settings", data={"follow-brain_fog": "y", "new_name": "brain fog"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="new_name-error"' in page and "already in the list" in page
    assert 'value="brain fog"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Symptom.id))) == 0


def test_settings_refuses_a_name_over_80_characters(client, uid):
    response = client.post("/symptoms/settings", data={"new_name": "x" * 81})
    assert response.status_code == 422
    assert "80 characters or fewer" in response.get_data(as_text=True)


def test_no_symptom_chosen_is_pointed_out(app, client, uid):
    response = _post_new(client, symptom="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="symptom-error"' in page and "Choose a symptom." in page
    assert _count(app) == 0


def test_a_symptom_not_followed_can_be_logged_from_the_list(app, client, uid):
    assert _post_new(client, symptom="brain_zaps", severity="3").status_code == 302
    assert "Brain zaps" in client.get("/symptoms").get_data(as_text=True)
