"""The trends pages, their images with ETags, and their refusals."""

from datetime import time, timedelta

import pytest

from tests.conftest import login, make_user
from tests.sleep.factories import log_length, log_night
from tests.trends.factories import fog, get_user, sertraline
from tracker.extensions import db
from tracker.filters import day as day_label
from tracker.medications import services as meds
from tracker.timeutils import local_today, utcnow
from tracker.trends.charts import CHARTS

TODAY = local_today("Europe/Berlin", utcnow())  # ada's today (make_user), not the machine's


def _history(app, uid):
    """Sertraline and a fortnight of mood and fog around today (the pages use the real clock)."""
    from tracker.checkins import services as checkins

    with app.app_context():
        user = get_user(uid)
        sertraline(user, increase=False)
        now = utcnow()
        for n in range(14):
            at = now - timedelta(days=n)
            checkins.record_checkin(user, ratings={"mood": 4 + n % 3, "anxiety": 5}, at=at, now=now)
        db.session.commit()


@pytest.fixture
def ada(app, client):
    uid = make_user(app)
    _history(app, uid)
    login(client)
    return uid


def test_the_trends_page_shows_every_chart_with_its_words_and_downloads(client, ada):
    page = client.get("/trends?range=30")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for key, chart in CHARTS.items():
        assert chart.title in html
        assert f"/trends/{key}.svg?range=30" in html
        assert f"/trends/{key}.png?range=30&amp;size=print&amp;download=1" in html
    assert "Mood (0 = worst, 10 = best) averaged" in html
    assert "Data table" in html and "discuss what you see with your prescriber" in html.lower()


def test_a_chart_page_has_its_data_table(client, ada):
    html = client.get("/trends/mood?range=30").get_data(as_text=True)
    assert "<caption>Mood and anxiety per day" in html
    assert TODAY.isoformat() in html


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_images_come_with_an_etag_and_a_repeat_is_answered_304(client, ada, fmt):
    first = client.get(f"/trends/mood.{fmt}?range=30")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    assert first.data.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in first.data[:400]
    again = client.get(
        f"/trends/mood.{fmt}?range=30", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_new_data_changes_the_etag_and_the_picture(app, client, ada):
    before = client.get("/trends/side-effects.svg?range=30")
    with app.app_context():
        fog(get_user(ada), TODAY - timedelta(days=3), [2, 6, 7], now=utcnow())
        db.session.commit()
    after = client.get(
        "/trends/side-effects.svg?range=30", headers={"If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.data != before.data


def test_an_svg_loads_nothing_from_elsewhere(client, ada):
    svg = client.get("/trends/overview.svg?range=30").get_data(as_text=True)
    assert "<!DOCTYPE" not in svg and 'href="http' not in svg and "url(http" not in svg


def test_a_download_is_an_attachment_named_by_chart_and_range(client, ada):
    got = client.get("/trends/sleep.png?range=custom&start=2025-01-01&end=2025-01-31&download=1")
    assert (
        got.headers["Content-Disposition"]
        == 'attachment; filename="sleep-2025-01-01-2025-01-31.png"'
    )
    assert got.data.startswith(b"\x89PNG")


def test_a_bad_range_comes_back_with_the_message_beside_the_field(client, ada):
    got = client.get("/trends?range=custom&start=2025-02-01&end=2025-01-01")
    html = got.get_data(as_text=True)
    assert got.status_code == 422
    assert 'id="start-error"' in html and "The first day must be on or before the last day." in html
    assert 'value="2025-02-01"' in html  # the form keeps what was typed
    assert "last 90 days" in html  # the default range is shown meanwhile


@pytest.mark.parametrize(
    "url",
    ["/trends/nonsense", "/trends/nonsense.svg", "/trends/mood.gif", "/trends/mood.svg?size=huge"],
)
def test_unknown_charts_formats_and_sizes_are_not_found(client, ada, url):
    assert client.get(url).status_code == 404


def test_another_users_charts_show_none_of_the_first_users_data(app, client, ada):
    make_user(app, "bob@example.org")
    client.post("/logout")
    login(client, "bob@example.org")
    html = client.get("/trends?range=30").get_data(as_text=True)
    assert "sertraline" not in html
    assert "No mood or anxiety check-ins" in html
    table = client.get("/trends/overview?range=30").get_data(as_text=True)
    assert "sertraline" not in table


def test_the_pages_need_a_login(client):
    for url in ("/trends", "/trends/mood", "/trends/mood.svg", "/trends/changes"):
        assert client.get(url).status_code == 302


def test_the_change_page_words_the_comparison_with_its_numbers(app, client):
    uid = make_user(app)
    now = utcnow()
    today, start = now.date(), now.date() - timedelta(days=60)
    change_day = today - timedelta(days=14)
    with app.app_context():
        user = get_user(uid)
        fields = meds.MedicationFields(name="sertraline", started_on=start)
        med = meds.create_medication(user, fields, doses=[(time(8), 50)], today=start, now=now)
        meds.change_schedule(
            user,
            med,
            effective_from=change_day,
            doses=[(time(8), 100)],
            note=None,
            today=change_day,
            now=now,
        )
        fog(user, change_day - timedelta(days=14), [2] * 14 + [5] * 14, now=now)
        db.session.commit()
    login(client)
    html = client.get("/trends/changes?range=30").get_data(as_text=True)
    assert (
        "Brain fog averaged 5.0/10 in the 14 days after sertraline went to 100 mg, "
        "up from 2.0 before (14 vs 14 days with data)." in html
    )
    assert "Discuss with your prescriber." in html
    assert "Not enough paired days yet" in html
    assert "compare mood" not in html  # a measure with no data at all is left out
    bad = client.get("/trends/changes?range=30&days=500")
    assert bad.status_code == 422 and "Number must be between 3 and 90." in bad.get_data(
        as_text=True
    )


def test_since_the_last_appointment_starts_on_the_last_prescriber_visit(app, client, ada):
    from tracker.appointments import services as visits

    html = client.get("/trends?range=appointment")
    assert html.status_code == 422 and "No past appointment is recorded yet" in html.get_data(
        as_text=True
    )
    visit_day = TODAY - timedelta(days=20)
    with app.app_context():
        user = get_user(ada)
        for day, kind in ((visit_day, "prescriber"), (TODAY - timedelta(days=5), "therapist")):
            visits.record_appointment(user, visits.AppointmentFields(day, kind), now=utcnow())
        db.session.commit()
    page = client.get("/trends?range=appointment").get_data(as_text=True)
    assert f"since the last appointment ({day_label(visit_day)} to {day_label(TODAY)})" in page


def test_the_sleep_page_averages_efficiency_and_quality_over_the_nights_that_have_them(app, client):
    uid = make_user(app)
    with app.app_context():
        user, now = get_user(uid), utcnow()
        today = local_today(user.timezone, now)
        log_night(user, today - timedelta(days=3), now=now)  # 7 h 10 min, 89%, good
        log_length(user, today - timedelta(days=2), 530, quality=None, now=now)
        log_night(user, today - timedelta(days=1), quality=2, now=now)
        db.session.commit()
    login(client)
    html = client.get("/trends/sleep?range=30").get_data(as_text=True)
    assert "total sleep averaged 7.7 hours (lowest 7.2, highest 8.8)" in html
    assert (
        "efficiency averaged 89% (lowest 89%, highest 89%) over the 2 nights with bed times "
        "and minutes to fall asleep and awake" in html
    )
    assert "quality averaged 3 out of 5 (1 = very poor, 5 = very good) over the 2 nights rated" in (
        html
    )
    day = today - timedelta(days=2)
    assert f'<th scope="row">{day.isoformat()}</th><td>8.8</td><td></td><td></td></tr>' in html
