"""Medication and dose pages over HTTP: forms keep what was typed, errors sit by their field."""

from datetime import timedelta

import pytest

from tests.conftest import login, make_user
from tracker.extensions import db
from tracker.medications.models import DoseEvent, Medication
from tracker.timeutils import local_today, utcnow

TZ = "Europe/Berlin"


@pytest.fixture
def logged_in(app, client):
    make_user(app, tz=TZ)
    login(client)
    return client


def _today():
    return local_today(TZ, utcnow())


def _add(client, **extra):
    data = {
        "name": "Lexapro",
        "kind": "scheduled",
        "unit": "mg",
        "started_on": _today(),
        "rows-0-at": "00:01",
        "rows-0-amount": "10",
        **extra,
    }
    return client.post("/medications/new", data=data)


def test_adding_a_medication_shows_its_page(logged_in):
    response = _add(logged_in)
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>escitalopram</h1>" in page
    assert "Started at 10 mg a day" in page


def test_rejected_medication_form_comes_back_filled_in_with_the_message_by_the_field(
    app, logged_in
):
    response = _add(logged_in, **{"name": "My tincture", "rows-0-amount": "-3", "purpose": "Sleep"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="My tincture"' in page and 'value="Sleep"' in page
    assert 'id="rows-0-amount-error"' in page and "Enter a number above 0." in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Medication.id))) == 0


def test_half_filled_dose_row_is_pointed_out(logged_in):
    response = _add(logged_in, **{"rows-1-at": "20:00"})
    assert response.status_code == 422
    assert "Give both a time and an amount." in response.get_data(as_text=True)


def test_taking_a_dose_from_today_twice_records_it_once(app, logged_in):
    med_url = _add(logged_in).headers["Location"]
    med_id = int(med_url.rsplit("/", 1)[1])
    form = {
        "medication_id": med_id,
        "day": _today().isoformat(),
        "at": "00:01",
        "request_key": "double01",
    }
    first = logged_in.post("/doses/take", data=form)
    second = logged_in.post("/doses/take", data=form)
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["Location"].startswith("/today")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 1
    today = logged_in.get("/today").get_data(as_text=True)
    assert "Taken" in today and 'Edit<span class="sr-only"> escitalopram 00:01' in today
    history = logged_in.get(f"/medications/{med_id}/history").get_data(as_text=True)
    assert "Taken late" in history or "Taken on time" in history


def test_as_needed_dose_over_the_interval_asks_first(app, logged_in):
    response = logged_in.post(
        "/medications/new",
        data={
            "name": "hydroxyzine",
            "kind": "as_needed",
            "unit": "mg",
            "started_on": _today() - timedelta(days=3),
            "default_amount": "25",
            "max_per_24h": "100",
            "min_interval_minutes": "240",
        },
    )
    med_id = int(response.headers["Location"].rsplit("/", 1)[1])
    form = {"medication_id": med_id, "amount": "25", "reason": "panic"}
    assert logged_in.post("/doses/as-needed", data={**form, "request_key": "a1"}).status_code == 302
    ask = logged_in.post("/doses/as-needed", data={**form, "request_key": "a2"})
    assert ask.status_code == 409
    assert "minimum interval you entered is 240 minutes" in ask.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(DoseEvent.id))) == 1
    confirmed = logged_in.post(
        "/doses/as-needed", data={**form, "request_key": "a2", "confirmed": "yes"}
    )
    assert confirmed.status_code == 302
    with app.app_context():
        events = db.session.scalars(db.select(DoseEvent)).all()
        assert len(events) == 2 and sum(1 for e in events if e.over_limit) == 1


def test_dose_edit_rejects_a_future_time_and_keeps_the_input(app, logged_in):
    med_id = int(_add(logged_in).headers["Location"].rsplit("/", 1)[1])
    logged_in.post(
        "/doses/take",
        data={
            "medication_id": med_id,
            "day": _today().isoformat(),
            "at": "00:01",
            "request_key": "e1",
        },
    )
    with app.app_context():
        event = db.session.scalars(db.select(DoseEvent)).one()
        event_id, version = event.id, event.row_version
    future = (_today() + timedelta(days=2)).isoformat() + "T08:00"
    response = logged_in.post(
        f"/doses/{event_id}/edit",
        data={"action": "taken", "taken_at": future, "amount": "10", "row_version": version},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "That time is in the future." in page and f'value="{future}"' in page


def test_deleting_a_dose_needs_a_post(app, logged_in):
    med_id = int(_add(logged_in).headers["Location"].rsplit("/", 1)[1])
    logged_in.post(
        "/doses/take",
        data={
            "medication_id": med_id,
            "day": _today().isoformat(),
            "at": "00:01",
            "request_key": "d1",
        },
    )
    with app.app_context():
        event_id = db.session.scalars(db.select(DoseEvent.id)).one()
    assert "Delete dose" in logged_in.get(f"/doses/{event_id}/delete").get_data(as_text=True)
    response = logged_in.post(f"/doses/{event_id}/delete")
    assert response.headers["Location"] == f"/medications/{med_id}/history"
    with app.app_context():
        assert db.session.get(DoseEvent, event_id) is None


def test_history_filters_by_date_range(logged_in):
    med_id = int(
        _add(logged_in, started_on=_today() - timedelta(days=10))
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    first = (_today() - timedelta(days=5)).isoformat()
    page = logged_in.get(f"/medications/{med_id}/history?start={first}&end={first}")
    text = page.get_data(as_text=True)
    assert text.count('<tr class="status-') == 1 and "Missed" in text
