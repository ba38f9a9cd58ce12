"""The report's content as plain data: range, safety flags, questions, ownership."""

from datetime import timedelta

import pytest

from tests.appointments.factories import appointment
from tests.conftest import NOW, make_user
from tests.reports.factories import get_user, history
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.reports import services
from tracker.reports.model import Report
from tracker.timeutils import local_today

TODAY = local_today("Europe/Berlin", NOW)


def test_the_default_range_is_the_last_90_days_without_an_appointment(app):
    uid = make_user(app)
    with app.app_context():
        first, last = services.default_range(get_user(uid), now=NOW)
    assert (first, last) == (TODAY - timedelta(days=89), TODAY)


def test_the_default_range_starts_at_the_last_prescriber_appointment(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        appointment(user, day=TODAY - timedelta(days=30))
        appointment(user, day=TODAY - timedelta(days=10), kind="therapist")
        appointment(user, day=TODAY)  # the visit this report is for
        db.session.commit()
        first, last = services.default_range(user, now=NOW)
    assert (first, last) == (TODAY - timedelta(days=30), TODAY)


def test_the_report_holds_item9_dates_questions_and_completeness(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        flagged, _ = history(user, now=NOW)
        db.session.commit()
        report = services.build_report(user, first=TODAY - timedelta(days=29), last=TODAY, now=NOW)
    assert isinstance(report, Report)
    assert [f.day for f in report.safety.in_range] == [flagged]
    assert [q.text for q in report.questions] == ["Is the sertraline making me foggy?"]
    assert report.header.checkin_days == 14 and round(report.header.checkin_pct) == 47
    assert [r.name for r in report.regimen] == ["sertraline"]
    assert report.adherence[0].adherence.scheduled == 30
    assert report.appendix is None


def test_the_appendix_lists_every_scheduled_dose_missed_ones_included(app):
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        history(user, now=NOW)
        report = services.build_report(
            user, first=TODAY - timedelta(days=6), last=TODAY, now=NOW, appendix=True
        )
    assert len(report.appendix) == 7
    assert {d.status for d in report.appendix} == {"Missed"}


def test_another_users_data_never_appears(app):
    ada, bob = make_user(app), make_user(app, "bob@example.org")
    with app.app_context():
        history(get_user(bob), now=NOW, drug="quetiapine", question="Bob's own question")
        history(get_user(ada), now=NOW)
        db.session.commit()
        report = services.build_report(
            get_user(ada), first=TODAY - timedelta(days=29), last=TODAY, now=NOW, appendix=True
        )
    text = repr(report)
    assert "quetiapine" not in text and "Bob's own question" not in text
    assert len(report.safety.in_range) == 1 and report.header.checkin_days == 14


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (TODAY, TODAY - timedelta(days=1), "start"),
        (TODAY, TODAY + timedelta(days=1), "end"),
        (TODAY - timedelta(days=3660), TODAY, "start"),
    ],
)
def test_bad_ranges_are_refused_with_the_field_named(app, first, last, field):
    uid = make_user(app)
    with app.app_context(), pytest.raises(Invalid) as exc:
        services.build_report(get_user(uid), first=first, last=last, now=NOW)
    assert exc.value.field == field


def test_an_unknown_paper_size_is_refused(app):
    uid = make_user(app)
    with app.app_context(), pytest.raises(Invalid, match="A4 or Letter"):
        services.report_file(get_user(uid), first=TODAY, last=TODAY, now=NOW, paper="A3")


def test_a_side_effect_rise_shows_its_onset_and_the_days_since_the_dose_change(app):
    from datetime import date

    from tests.trends.factories import INCREASE, fog, sertraline

    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        sertraline(user)
        fog(user, INCREASE - timedelta(days=14), [1] * 17 + [6] * 10)
        db.session.commit()
        report = services.build_report(
            user, first=date(2025, 4, 1), last=date(2025, 4, 30), now=NOW
        )
    (row,) = report.side_effects
    # The step up is on INCREASE + 3: the onset is dated to it, not to when it was confirmed.
    assert row.name == "Brain fog" and row.onset == INCREASE + timedelta(days=3)
    assert dict(row.since_change) == {"sertraline": 3}
    assert (row.before, row.reached) == (1, 6)
    assert row.current == 6 and row.trend == "rising"
