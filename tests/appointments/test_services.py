"""Appointment rules and the reads others rely on, through the services, read back."""

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.appointments.factories import appointment, count, get_user
from tests.conftest import NOW, make_user
from tracker.appointments import services
from tracker.appointments.models import Appointment
from tracker.errors import Conflict, Invalid
from tracker.extensions import db

TZ = "Europe/Berlin"
TODAY = date(2025, 6, 2)  # NOW in Berlin


@pytest.fixture
def uid(app):
    return make_user(app, tz=TZ)


def test_appointment_is_saved_with_every_field_and_its_time_as_an_instant(app, uid):
    with app.app_context():
        a = appointment(
            get_user(uid),
            day=date(2025, 6, 12),
            start_time=time(14, 30),
            kind="therapist",
            provider="  Dr Amara ",
            notes="Bring the sleep diary.",
        )
        db.session.commit()
        appointment_id = a.id
    with app.app_context():
        a = db.session.get(Appointment, appointment_id)
        assert (a.day, a.start_time, a.tz) == (date(2025, 6, 12), time(14, 30), TZ)
        assert a.at == datetime(2025, 6, 12, 12, 30, tzinfo=UTC)  # CEST is UTC+2
        assert (a.kind, a.provider, a.notes) == ("therapist", "Dr Amara", "Bring the sleep diary.")


def test_appointment_without_a_time_has_only_its_day(app, uid):
    with app.app_context():
        a = appointment(get_user(uid), provider="  ")
        assert (a.day, a.start_time, a.at, a.provider) == (date(2025, 5, 20), None, None, None)


def test_time_in_the_spring_forward_gap_moves_on_with_the_clock(app, uid):
    with app.app_context():
        a = appointment(get_user(uid), day=date(2025, 3, 30), start_time=time(2, 30))
        assert a.start_time == time(3, 30)
        assert a.at == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"kind": "dentist"}, "kind", "Choose who the appointment is with."),
        ({"day": None}, "day", "Enter the date of the appointment."),
        ({"day": TODAY + timedelta(days=732)}, "day", "more than two years ahead"),
        ({"day": TODAY - timedelta(days=3661)}, "day", "more than ten years ago"),
        ({"provider": "x" * 101}, "provider", "under 100 characters"),
        ({"notes": "x" * 5001}, "notes", "under 5000 characters"),
    ],
)
def test_a_field_breaking_a_rule_is_refused_beside_it(app, uid, fields, field, message):
    with app.app_context():
        with pytest.raises(Invalid, match=message) as exc:
            appointment(get_user(uid), **fields)
        assert exc.value.field == field
        db.session.rollback()
        assert count() == 0


def test_a_date_two_years_ahead_and_ten_years_back_are_accepted(app, uid):
    with app.app_context():
        appointment(get_user(uid), day=TODAY + timedelta(days=731))
        appointment(get_user(uid), day=TODAY - timedelta(days=3660))
        assert count() == 2


def test_same_request_key_twice_adds_once(app, uid):
    with app.app_context():
        user = get_user(uid)
        assert appointment(user, request_key="k1").id == appointment(user, request_key="k1").id
        db.session.commit()
        assert count() == 1


def test_edit_changes_the_appointment_and_a_stale_page_is_refused(app, uid):
    with app.app_context():
        a = appointment(get_user(uid))
        db.session.commit()
        fields = services.AppointmentFields(
            day=date(2025, 5, 21), kind="other", start_time=time(9), notes="Dose unchanged."
        )
        services.update_appointment(get_user(uid), a, fields, row_version=1, now=NOW)
        db.session.commit()
        assert (a.day, a.kind, a.start_time, a.notes, a.row_version) == (
            date(2025, 5, 21),
            "other",
            time(9),
            "Dose unchanged.",
            2,
        )
        with pytest.raises(Conflict, match="changed elsewhere"):
            services.update_appointment(get_user(uid), a, fields, row_version=1, now=NOW)


def test_removing_the_time_clears_the_instant(app, uid):
    with app.app_context():
        a = appointment(get_user(uid), start_time=time(10))
        fields = services.AppointmentFields(day=a.day, kind="prescriber")
        services.update_appointment(get_user(uid), a, fields, row_version=1, now=NOW)
        assert (a.start_time, a.at) == (None, None)


@pytest.fixture
def history(app, uid):
    """Prescriber visits on 1 Apr, 20 May (untimed and 15:00) and 10 Jun; therapy on 28 May."""
    other_id = make_user(app, "them@example.org", tz=TZ)  # before this context's writes
    with app.app_context():
        user = get_user(uid)
        ids = {
            "april": appointment(user, day=date(2025, 4, 1), provider="Dr A").id,
            "may_untimed": appointment(user, day=date(2025, 5, 20), provider="Dr B").id,
            "may_15": appointment(
                user, day=date(2025, 5, 20), start_time=time(15), provider="Dr C"
            ).id,
            "therapy": appointment(user, day=date(2025, 5, 28), kind="therapist").id,
            "june": appointment(user, day=date(2025, 6, 10), provider="Dr D").id,
        }
        other = get_user(other_id)
        appointment(other, day=date(2025, 6, 1))  # never anyone else's
        appointment(other, day=date(2025, 6, 3))
        db.session.commit()
        return ids


def test_last_appointment_is_the_latest_prescriber_visit_up_to_today(app, uid, history):
    with app.app_context():
        last = services.last_appointment(get_user(uid), today=TODAY)
        assert last.id == history["may_15"]  # the timed one, later on the same day
        assert (last.day, last.start_time, last.kind_label) == (
            date(2025, 5, 20),
            time(15),
            "Prescriber",
        )


def test_last_appointment_of_another_kind_or_any_kind(app, uid, history):
    with app.app_context():
        user = get_user(uid)
        assert (
            services.last_appointment(user, today=TODAY, kind="therapist").id == history["therapy"]
        )
        assert services.last_appointment(user, today=TODAY, kind=None).id == history["therapy"]
        assert services.last_appointment(user, today=TODAY, kind="other") is None


def test_last_appointment_counts_one_on_the_day_and_none_before_the_first(app, uid, history):
    with app.app_context():
        user = get_user(uid)
        assert services.last_appointment(user, today=date(2025, 6, 10)).id == history["june"]
        assert services.last_appointment(user, today=date(2025, 6, 9)).id == history["may_15"]
        assert services.last_appointment(user, today=date(2025, 5, 19)).id == history["april"]
        assert services.last_appointment(user, today=date(2025, 3, 31)) is None


def test_next_appointment_is_the_first_from_today_on(app, uid, history):
    with app.app_context():
        user = get_user(uid)
        assert services.next_appointment(user, today=TODAY).id == history["june"]
        assert services.next_appointment(user, today=date(2025, 5, 20)).id == history["may_untimed"]
        assert services.next_appointment(user, today=date(2025, 6, 11)) is None


def test_appointments_between_is_inclusive_and_earliest_first(app, uid, history):
    with app.app_context():
        user = get_user(uid)
        found = services.appointments_between(user, date(2025, 5, 20), date(2025, 6, 10))
        assert [a.id for a in found] == [
            history["may_untimed"],
            history["may_15"],
            history["therapy"],
            history["june"],
        ]
        with pytest.raises(Invalid):
            services.appointments_between(user, date(2025, 6, 2), date(2025, 6, 1))


def test_reads_are_frozen_dataclasses_not_rows(app, uid, history):
    with app.app_context():
        last = services.last_appointment(get_user(uid), today=TODAY)
        assert dataclasses.is_dataclass(last) and not isinstance(last, Appointment)
        assert last.title == "Prescriber appointment with Dr C"
        with pytest.raises(dataclasses.FrozenInstanceError):
            last.day = TODAY  # type: ignore[misc]


def test_upcoming_are_soonest_first_and_past_newest_first(app, uid, history):
    with app.app_context():
        upcoming, past = services.upcoming_and_past(get_user(uid), today=date(2025, 5, 28))
        assert [a.id for a in upcoming] == [history["therapy"], history["june"]]
        assert [a.id for a in past] == [history["may_15"], history["may_untimed"], history["april"]]


def test_timeline_shows_appointments_an_untimed_one_without_a_time(app, uid, history):
    with app.app_context():
        items = services.timeline_items(get_user(uid), date(2025, 5, 20), date(2025, 5, 20))
        untimed, timed = items
        assert (untimed.entry_id, untimed.timed, untimed.day) == (
            history["may_untimed"],
            False,
            date(2025, 5, 20),
        )
        assert untimed.at == datetime(2025, 5, 19, 22, 0, tzinfo=UTC)  # sorts at the day's start
        assert (timed.entry_id, timed.timed, timed.title) == (
            history["may_15"],
            True,
            "Prescriber appointment with Dr C",
        )
        assert (timed.edit_endpoint, timed.delete_endpoint, timed.id_arg) == (
            "appointments.edit",
            "appointments.delete",
            "appointment_id",
        )


def test_deleting_the_account_deletes_appointments_and_questions(app, uid, history):
    from tests.appointments.factories import question
    from tests.conftest import PASSWORD
    from tracker.appointments.models import Question
    from tracker.auth.services import LoginPolicy
    from tracker.settings.services import delete_account
    from tracker.timeutils import utcnow

    with app.app_context():
        question(get_user(uid))
        db.session.commit()
        delete_account(
            get_user(uid),
            PASSWORD,
            now=utcnow(),
            policy=LoginPolicy(),
            upload_folder=app.config["IMPORT_FOLDER"],
        )
        db.session.commit()
        owners = set(db.session.scalars(db.select(Appointment.user_id)))
        assert uid not in owners and len(owners) == 1  # the other user's two remain
        assert count() == 2 and count(Question) == 0
