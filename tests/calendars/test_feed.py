"""The feed read back with icalendar: dose slots as the plan has them, DST, appointments.

Records are committed in one app context and the feed is built in a fresh one, so it reads
what the database holds (schedule versions in their stored order), not the session's copies.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest

from tests.appointments.factories import appointment
from tests.calendars.factories import alarms, appointments, by_day, doses, parse
from tests.conftest import NOW, make_user
from tests.medications.factories import get_user, prn_med, scheduled_med
from tracker.auth.models import User
from tracker.calendars import services
from tracker.calendars.models import CalendarFeed
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.medications import services as meds
from tracker.medications.tapers import TaperInput, plan_taper

TODAY = date(2025, 6, 2)  # NOW is 12:00 in Berlin that day


@pytest.fixture
def uid(app):
    return make_user(app)


@contextmanager
def records(app, uid: int) -> Iterator[User]:
    """The user in an app context; what the block adds is committed at its end."""
    with app.app_context():
        yield get_user(uid)
        db.session.commit()


def _body(app, uid: int, *, now: datetime = NOW, weeks: int = 4) -> bytes:
    with app.app_context():
        return services.feed_ics(get_user(uid), now=now, weeks=weeks, domain="tracker.test")


def _feed(app, uid: int, **kwargs) -> icalendar.Calendar:
    return parse(_body(app, uid, **kwargs))


def test_every_slot_of_the_coming_weeks_is_an_event_at_its_local_time(app, uid):
    with records(app, uid) as ada:
        med_id = scheduled_med(ada, doses=((time(8), 50), (time(20), 25)), today=TODAY).id
    events = doses(_feed(app, uid))
    days = by_day(events)
    assert sorted(days) == [TODAY + timedelta(days=n) for n in range(28)]
    assert all(d == ["08:00 Sertraline 50 mg", "20:00 Sertraline 25 mg"] for d in days.values())
    assert {str(e.start.tzinfo) for e in events} == {"Europe/Berlin"}
    first = events[0]
    assert str(first["UID"]) == f"dose-{med_id}-20250602-0800@tracker.test"
    assert first["TRANSP"] == "TRANSPARENT" and first["CLASS"] == "PRIVATE"


def test_a_dose_before_a_medication_was_added_on_its_first_day_is_not_in_the_feed(app, uid):
    with records(app, uid) as ada:  # added at 12:00 on the day it starts
        scheduled_med(ada, started_on=TODAY, doses=((time(8), 50), (time(20), 25)), today=TODAY)
    days = by_day(doses(_feed(app, uid)))
    assert days[TODAY] == ["20:00 Sertraline 25 mg"]
    assert days[TODAY + timedelta(days=1)] == ["08:00 Sertraline 50 mg", "20:00 Sertraline 25 mg"]


def test_a_reminder_rings_at_each_dose_time_that_is_still_ahead(app, uid):
    with records(app, uid) as ada:
        scheduled_med(ada, doses=((time(8), 50), (time(20), 25)), today=TODAY)
    events = doses(_feed(app, uid))
    morning, evening = events[0], events[1]  # today 08:00 has passed at 12:00, 20:00 has not
    assert alarms(morning) == []
    (alarm,) = alarms(evening)
    assert alarm["ACTION"] == "DISPLAY" and str(alarm["DESCRIPTION"]) == "Sertraline 25 mg"
    assert alarm.decoded("TRIGGER") == timedelta(0)
    assert all(len(alarms(e)) == 1 for e in events[1:])


def test_the_same_slot_keeps_its_uid_from_one_fetch_to_the_next(app, uid):
    with records(app, uid) as ada:
        scheduled_med(ada, doses=((time(8), 50), (time(20), 25)), today=TODAY)
    first = [str(e["UID"]) for e in doses(_feed(app, uid))]
    later = [str(e["UID"]) for e in doses(_feed(app, uid, now=NOW + timedelta(hours=1)))]
    assert first == later and len(set(first)) == len(first) == 56


def test_the_calendar_is_named_and_asks_for_hourly_refreshes(app, uid):
    with records(app, uid) as ada:
        scheduled_med(ada, today=TODAY)
    body = _body(app, uid)
    calendar = parse(body)
    assert calendar["X-WR-CALNAME"] == "Tracker" and calendar["METHOD"] == "PUBLISH"
    assert calendar.refresh_interval == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in body
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]


def test_a_schedule_change_switches_amount_and_time_on_its_date(app, uid):
    with records(app, uid) as ada:
        med = scheduled_med(ada, today=TODAY)
        meds.change_schedule(
            ada,
            med,
            effective_from=date(2025, 6, 12),
            doses=[(time(9), 100)],
            note=None,
            today=TODAY,
            now=NOW,
        )
    days = by_day(doses(_feed(app, uid)))
    assert days[date(2025, 6, 11)] == ["08:00 Sertraline 50 mg"]
    assert days[date(2025, 6, 12)] == ["09:00 Sertraline 100 mg"]
    assert days[date(2025, 6, 29)] == ["09:00 Sertraline 100 mg"]


def test_a_tapers_future_steps_appear_and_its_stop_ends_the_doses(app, uid):
    plan = TaperInput(
        starts_on=date(2025, 6, 9),
        start_amount=100,
        step=25,
        interval_days=7,
        end_amount=25,
        ends_in_stop=True,
        at=time(8),
        stop_reason="prescriber",
    )
    with records(app, uid) as ada:
        med = scheduled_med(ada, doses=((time(8), 100),), today=TODAY)
        plan_taper(ada, med, plan, today=TODAY, now=NOW)
    days = by_day(doses(_feed(app, uid, weeks=6)))
    amounts = {day: entries[0].split(" ", 2)[2] for day, entries in days.items()}
    assert amounts[date(2025, 6, 8)] == "100 mg"
    assert amounts[date(2025, 6, 16)] == "75 mg"
    assert amounts[date(2025, 6, 23)] == "50 mg"
    assert amounts[date(2025, 6, 30)] == amounts[date(2025, 7, 6)] == "25 mg"
    assert max(days) == date(2025, 7, 6)  # stopped from 7 July, inside the six weeks


def test_a_stopped_medication_stops_and_a_later_start_starts(app, uid):
    with records(app, uid) as ada:
        ending = scheduled_med(ada, name="quetiapine", today=TODAY)
        meds.stop_medication(
            ada, ending, stopped_on=date(2025, 6, 10), reason="side_effects", today=TODAY
        )
        stopped = scheduled_med(ada, name="bupropion", today=TODAY)
        meds.stop_medication(ada, stopped, stopped_on=date(2025, 5, 1), reason="cost", today=TODAY)
        scheduled_med(ada, name="lamotrigine", started_on=date(2025, 6, 20), today=TODAY)
    events = doses(_feed(app, uid))
    days_of = {
        name: sorted(e.start.date() for e in events if str(e["SUMMARY"]).startswith(name))
        for name in ("Quetiapine", "Bupropion", "Lamotrigine")
    }
    assert days_of["Quetiapine"][-1] == date(2025, 6, 9)
    assert days_of["Bupropion"] == []
    assert days_of["Lamotrigine"][0] == date(2025, 6, 20)


def test_as_needed_medications_are_not_in_the_feed(app, uid):
    with records(app, uid) as ada:
        prn_med(ada)
    assert _feed(app, uid).events == []


def test_the_feed_says_what_and_how_much_and_nothing_more(app, uid):
    fields = meds.MedicationFields(
        name="sertraline",
        purpose="Depression after the divorce",
        prescriber="Dr Okafor",
        notes="Take with food",
        started_on=date(2025, 1, 1),
    )
    with records(app, uid) as ada:
        meds.create_medication(ada, fields, doses=[(time(8), 50)], today=TODAY, now=NOW)
    body = _body(app, uid).decode()
    assert "Sertraline 50 mg" in body
    for private in ("Depression", "divorce", "Take with food", "Okafor", "SSRI", "ssri"):
        assert private not in body


@pytest.mark.parametrize(
    ("now", "utc_hours"),
    [
        # 29 March 2026, the last Sunday of March: CET (+1) to CEST (+2) at 02:00.
        (datetime(2026, 3, 27, 10, tzinfo=UTC), {27: 7, 28: 7, 29: 6, 30: 6}),
        # 25 October 2026, the last Sunday of October: CEST back to CET at 03:00.
        (datetime(2026, 10, 23, 10, tzinfo=UTC), {23: 6, 24: 6, 25: 7, 26: 7}),
    ],
)
def test_an_0800_dose_stays_at_0800_local_across_a_dst_change(app, uid, now, utc_hours):
    with records(app, uid) as ada:
        scheduled_med(ada, today=now.date())
    body = _body(app, uid, now=now, weeks=1)
    calendar = parse(body)
    events = {e.start.day: e for e in doses(calendar)}
    # The VTIMEZONE the feed carries, read on its own (not the library's copy of the zone).
    (vtimezone,) = calendar.timezones
    own_zone = vtimezone.to_tz(lookup_tzid=False)
    for day, hour in utc_hours.items():
        start = events[day].start
        assert (start.hour, start.minute) == (8, 0)
        assert start.astimezone(UTC) == datetime(now.year, now.month, day, hour, tzinfo=UTC)
        assert start.replace(tzinfo=own_zone).astimezone(UTC).hour == hour
        assert (
            f"DTSTART;TZID=Europe/Berlin:{now.year}{now.month:02}{day:02}T080000" in body.decode()
        )


def test_a_timed_appointment_is_at_its_time_with_a_reminder_an_hour_before(app, uid):
    with records(app, uid) as ada:
        appointment(
            ada,
            day=date(2025, 6, 5),
            start_time=time(14, 30),
            provider="Dr Okafor",
            notes="Talked about the brain fog",
        )
    calendar = _feed(app, uid)
    (visit,) = appointments(calendar)
    assert str(visit["SUMMARY"]) == "Prescriber appointment with Dr Okafor"
    assert visit.start == datetime(2025, 6, 5, 12, 30, tzinfo=UTC)
    assert (visit.start.hour, visit.start.minute) == (14, 30)
    assert str(visit.start.tzinfo) == "Europe/Berlin"
    assert visit["TRANSP"] == "OPAQUE"
    (alarm,) = alarms(visit)
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(hours=-1)
    assert "brain fog" not in calendar.to_ical().decode()


def test_an_appointment_without_a_time_is_all_day_with_a_reminder_the_evening_before(app, uid):
    with records(app, uid) as ada:
        appointment(ada, day=date(2025, 6, 6), kind="therapist")
    (visit,) = appointments(_feed(app, uid))
    assert str(visit["SUMMARY"]) == "Therapist appointment"
    assert visit.start == date(2025, 6, 6) and not isinstance(visit.start, datetime)
    assert visit.end == date(2025, 6, 7)
    (alarm,) = alarms(visit)
    assert alarm.decoded("TRIGGER") == timedelta(hours=-6)  # 18:00 on 5 June


def test_appointments_of_the_past_week_stay_without_reminders_and_older_ones_go(app, uid):
    with records(app, uid) as ada:
        appointment(ada, day=date(2025, 5, 25), provider="Dr Eight-days-ago")
        appointment(ada, day=date(2025, 5, 26), provider="Dr Seven-days-ago")
        appointment(ada, day=date(2025, 6, 2), start_time=time(9), provider="Dr This-morning")
        appointment(ada, day=date(2026, 9, 1), provider="Dr Next-year")
    visits = {str(v["SUMMARY"]).split(" with ")[1]: v for v in appointments(_feed(app, uid))}
    assert sorted(visits) == ["Dr Next-year", "Dr Seven-days-ago", "Dr This-morning"]
    assert alarms(visits["Dr Seven-days-ago"]) == alarms(visits["Dr This-morning"]) == []
    assert len(alarms(visits["Dr Next-year"])) == 1


def test_a_user_in_utc_gets_utc_times(app):
    uid = make_user(app, "utc@example.org", tz="UTC")
    with records(app, uid) as user:
        scheduled_med(user, today=TODAY)
    events = doses(_feed(app, uid))
    assert events[0].start.utcoffset() == timedelta(0) and events[0].start.hour == 8


def test_more_than_ten_working_addresses_are_refused(app, uid):
    with records(app, uid) as ada:
        for _ in range(services.MAX_ACTIVE):
            services.create_feed(ada, now=NOW)
    with app.app_context():
        ada = get_user(uid)
        with pytest.raises(Invalid):
            services.create_feed(ada, now=NOW)
        db.session.rollback()
        newest = services.list_feeds(ada)[0]
        services.revoke_feed(ada, db.session.get(CalendarFeed, newest.id), now=NOW)
        db.session.commit()
    with records(app, uid) as ada:
        assert len(services.list_feeds(ada)) == services.MAX_ACTIVE - 1
        assert services.create_feed(ada, now=NOW).token


def test_a_fetch_is_recorded_at_most_once_a_minute(app, uid):
    with records(app, uid) as ada:
        feed = services.create_feed(ada, now=NOW).feed
        services.record_fetch(feed, now=NOW)
        services.record_fetch(feed, now=NOW + timedelta(seconds=30))
        assert feed.last_used_at == NOW
        services.record_fetch(feed, now=NOW + timedelta(minutes=1))
        assert feed.last_used_at == NOW + timedelta(minutes=1)
