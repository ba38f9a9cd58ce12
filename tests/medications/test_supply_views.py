"""Supply pages and API over HTTP: forms keep what was typed with the message by the field,
nothing changes on a refused form, the supply line on Today only within the warning days."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from tests.api.factories import bearer, token
from tests.conftest import login, make_user
from tests.medications.factories import get_user, scheduled_med
from tracker import web
from tracker.extensions import db
from tracker.medications import supply
from tracker.medications.models import MedicationSupply, SupplyEvent
from tracker.timeutils import localize

TZ = "Europe/Berlin"
NOON = localize(date(2025, 6, 2), time(12), TZ)


@pytest.fixture
def uid(app, client, monkeypatch) -> int:
    user_id = make_user(app, tz=TZ)
    login(client)
    monkeypatch.setattr(web, "now", lambda: NOON)
    return user_id


def _med(app, uid: int, units: float | None = None, since: datetime = NOON) -> int:
    with app.app_context():
        user = get_user(uid)
        med = scheduled_med(user, started_on=date(2025, 5, 1))
        if units is not None:
            fields = supply.SupplyFields("tablet", 50)
            supply.set_supply(user, med, fields, units_on_hand=units, now=since)
        db.session.commit()
        return med.id


def _rows(app, model) -> list:
    with app.app_context():
        return [(r.id, getattr(r, "units", None)) for r in db.session.scalars(db.select(model))]


def test_setting_up_the_supply_shows_the_estimate_on_the_medication_page(app, client, uid):
    med_id = _med(app, uid)
    page = client.get(f"/medications/{med_id}").get_data(as_text=True)
    assert "Not tracked." in page
    data = {"unit_kind": "tablet", "unit_size": "50", "size_unit": "mg", "units_on_hand": "5.5",
            "warn_days": "7"}  # fmt: skip
    response = client.post(f"/medications/{med_id}/supply/settings", data=data)
    assert response.headers["Location"].endswith(f"/medications/{med_id}/supply")
    page = client.get(f"/medications/{med_id}").get_data(as_text=True)
    # Today's 08:00 dose had passed unlogged: 3–7 June use 5 of the 5.5 tablets.
    assert "About 6 days left, runs out around Sun 8 Jun 2025." in page
    supply_page = client.get(f"/medications/{med_id}/supply").get_data(as_text=True)
    assert "5.5 tablets" in supply_page and "Counted" in supply_page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"units_on_hand": "-3"}, "Enter a number of units 0 or more"),
        ({"unit_size": "0"}, "Enter a number above 0."),
        ({"size_unit": "ml"}, "Doses of sertraline are entered in mg; give the size in mg."),
    ],
)
def test_bad_settings_come_back_filled_with_the_message_and_save_nothing(
    app, client, uid, changes, message
):
    med_id = _med(app, uid)
    data = {"unit_kind": "tablet", "unit_size": "50", "size_unit": "mg", "units_on_hand": "30",
            "warn_days": "7", **changes}  # fmt: skip
    response = client.post(f"/medications/{med_id}/supply/settings", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    (field,) = changes
    assert f'id="{field}-error"' in page  # by the field it is about
    assert _rows(app, MedicationSupply) == [] and _rows(app, SupplyEvent) == []


def test_a_refill_and_a_count_are_logged_and_bad_ones_change_nothing(app, client, uid):
    med_id = _med(app, uid, units=10, since=localize(date(2025, 6, 1), time(9), TZ))
    before = _rows(app, SupplyEvent)
    response = client.post(f"/medications/{med_id}/supply/refill", data={"units": "-2"})
    assert response.status_code == 422
    assert "Enter a number of units above 0" in response.get_data(as_text=True)
    assert 'value="-2"' in response.get_data(as_text=True)
    assert _rows(app, SupplyEvent) == before
    client.post(f"/medications/{med_id}/supply/refill", data={"units": "28", "note": "pharmacy"})
    wall = "2025-06-01T21:00"  # last night, in the user's zone
    client.post(f"/medications/{med_id}/supply/count", data={"units": "12", "at": wall})
    page = client.get(f"/medications/{med_id}/supply").get_data(as_text=True)
    assert "2025-06-01 21:00" in page and "pharmacy" in page
    assert "40 tablets" in page  # 12 counted last night, then the 28 refilled


def test_deleting_an_event_and_another_users_event_is_not_found(app, client, uid):
    med_id = _med(app, uid, units=10)
    client.post(f"/medications/{med_id}/supply/refill", data={"units": "5"})
    other = make_user(app, "bo@example.org", tz=TZ)
    theirs = _med(app, other, units=3)
    with app.app_context():
        their_event = db.session.scalar(
            db.select(SupplyEvent.id).where(SupplyEvent.medication_id == theirs)
        )
        refill = db.session.scalar(db.select(SupplyEvent.id).where(SupplyEvent.kind == "refill"))
    url = f"/medications/{theirs}/supply/events/{their_event}/delete"
    assert client.post(url).status_code == 404
    assert client.get(f"/medications/{theirs}/supply").status_code == 404
    assert (
        client.post(f"/medications/{med_id}/supply/events/{their_event}/delete").status_code == 404
    )
    client.post(f"/medications/{med_id}/supply/events/{refill}/delete")
    assert len(_rows(app, SupplyEvent)) == 2  # the refill is gone, both counts stay


@pytest.mark.parametrize(("units", "shown"), [(5, True), (20, False)])
def test_today_shows_the_supply_line_only_within_the_warning_days(app, client, uid, units, shown):
    _med(app, uid, units=units)
    page = client.get("/today").get_data(as_text=True)
    assert ("About 6 days left, runs out around Sun 8 Jun 2025." in page) is shown
    assert ("supply-note" in page) is shown


def test_the_api_reads_the_supply_and_logs_a_refill(app, client, uid):
    med_id = _med(app, uid, units=5)
    auth = bearer(token(app, uid))
    got = client.get(f"/api/v1/medications/{med_id}/supply", headers=auth).json
    assert (got["tracked"], got["level"], got["days_left"], got["warn"]) == (True, 5, 6, True)
    assert got["runs_out_on"] == "2025-06-08"
    made = client.post(
        f"/api/v1/medications/{med_id}/supply/events",
        json={"kind": "refill", "units": 30},
        headers=auth,
    )
    assert made.status_code == 201
    assert client.get(f"/api/v1/medications/{med_id}/supply", headers=auth).json["level"] > 5
    bad = client.post(
        f"/api/v1/medications/{med_id}/supply",
        json={"unit_kind": "tablet", "unit_size": 1, "size_unit": "ml"},
        headers=auth,
    )
    assert bad.status_code == 409 and "give the size in mg" in bad.text
    listed = client.get(f"/api/v1/medications/{med_id}/supply/events", headers=auth).json
    assert [e["kind"] for e in listed["items"]] == ["refill", "count"]


def test_the_supply_estimate_answers_the_api_untracked(app, client, uid):
    med_id = _med(app, uid)
    auth = bearer(token(app, uid))
    got = client.get(f"/api/v1/medications/{med_id}/supply", headers=auth).json
    assert got["tracked"] is False and got["level"] is None


def test_the_same_refill_form_sent_twice_adds_once(app, client, uid):
    med_id = _med(app, uid, units=10)
    form = client.get(f"/medications/{med_id}/supply/refill").get_data(as_text=True)
    key = form.split('name="request_key"')[1].split('value="')[1].split('"')[0]
    for _ in range(2):
        client.post(
            f"/medications/{med_id}/supply/refill", data={"units": "30", "request_key": key}
        )
    assert sorted(units for _, units in _rows(app, SupplyEvent)) == [10, 30]
