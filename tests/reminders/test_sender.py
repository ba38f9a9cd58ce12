"""The sender against a real local HTTP endpoint (Apprise json://): each due dose once, at its
instant in the user's zone, quiet hours, retries, lateness, and a dose logged first."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.medications.factories import get_user
from tests.reminders.factories import reminded_user, rows, run_pass
from tests.reminders.receiver import Receiver
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications.models import Medication
from tracker.reminders import channels, planning

# 08:00 in Berlin (CEST) on an ordinary summer day.
EIGHT = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def test_a_due_dose_is_sent_once_without_the_drugs_name(app, receiver):
    reminded_user(app, receiver.url)
    assert run_pass(app, EIGHT - timedelta(minutes=1)).sent == 0
    tally = run_pass(app, EIGHT)
    assert tally.sent == 1
    assert run_pass(app, EIGHT + timedelta(minutes=1)).sent == 0
    (message,) = receiver.messages
    assert message["message"].startswith("Time for your 08:00 medication")
    assert "sertraline" not in message["message"]
    assert "Taken: http://tracker.test/reminders/act/" in message["message"]
    assert [r.status for r in rows(app) if r.due_at == EIGHT] == ["sent"]


def test_with_ntfy_taken_and_skip_are_buttons_on_the_notification(app, receiver):
    port = receiver.url.split(":")[2].rstrip("/")
    reminded_user(app, f"ntfy://127.0.0.1:{port}/doses")
    assert run_pass(app, EIGHT).sent == 1
    (message,), (headers,) = receiver.messages, receiver.headers
    assert message["message"] == "Time for your 08:00 medication"  # the links are buttons
    taken, skip = headers["X-Actions"].split("; ")
    assert taken.startswith("view, Taken, http://tracker.test/reminders/act/")
    assert skip.startswith("view, Skip, http://tracker.test/reminders/act/")
    assert "X-Icon" not in headers


def test_naming_the_drug_is_an_opt_in(app, receiver):
    uid = reminded_user(app, receiver.url)
    with app.app_context():
        channels.save_preferences(get_user(uid), quiet_start=None, quiet_end=None, name_drug=True)
        db.session.commit()
    run_pass(app, EIGHT)
    assert receiver.messages[0]["message"].startswith("Time for your 08:00 sertraline")


def test_a_dose_logged_before_its_reminder_is_not_sent(app, receiver):
    uid = reminded_user(app, receiver.url)
    run_pass(app, EIGHT - timedelta(hours=1))  # planned
    with app.app_context():
        user = get_user(uid)
        med = db.session.scalars(db.select(Medication)).one()
        doses.record_scheduled(
            user, med, day=date(2026, 6, 10), at=time(8), action="taken",
            taken_at=EIGHT - timedelta(minutes=20), now=EIGHT - timedelta(minutes=20),
        )  # fmt: skip
        db.session.commit()
    assert run_pass(app, EIGHT).skipped == 1
    assert receiver.messages == []
    (row,) = [r for r in rows(app) if r.due_at == EIGHT]
    assert (row.status, row.error) == ("skipped", "The dose was already logged.")


def test_one_more_than_an_hour_late_is_skipped_not_sent(app, receiver):
    reminded_user(app, receiver.url)
    run_pass(app, EIGHT - timedelta(hours=1))
    run_pass(app, EIGHT + timedelta(minutes=61))
    assert receiver.messages == []
    (row,) = [r for r in rows(app) if r.due_at == EIGHT]
    assert row.status == "skipped" and "late" in row.error


def test_a_failed_send_is_tried_again_after_a_wait(app, receiver):
    reminded_user(app, receiver.url)
    receiver.status = 500
    assert run_pass(app, EIGHT).retrying == 1
    (row,) = [r for r in rows(app) if r.due_at == EIGHT]
    assert row.attempts == 1 and row.next_try_at == EIGHT + timedelta(minutes=1)
    assert row.error  # the service's words
    assert run_pass(app, EIGHT + timedelta(seconds=30)).retrying == 0  # not yet
    receiver.status = 200
    assert run_pass(app, EIGHT + timedelta(minutes=1)).sent == 1
    assert len(receiver.messages) == 1


def test_a_send_that_keeps_failing_stops_after_the_limit(app, receiver):
    reminded_user(app, receiver.url)
    receiver.status = 500
    now = EIGHT
    for _ in range(4):
        run_pass(app, now)
        now += timedelta(minutes=16)
    (row,) = [r for r in rows(app) if r.due_at == EIGHT]
    assert (row.status, row.attempts) == ("failed", 4)


def test_five_failed_sends_in_a_row_turn_the_channel_off(app, receiver):
    reminded_user(
        app, receiver.url, at=(time(8), time(8, 10), time(8, 20), time(8, 30), time(8, 40))
    )
    receiver.status = 500
    run_pass(app, EIGHT + timedelta(minutes=40))
    with app.app_context():
        (channel,) = db.session.scalars(db.select(channels.ReminderChannel))
        assert channel.failures == 5 and channel.disabled_at is not None


def test_a_reminder_due_in_quiet_hours_waits_for_their_end(app, receiver):
    uid = reminded_user(app, receiver.url)
    with app.app_context():
        user = get_user(uid)
        channels.save_preferences(
            user, quiet_start=time(22), quiet_end=time(8, 30), name_drug=False
        )
        db.session.commit()
    assert run_pass(app, EIGHT).sent == 0
    assert run_pass(app, EIGHT + timedelta(minutes=30)).sent == 1
    assert receiver.messages[0]["message"].startswith("Time for your 08:00 medication")


def test_a_reminder_whose_window_closes_in_quiet_hours_is_skipped(app, receiver):
    uid = reminded_user(app, receiver.url)
    with app.app_context():
        channels.save_preferences(
            get_user(uid), quiet_start=time(7), quiet_end=time(10), name_drug=False
        )
        db.session.commit()
    run_pass(app, EIGHT - timedelta(hours=2))  # planned
    run_pass(app, EIGHT + timedelta(hours=2))
    assert receiver.messages == []
    (row,) = [r for r in rows(app) if r.due_at == EIGHT]
    assert row.status == "skipped" and "quiet hours" in row.error


def test_quiet_hours_across_midnight():
    tz = "Europe/Berlin"
    late = datetime(2026, 6, 10, 21, 30, tzinfo=UTC)  # 23:30 local
    early = datetime(2026, 6, 10, 4, 0, tzinfo=UTC)  # 06:00 local
    day = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)  # 12:00 local
    assert planning.quiet_end(late, tz, time(22), time(7)) == datetime(2026, 6, 11, 5, tzinfo=UTC)
    assert planning.quiet_end(early, tz, time(22), time(7)) == datetime(2026, 6, 10, 5, tzinfo=UTC)
    assert planning.quiet_end(day, tz, time(22), time(7)) is None


def _dues(app) -> list[datetime]:
    return [r.due_at for r in rows(app)]


def test_spring_forward_in_berlin(app, receiver):
    reminded_user(app, receiver.url, at=(time(2, 30), time(8)))
    run_pass(app, datetime(2026, 3, 28, 12, tzinfo=UTC))
    # 2026-03-29: CET (+1) until 02:00, then CEST (+2); 02:30 does not exist and moves to 03:30.
    assert _dues(app) == [
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 6, 0, tzinfo=UTC),
    ]
    run_pass(app, datetime(2026, 3, 29, 6, 0, tzinfo=UTC))
    assert [m["message"][:30] for m in receiver.messages] == ["Time for your 08:00 medication"]


def test_fall_back_in_new_york(app, receiver):
    reminded_user(app, receiver.url, tz="America/New_York", at=(time(1, 30), time(8)))
    run_pass(app, datetime(2026, 10, 31, 23, tzinfo=UTC))  # 19:00 EDT on the 31st
    dues = _dues(app)
    # 2026-11-01: EDT (-4) until 02:00, then EST (-5); 01:30 happens twice, the first counts.
    assert datetime(2026, 11, 1, 5, 30, tzinfo=UTC) in dues
    assert datetime(2026, 11, 1, 13, 0, tzinfo=UTC) in dues
    run_pass(app, datetime(2026, 11, 1, 13, 0, tzinfo=UTC))
    assert receiver.messages[-1]["message"].startswith("Time for your 08:00 medication")


def test_changing_the_zone_plans_unsent_reminders_anew(app, receiver):
    uid = reminded_user(app, receiver.url)
    run_pass(app, EIGHT - timedelta(hours=3))
    assert EIGHT in _dues(app)
    with app.app_context():
        get_user(uid).timezone = "America/New_York"
        db.session.commit()
    run_pass(app, EIGHT - timedelta(hours=2))
    dues = _dues(app)
    assert EIGHT not in dues
    assert datetime(2026, 6, 10, 12, 0, tzinfo=UTC) in dues  # 08:00 EDT
