"""The Today page: doses of the user's local day, back-filling earlier days."""

from datetime import timedelta

from tests.conftest import login, make_user
from tracker.extensions import db
from tracker.medications.models import DoseEvent
from tracker.timeutils import local_today, to_local, utcnow

TZ = "Pacific/Auckland"  # far from UTC: "today" must be the user's date, not the server's


def _med(client, started_on):
    response = client.post(
        "/medications/new",
        data={
            "name": "sertraline",
            "kind": "scheduled",
            "unit": "mg",
            "started_on": started_on.isoformat(),
            "rows-0-at": "08:00",
            "rows-0-amount": "50",
        },
    )
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_today_is_the_users_local_date(app, client):
    make_user(app, tz=TZ)
    login(client)
    page = client.get("/today").get_data(as_text=True)
    today = local_today(TZ, utcnow())
    assert f"{today.day} {today:%b %Y}" in page


def test_one_tap_on_an_earlier_day_records_the_scheduled_time(app, client):
    make_user(app, tz=TZ)
    login(client)
    day = local_today(TZ, utcnow()) - timedelta(days=3)
    med_id = _med(client, day - timedelta(days=1))
    page = client.get(f"/today?day={day.isoformat()}").get_data(as_text=True)
    assert "Taken at 08:00" in page
    hidden = f'name="taken_at" type="hidden" value="{day.isoformat()}T08:00"'
    assert hidden in page
    client.post(
        "/doses/take",
        data={
            "medication_id": med_id,
            "day": day.isoformat(),
            "at": "08:00",
            "taken_at": f"{day.isoformat()}T08:00",
            "request_key": "b1",
        },
    )
    with app.app_context():
        event = db.session.scalars(db.select(DoseEvent)).one()
        local = to_local(event.taken_at, TZ)
        assert (local.date(), local.hour, local.minute) == (day, 8, 0)
    assert "Taken on time" in client.get(f"/today?day={day.isoformat()}").get_data(as_text=True)


def test_days_after_tomorrow_are_not_shown(app, client):
    make_user(app, tz=TZ)
    login(client)
    far = local_today(TZ, utcnow()) + timedelta(days=5)
    response = client.get(f"/today?day={far.isoformat()}")
    assert response.status_code == 302
    tomorrow = local_today(TZ, utcnow()) + timedelta(days=1)
    assert response.headers["Location"] == f"/today?day={tomorrow.isoformat()}"
