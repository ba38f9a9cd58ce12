"""Symptom entries through the services: rules, committed and read back."""

from datetime import date, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.symptoms.factories import at, get_user, log, medication
from tracker import entries
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.symptoms import services
from tracker.symptoms.following import add_symptom, update_settings
from tracker.symptoms.models import SymptomEntry

TODAY = date(2025, 6, 2)  # NOW is 12:00 in Berlin on this day
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def uid(app):
    return make_user(app)


def _count():
    return db.session.scalar(db.select(db.func.count(SymptomEntry.id)))


def _entries():
    return db.session.scalars(db.select(SymptomEntry).order_by(SymptomEntry.id)).all()


def test_logged_entry_is_filed_under_the_local_day(app, uid):
    with app.app_context():
        med = medication(get_user(uid))
        entry = log(get_user(uid), "brain_fog", 6, at(TODAY, 0, 30), medication_id=med.id)
        db.session.commit()
        entry_id, med_id = entry.id, med.id
    with app.app_context():
        entry = db.session.get(SymptomEntry, entry_id)
        assert (entry.severity, entry.day, entry.tz, entry.medication_id) == (
            6,
            TODAY,
            "Europe/Berlin",
            med_id,
        )
        assert entry.at.hour == 22  # 00:30 in Berlin (CEST) is 22:30 UTC the day before


def test_zero_is_kept_as_checked_and_not_present(app, uid):
    with app.app_context():
        log(get_user(uid), "nausea", 0)
        db.session.commit()
        assert _entries()[0].severity == 0


@pytest.mark.parametrize("severity", [11, -1, None])
def test_severity_outside_0_to_10_is_refused_beside_its_field(app, uid, severity):
    with app.app_context():
        with pytest.raises(Invalid, match="0 to 10") as caught:
            log(get_user(uid), "brain_fog", severity)
        assert caught.value.field == "severity"
        db.session.rollback()
        assert _count() == 0


def test_suspecting_another_users_medication_is_refused(app, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        theirs = medication(get_user(other)).id
        db.session.commit()
    with app.app_context():
        with pytest.raises(Invalid, match="Choose one of your medications.") as caught:
            log(get_user(uid), "brain_fog", 5, medication_id=theirs)
        assert caught.value.field == "medication_id"
        with pytest.raises(Invalid, match="Choose one of your medications."):
            log(get_user(uid), "brain_fog", 5, medication_id=0)
        db.session.rollback()
        assert _count() == 0


def test_future_time_is_refused_and_a_back_dated_one_accepted(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="future") as caught:
            log(get_user(uid), "brain_fog", 5, NOW + timedelta(hours=1))
        assert caught.value.field == "at"
        db.session.rollback()
        entry = log(get_user(uid), "brain_fog", 5, at(TODAY - timedelta(days=9), 21))
        assert entry.day == TODAY - timedelta(days=9)


def test_note_longer_than_2000_characters_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="2000") as caught:
            log(get_user(uid), "brain_fog", 5, note="x" * 2001)
        assert caught.value.field == "note"
        assert log(get_user(uid), "brain_fog", 5, note="  worse after lunch  ").note == (
            "worse after lunch"
        )


def test_unknown_symptom_is_refused(app, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        theirs = add_symptom(get_user(other), "Jaw clenching").id
        db.session.commit()
        for ref in ("not_a_symptom", f"own{theirs}"):
            with pytest.raises(Invalid, match="from the list") as caught:
                log(get_user(uid), ref, 3)
            assert caught.value.field == "symptom"


def test_same_request_key_records_once(app, uid):
    with app.app_context():
        fields = services.EntryFields(symptom="insomnia", severity=4)
        first = services.log_symptom(get_user(uid), fields, now=NOW, request_key="abc123")
        db.session.commit()
        second = services.log_symptom(get_user(uid), fields, now=NOW, request_key="abc123")
        db.session.commit()
        assert first.id == second.id and _count() == 1


def test_edit_changes_the_entry_and_a_stale_page_is_refused(app, uid):
    with app.app_context():
        entry = log(get_user(uid), "brain_fog", 6, at(TODAY, 9))
        db.session.commit()
        version = entry.row_version
        services.update_entry(
            get_user(uid),
            entry,
            services.EntryFields(
                symptom="fatigue", severity=3, note="better", at=at(YESTERDAY, 20)
            ),
            now=NOW,
            row_version=version,
        )
        db.session.commit()
        assert (entry.severity, entry.day, entry.note) == (3, YESTERDAY, "better")
        assert services.entry_row(get_user(uid), entry).symptom == "Fatigue"
        with pytest.raises(Conflict):
            services.update_entry(
                get_user(uid),
                entry,
                services.EntryFields(symptom="fatigue", severity=9),
                now=NOW,
                row_version=version,
            )


def test_edit_refuses_another_users_medication_and_keeps_the_entry(app, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        theirs = medication(get_user(other)).id
        entry = log(get_user(uid), "brain_fog", 6)
        db.session.commit()
        with pytest.raises(Invalid, match="your medications"):
            services.update_entry(
                get_user(uid),
                entry,
                services.EntryFields(symptom="brain_fog", severity=6, medication_id=theirs),
                now=NOW,
                row_version=entry.row_version,
            )
        db.session.rollback()
        assert db.session.get(SymptomEntry, entry.id).medication_id is None


def test_delete_removes_the_entry(app, uid):
    with app.app_context():
        entry = log(get_user(uid), "brain_fog", 6)
        db.session.commit()
        entries.delete_entry(get_user(uid), SymptomEntry, entry.id)
        db.session.commit()
        assert _count() == 0


# The Today panel


def test_panel_save_records_each_given_value_at_now(app, uid):
    with app.app_context():
        saved = services.record_followed(
            get_user(uid), {"emotional_numbness": 4, "brain_fog": 0}, TODAY, NOW, "k1"
        )
        db.session.commit()
        assert len(saved) == 2
        assert [(e.severity, e.at, e.day) for e in _entries()] == [(4, NOW, TODAY), (0, NOW, TODAY)]


def test_panel_save_with_no_value_is_refused_and_saves_nothing(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="at least one"):
            services.record_followed(get_user(uid), {}, TODAY, NOW, "k1")
        db.session.rollback()
        assert _count() == 0


@pytest.mark.parametrize("severity", [11, -1])
def test_panel_save_refuses_a_value_off_the_scale(app, uid, severity):
    with app.app_context():
        with pytest.raises(Invalid, match="0 to 10"):
            services.record_followed(
                get_user(uid), {"brain_fog": 3, "emotional_numbness": severity}, TODAY, NOW
            )
        db.session.rollback()
        assert _count() == 0


def test_panel_save_sent_twice_records_once(app, uid):
    with app.app_context():
        for _ in range(2):
            services.record_followed(get_user(uid), {"brain_fog": 6}, TODAY, NOW, "twice")
            db.session.commit()
        assert _count() == 1


def test_panel_save_skips_a_value_equal_to_the_days_latest(app, uid):
    with app.app_context():
        log(get_user(uid), "brain_fog", 6, at(TODAY, 8))
        saved = services.record_followed(
            get_user(uid), {"brain_fog": 6, "emotional_numbness": 2}, TODAY, NOW, "k2"
        )
        db.session.commit()
        assert [e.severity for e in saved] == [2]
        assert _count() == 2


def test_panel_save_for_an_earlier_day_is_filed_at_its_noon(app, uid):
    with app.app_context():
        day = TODAY - timedelta(days=3)
        services.record_followed(get_user(uid), {"brain_fog": 5}, day, NOW, "k3")
        db.session.commit()
        entry = _entries()[0]
        assert (entry.day, entry.at) == (day, at(day, 12))


def test_panel_save_for_tomorrow_is_refused(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="future"):
            services.record_followed(
                get_user(uid), {"brain_fog": 5}, TODAY + timedelta(days=1), NOW
            )


def test_same_as_yesterday_copies_only_followed_and_only_the_latest_values(app, uid):
    with app.app_context():
        user = get_user(uid)
        med = medication(user)
        log(user, "brain_fog", 7, at(YESTERDAY, 9))
        log(user, "brain_fog", 4, at(YESTERDAY, 21), medication_id=med.id, note="evening")
        log(user, "emotional_numbness", 5, at(YESTERDAY, 10))
        log(user, "nausea", 8, at(YESTERDAY, 11))  # logged, not followed
        log(user, "emotional_numbness", 9, at(YESTERDAY - timedelta(days=1), 10))
        db.session.commit()
        copied = services.same_as_yesterday(get_user(uid), TODAY, NOW, "same1")
        db.session.commit()
        rows = {r.symptom: r for r in services.entries_between(get_user(uid), TODAY, TODAY)}
        assert len(copied) == 2
        assert {name: r.severity for name, r in rows.items()} == {
            "Emotional numbness": 5,
            "Brain fog": 4,
        }
        assert rows["Brain fog"].medication == "sertraline" and rows["Brain fog"].note is None
        assert {r.at for r in rows.values()} == {NOW}


def test_same_as_yesterday_with_nothing_from_yesterday_saves_nothing(app, uid):
    with app.app_context():
        log(get_user(uid), "brain_fog", 4, at(YESTERDAY - timedelta(days=1), 9))
        log(get_user(uid), "nausea", 4, at(YESTERDAY, 9))
        db.session.commit()
        with pytest.raises(Invalid, match="Nothing was logged yesterday"):
            services.same_as_yesterday(get_user(uid), TODAY, NOW, "same2")
        db.session.rollback()
        assert _count() == 2


def test_same_as_yesterday_for_an_earlier_day_files_at_noon_of_that_day(app, uid):
    with app.app_context():
        day = TODAY - timedelta(days=5)
        log(get_user(uid), "brain_fog", 3, at(day - timedelta(days=1), 22))
        db.session.commit()
        services.same_as_yesterday(get_user(uid), day, NOW, "same3")
        db.session.commit()
        copy = _entries()[-1]
        assert (copy.day, copy.at, copy.severity) == (day, at(day, 12), 3)


def test_same_as_yesterday_keeps_values_already_logged_and_records_once(app, uid):
    with app.app_context():
        log(get_user(uid), "brain_fog", 6, at(YESTERDAY, 9))
        log(get_user(uid), "emotional_numbness", 2, at(YESTERDAY, 9))
        log(get_user(uid), "brain_fog", 1, at(TODAY, 8))
        db.session.commit()
        for _ in range(2):
            services.same_as_yesterday(get_user(uid), TODAY, NOW, "same4")
            db.session.commit()
        latest = services.latest_on(get_user(uid), TODAY)
        assert sorted(e.severity for e in latest.values()) == [1, 2]
        assert _count() == 4
        with pytest.raises(Invalid, match="already have a value"):
            services.same_as_yesterday(get_user(uid), TODAY, NOW, "same5")


def test_same_as_yesterday_follows_the_users_choice(app, uid):
    with app.app_context():
        update_settings(get_user(uid), followed=["nausea"])
        log(get_user(uid), "brain_fog", 6, at(YESTERDAY, 9))
        log(get_user(uid), "nausea", 2, at(YESTERDAY, 9))
        db.session.commit()
        copied = services.same_as_yesterday(get_user(uid), TODAY, NOW, "same6")
        assert [e.severity for e in copied] == [2]


# Reads


def test_recent_entries_are_the_last_30_days_newest_first(app, uid):
    with app.app_context():
        for days_ago in (0, 29, 30, 3):
            log(get_user(uid), "brain_fog", days_ago % 11, at(TODAY - timedelta(days=days_ago), 9))
        db.session.commit()
        rows = services.recent_entries(get_user(uid), today=TODAY)
        assert [r.day for r in rows] == [
            TODAY,
            TODAY - timedelta(days=3),
            TODAY - timedelta(days=29),
        ]


def test_timeline_items_say_symptom_severity_medication_and_note(app, uid):
    with app.app_context():
        med = medication(get_user(uid), "escitalopram")
        log(get_user(uid), "brain_fog", 6, at(TODAY, 9), medication_id=med.id, note="after lunch")
        log(get_user(uid), "nausea", 0, at(TODAY, 8))
        db.session.commit()
        items = services.timeline_items(get_user(uid), TODAY, TODAY)
        assert [(i.title, i.detail) for i in items] == [
            ("Nausea 0/10", "Not present (checked)"),
            ("Brain fog 6/10", "Suspected medication: escitalopram · after lunch"),
        ]
        assert {(i.kind, i.edit_endpoint, i.delete_endpoint) for i in items} == {
            ("symptom", "symptoms.edit", "symptoms.delete")
        }


def test_max_per_day_keeps_each_days_highest_value_in_the_given_order():
    d1, d2 = date(2025, 6, 1), date(2025, 6, 2)
    rows = [
        ("Nausea", d2, 1),
        ("Brain fog", d2, 3),
        ("Brain fog", d1, 2),
        ("Brain fog", d2, 7),
        ("Brain fog", d2, 0),
        ("Jaw clenching", d1, 4),
        ("Emotional numbness", d1, 0),
    ]
    assert services.max_per_day(rows, ["Emotional numbness", "Brain fog", "Nausea"]) == {
        "Emotional numbness": [(d1, 0)],
        "Brain fog": [(d1, 2), (d2, 7)],
        "Nausea": [(d2, 1)],
        "Jaw clenching": [(d1, 4)],
    }
    assert services.max_per_day([]) == {}


def test_daily_severity_reads_the_users_entries_in_range(app, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        log(get_user(uid), "nausea", 2, at(YESTERDAY, 9))
        log(get_user(uid), "brain_fog", 3, at(YESTERDAY, 9))
        log(get_user(uid), "brain_fog", 8, at(YESTERDAY, 20))
        log(get_user(uid), "brain_fog", 9, at(TODAY - timedelta(days=7), 20))
        log(get_user(other), "brain_fog", 10, at(YESTERDAY, 20))
        db.session.commit()
        assert services.daily_severity(get_user(uid), YESTERDAY, TODAY) == {
            "Brain fog": [(YESTERDAY, 8)],
            "Nausea": [(YESTERDAY, 2)],
        }


def test_edit_with_the_time_unchanged_to_the_minute_keeps_the_instant_and_zone(app, uid):
    with app.app_context():
        exact = at(TODAY, 9, 15) + timedelta(seconds=42)
        entry = log(get_user(uid), "brain_fog", 6, exact)
        db.session.commit()
        user = get_user(uid)
        user.timezone = "America/New_York"  # travelled since; the shown minute is unchanged
        services.update_entry(
            user,
            entry,
            services.EntryFields(symptom="brain_fog", severity=5, at=at(TODAY, 9, 15)),
            now=NOW,
            row_version=entry.row_version,
        )
        db.session.commit()
        assert (entry.at, entry.tz, entry.day, entry.severity) == (
            exact,
            "Europe/Berlin",
            TODAY,
            5,
        )
