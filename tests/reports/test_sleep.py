"""The report's sleep line with imported nights: known only by their length, or unrated. Each
mean is over the nights that have the measure, and says how many; the page, the PDF and a
shared link all show it."""

from datetime import timedelta

from tests.conftest import NOW, login, make_user
from tests.reports.factories import get_user, pdf_pages
from tests.shares.factories import make_share
from tests.sleep.factories import log_length, log_night
from tracker.extensions import db
from tracker.reports import services, words
from tracker.reports.model import SleepSummary
from tracker.reports.pdf import report_pdf
from tracker.timeutils import local_today, utcnow

TODAY = local_today("Europe/Berlin", NOW)
MIXED = (
    "4 nights logged. Mean total sleep 7 h 15 min; time to fall asleep (SOL) 15 min (2 of 4 "
    "nights), awake after sleep onset (WASO) 20 min (2 of 4 nights), sleep efficiency 89% "
    "(2 of 4 nights); quality 3.0 of 5 (5 = very good) over 2 nights rated."
)


def _mixed(user, today, now) -> None:
    """Two diary nights (7 h 10 min, 89%; one rated 4, one unrated) and two known only by
    their length (7 h 20 min unrated, 7 h 20 min rated 2)."""
    log_night(user, today - timedelta(days=4), now=now)
    log_night(user, today - timedelta(days=3), quality=None, now=now)
    log_length(user, today - timedelta(days=2), 440, quality=None, now=now)
    log_length(user, today - timedelta(days=1), 440, quality=2, now=now)


def test_sleep_means_are_over_the_nights_that_have_each_measure(app):
    uid = make_user(app)
    with app.app_context():
        _mixed(get_user(uid), TODAY, NOW)
        db.session.commit()
        report = services.build_report(
            get_user(uid), first=TODAY - timedelta(days=29), last=TODAY, now=NOW
        )
    s = report.sleep
    assert (s.nights, s.timed, s.rated) == (4, 2, 2)
    assert (s.tst_minutes, s.sol_minutes, s.waso_minutes, s.quality) == (435, 15, 20, 3)
    assert round(s.efficiency) == 89
    assert words.sleep(s) == MIXED


def test_nights_without_their_counts_make_total_sleep_an_upper_bound_and_are_counted(app):
    """Three diary nights 22:45-06:30 (7 h 45 min trying to sleep to waking): one full (SOL 15,
    WASO 20: 7 h 10 min, 89%), one with SOL only (30), one with neither."""
    uid = make_user(app)
    with app.app_context():
        user = get_user(uid)
        log_night(user, TODAY - timedelta(days=3), now=NOW)
        log_night(user, TODAY - timedelta(days=2), sol=30, waso=None, awakenings=None, now=NOW)
        log_night(user, TODAY - timedelta(days=1), sol=None, waso=None, awakenings=None, now=NOW)
        db.session.commit()
        s = services.build_report(
            get_user(uid), first=TODAY - timedelta(days=29), last=TODAY, now=NOW
        ).sleep
    counted = (s.nights, s.timed, s.sol_nights, s.waso_nights, s.efficient, s.at_most)
    assert counted == (3, 3, 2, 1, 1, 2)
    # Means over the known values only: no 0 stands in for a count nobody gave.
    assert (s.sol_minutes, s.waso_minutes, round(s.efficiency)) == (22.5, 20, 89)
    assert s.tst_minutes == (430 + 435 + 465) / 3
    assert words.sleep(s) == (
        "3 nights logged. Mean total sleep at most 7 h 23 min (minutes to fall asleep or awake "
        "not recorded on 2 of 3 nights); time to fall asleep (SOL) 22 min (2 of 3 nights), "
        "awake after sleep onset (WASO) 20 min (1 of 3 nights), sleep efficiency 89% (1 of 3 "
        "nights); quality 4.0 of 5 (5 = very good) over 3 nights rated."
    )


def test_a_measure_no_night_has_is_said_not_recorded():
    s = SleepSummary(2, 465, None, None, None, timed=2, quality=4, rated=2, at_most=2)
    assert words.sleep(s) == (
        "2 nights logged. Mean total sleep at most 7 h 45 min (minutes to fall asleep or awake "
        "not recorded on 2 of 2 nights); time to fall asleep (SOL) not recorded, awake after "
        "sleep onset (WASO) not recorded, sleep efficiency not recorded; quality 4.0 of 5 "
        "(5 = very good) over 2 nights rated."
    )


def test_nights_only_known_by_length_and_unrated_are_said_so():
    s = SleepSummary(1, 480, None, None, None, timed=0, quality=None, rated=0)
    assert words.sleep(s) == (
        "1 night logged. Mean total sleep 8 h 00 min; bed times not recorded, so no SOL, WASO "
        "or efficiency; quality not rated."
    )


def test_the_page_the_pdf_and_a_shared_link_show_the_sleep_line(app, client):
    uid = make_user(app)
    now = utcnow()
    today = local_today("Europe/Berlin", now)
    with app.app_context():
        _mixed(get_user(uid), today, now)
        db.session.commit()
        report = services.build_report(
            get_user(uid), first=today - timedelta(days=29), last=today, now=now
        )
    pdf = " ".join(pdf_pages(report_pdf(report))).replace("\n", " ")
    assert "Sleep: 4 nights logged. Mean total sleep 7 h 15 min;" in pdf
    assert "sleep efficiency 89% (2 of 4 nights)" in pdf and "over 2 nights rated" in pdf
    login(client)
    assert f"Sleep: {MIXED}" in client.get("/report?range=30").get_data(as_text=True)
    _, token = make_share(
        app, uid, first=today - timedelta(days=29), last=today - timedelta(days=1), now=now
    )
    shared = app.test_client().get(f"/s/{token}")
    assert shared.status_code == 200 and f"Sleep: {MIXED}" in shared.get_data(as_text=True)
