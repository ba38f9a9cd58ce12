"""Questionnaire rules through the services, committed and read back."""

from datetime import date, timedelta

import pytest

from tests.conftest import NOW, make_user
from tests.questionnaires.factories import PHQ9_TEN, count, gad7, get_user, phq9, phq9_total
from tracker import entries
from tracker.errors import Conflict, Invalid
from tracker.extensions import db
from tracker.questionnaires import services
from tracker.questionnaires.models import QuestionnaireResponse

TODAY = date(2025, 6, 2)  # NOW in Europe/Berlin


@pytest.fixture
def uid(app):
    return make_user(app)


def test_phq9_is_saved_with_answers_total_item9_and_the_local_day(app, uid):
    with app.app_context():
        entry_id = phq9(get_user(uid), [0, 0, 0, 0, 0, 0, 0, 0, 2]).id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(QuestionnaireResponse, entry_id)
        assert (entry.instrument, entry.answers, entry.total, entry.item9) == (
            "phq9",
            "0,0,0,0,0,0,0,0,2",
            2,
            2,
        )
        assert (entry.day, entry.tz, entry.at) == (TODAY, "Europe/Berlin", NOW)


def test_day_is_the_users_local_date_not_utc(app):
    uid = make_user(app, tz="Pacific/Auckland")
    with app.app_context():
        late_utc = NOW.replace(hour=20)  # already the next morning in Auckland
        entry = services.record_answers(get_user(uid), "gad7", [0] * 7, now=late_utc)
        assert entry.day == TODAY + timedelta(days=1)


def test_phq9_difficulty_answer_is_kept_but_not_scored(app, uid):
    with app.app_context():
        entry = services.record_answers(get_user(uid), "phq9", PHQ9_TEN, difficulty=3, now=NOW)
        assert (entry.answers, entry.total) == ("1,2,0,3,1,0,2,1,0,3", 10)
        assert services.result(get_user(uid), entry).difficulty == "Extremely difficult"


def test_difficulty_belongs_to_phq9_only(app, uid):
    with app.app_context(), pytest.raises(Invalid) as caught:
        services.record_answers(get_user(uid), "gad7", [0] * 7, difficulty=1, now=NOW)
    assert caught.value.field == "difficulty"


def test_an_answer_of_4_on_a_phq9_item_is_refused_and_nothing_is_saved(app, uid):
    with app.app_context():
        with pytest.raises(Invalid, match="0 to 3") as caught:
            phq9(get_user(uid), [0, 0, 0, 4, 0, 0, 0, 0, 0])
        assert caught.value.field == "item4"
        db.session.rollback()
        assert count() == 0


def test_a_missing_item_is_refused_beside_that_item(app, uid):
    with app.app_context(), pytest.raises(Invalid) as caught:
        services.record_answers(get_user(uid), "gad7", [0, 0, None, 0, 0, 0, 0], now=NOW)
    assert caught.value.field == "item3"


def test_unknown_instrument_is_refused(app, uid):
    with app.app_context(), pytest.raises(Invalid):
        services.record_answers(get_user(uid), "bdi", [0] * 21, now=NOW)


def test_the_same_form_sent_twice_is_saved_once(app, uid):
    with app.app_context():
        user = get_user(uid)
        first = services.record_answers(user, "gad7", [1] * 7, request_key="abc123", now=NOW)
        again = services.record_answers(user, "gad7", [1] * 7, request_key="abc123", now=NOW)
        db.session.commit()
        assert first.id == again.id
        assert count() == 1


def test_fibser_keeps_all_items_and_the_burden_as_its_score(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = services.record_answers(user, "fibser", [5, 4, 3], now=NOW)
        r = services.result(user, entry)
        assert (entry.answers, entry.total, entry.item9) == ("5,4,3", 3, None)
        assert r.band == "moderate to marked impairment"
        assert [i.label for i in r.items] == [
            "Present 90% of the time",
            "Marked",
            "Moderate impairment",
        ]


def test_reanswering_changes_total_and_item9_and_keeps_the_date(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = phq9(user, days_ago=3)
        db.session.commit()
        services.update_answers(
            user, entry, [0, 0, 0, 0, 0, 0, 0, 0, 1], note="better", row_version=entry.row_version
        )
        db.session.commit()
    with app.app_context():
        entry = db.session.scalars(db.select(QuestionnaireResponse)).one()
        assert (entry.total, entry.item9, entry.note) == (1, 1, "better")
        assert entry.day == TODAY - timedelta(days=3)


def test_reanswering_a_stale_page_is_a_conflict(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = phq9(user)
        db.session.commit()
        with pytest.raises(Conflict):
            services.update_answers(user, entry, PHQ9_TEN, row_version=entry.row_version + 1)


def test_other_score_is_kept_by_name_on_its_date(app, uid):
    with app.app_context():
        entry_id = services.record_other(
            get_user(uid), name=" ODQ ", total=62, taken_on=date(2025, 5, 20), now=NOW
        ).id
        db.session.commit()
    with app.app_context():
        entry = db.session.get(QuestionnaireResponse, entry_id)
        assert (entry.instrument, entry.name, entry.total, entry.answers, entry.day) == (
            "other",
            "ODQ",
            62,
            None,
            date(2025, 5, 20),
        )


def test_other_score_taken_today_before_midday_is_filed_now(app, uid):
    with app.app_context():
        early = NOW.replace(hour=6)  # 08:00 in Berlin
        entry = services.record_other(
            get_user(uid), name="GASS", total=10, taken_on=TODAY, now=early
        )
        assert (entry.day, entry.at) == (TODAY, early)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"name": "  "}, "name"),
        ({"total": 1000}, "total"),
        ({"total": -1}, "total"),
        ({"total": None}, "total"),
        ({"taken_on": date(2025, 6, 3)}, "taken_on"),
        ({"taken_on": date(2010, 1, 1)}, "taken_on"),
        ({"taken_on": None}, "taken_on"),
        ({"name": "x" * 61}, "name"),
    ],
)
def test_bad_other_score_is_refused_beside_its_field(app, uid, fields, field):
    values = {"name": "ASEC", "total": 30, "taken_on": TODAY, **fields}
    with app.app_context(), pytest.raises(Invalid) as caught:
        services.record_other(get_user(uid), **values, now=NOW)
    assert caught.value.field == field


def test_other_score_can_be_corrected(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = services.record_other(user, name="ASRM", total=3, taken_on=TODAY, now=NOW)
        db.session.commit()
        services.update_other(
            user,
            entry,
            name="ASRM",
            total=7,
            taken_on=date(2025, 5, 30),
            row_version=entry.row_version,
            now=NOW,
        )
        db.session.commit()
        assert (entry.total, entry.day) == (7, date(2025, 5, 30))


def test_items_of_an_other_score_cannot_be_answered(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = services.record_other(user, name="ASRM", total=3, taken_on=TODAY, now=NOW)
        with pytest.raises(Invalid):
            services.update_answers(user, entry, PHQ9_TEN, row_version=None)


def test_delete_removes_the_entry(app, uid):
    with app.app_context():
        user = get_user(uid)
        entries.delete_entry(user, QuestionnaireResponse, phq9(user).id)
        db.session.commit()
        assert count() == 0


def test_never_taken_phq9_and_gad7_are_due_at_once(app, uid):
    with app.app_context():
        assert services.due(get_user(uid), TODAY) == ["phq9", "gad7"]


def test_due_dates_honour_the_default_cadence_of_14_days(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9(user, days_ago=13)
        gad7(user, days_ago=14)
        assert services.due(user, TODAY) == ["gad7"]
        assert services.next_due(user, TODAY) == {"phq9": TODAY + timedelta(days=1), "gad7": TODAY}


def test_due_dates_honour_a_changed_cadence(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9(user, days_ago=7)
        gad7(user, days_ago=6)
        services.set_cadence(user, 7)
        db.session.commit()
        assert services.due(user, TODAY) == ["phq9"]
        services.set_cadence(user, 30)
        assert services.due(user, TODAY) == []
        assert services.next_due(user, TODAY)["phq9"] == TODAY + timedelta(days=23)


def test_fibser_and_other_scores_do_not_make_phq9_less_due(app, uid):
    with app.app_context():
        user = get_user(uid)
        services.record_answers(user, "fibser", [1, 1, 1], now=NOW)
        services.record_other(user, name="ODQ", total=40, taken_on=TODAY, now=NOW)
        assert services.due(user, TODAY) == ["phq9", "gad7"]


@pytest.mark.parametrize("days, ok", [(6, False), (7, True), (90, True), (91, False)])
def test_cadence_is_7_to_90_days(app, uid, days, ok):
    with app.app_context():
        user = get_user(uid)
        if ok:
            services.set_cadence(user, days)
            db.session.commit()
            assert get_user(uid).questionnaire_days == days
        else:
            with pytest.raises(Invalid) as caught:
                services.set_cadence(user, days)
            assert caught.value.field == "questionnaire_days"


def test_history_marks_response_and_remission_against_the_first_score(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9_total(user, 16, days_ago=42)
        phq9_total(user, 9, days_ago=28)
        phq9_total(user, 8, days_ago=14)
        phq9_total(user, 4, days_ago=0)
        rows = services.history(user)["phq9"]
        assert [r.total for r in rows] == [4, 8, 9, 16]  # newest first
        newest, response, no_response, first = rows
        assert first.is_baseline and first.change is None
        assert not no_response.change.response and no_response.change.points == -7
        assert response.change.response and not response.change.remission
        assert newest.change.response and newest.change.remission
        assert [r.band for r in rows] == ["minimal", "mild", "mild", "moderately severe"]


def test_first_score_is_per_instrument(app, uid):
    with app.app_context():
        user = get_user(uid)
        gad7(user, 14, days_ago=30)
        phq9_total(user, 20, days_ago=20)
        latest = gad7(user, 6)
        r = services.result(user, latest)
        assert (r.change.baseline, r.change.response) == (14, True)


def test_item9_above_0_flags_the_timeline_even_with_a_total_of_1(app, uid):
    with app.app_context():
        user = get_user(uid)
        entry = phq9(user, [0, 0, 0, 0, 0, 0, 0, 0, 1])
        db.session.commit()
        (item,) = services.timeline_items(user, TODAY, TODAY)
        assert item.flag == "PHQ-9 item 9: thoughts of self-harm (answered 'Several days')"
        assert (item.entry_id, item.title, item.kind) == (entry.id, "PHQ-9", "questionnaire")
        assert services.history(user)["phq9"][0].flag == item.flag


def test_timeline_covers_every_kind_in_the_range_with_edit_and_delete_endpoints(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9(user)
        gad7(user, 3)
        services.record_answers(user, "fibser", [2, 2, 5], now=NOW)
        services.record_other(user, name="ODQ", total=55, taken_on=TODAY, now=NOW)
        phq9(user, days_ago=1)  # outside the range
        items = services.timeline_items(user, TODAY, TODAY)
        assert [i.title for i in items] == ["PHQ-9", "GAD-7", "FIBSER", "ODQ"]
        assert [i.detail for i in items] == [
            "10 of 27 (moderate)",
            "3 of 21 (minimal)",
            "Side-effect burden 5 of 6 (severe impairment or unable to function)",
            "Score 55",
        ]
        assert {(i.edit_endpoint, i.delete_endpoint) for i in items} == {
            ("questionnaires.edit", "questionnaires.delete")
        }
        assert all(i.flag is None for i in items)


def test_scores_in_a_range_oldest_first_with_band_and_item9(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9_total(user, 12, days_ago=40)
        phq9_total(user, 15, days_ago=20, item9=2)
        phq9_total(user, 6, days_ago=5)
        gad7(user, 9, days_ago=5)
        got = services.scores(user, "phq9", TODAY - timedelta(days=30), TODAY)
        assert got == [
            (TODAY - timedelta(days=20), 15, "moderately severe", 2),
            (TODAY - timedelta(days=5), 6, "mild", 0),
        ]
        assert got[0].total == 15


def test_item9_flags_list_the_days_and_answers_above_0(app, uid):
    with app.app_context():
        user = get_user(uid)
        phq9_total(user, 5, days_ago=30, item9=3)
        phq9_total(user, 5, days_ago=20, item9=0)
        phq9_total(user, 5, days_ago=10, item9=1)
        flags = services.item9_flags(user, TODAY - timedelta(days=60), TODAY)
        assert flags == [(TODAY - timedelta(days=30), 3), (TODAY - timedelta(days=10), 1)]
        assert flags[0].label == "Nearly every day"
        assert services.item9_flags(user, TODAY - timedelta(days=5), TODAY) == []


def test_one_users_scores_are_not_anothers(app, uid):
    other = make_user(app, "b@example.org")
    with app.app_context():
        phq9_total(get_user(other), 20, item9=2)
        user = get_user(uid)
        assert services.history(user)["phq9"] == []
        assert services.item9_flags(user, TODAY, TODAY) == []
        assert services.timeline_items(user, TODAY, TODAY) == []
        assert services.due(user, TODAY) == ["phq9", "gad7"]
