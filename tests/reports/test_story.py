"""The story a prescriber must read in the demo's default report: the regimen's history, fog and
numbness rising after the increase and easing with the taper, the last positive item 9 and
when it was, alcohol with lorazepam, as-needed use, and the questions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.reports.factories import pdf_pages
from tracker.cli.demo import build_demo
from tracker.extensions import db
from tracker.reports import services, words
from tracker.reports.pdf import report_pdf


@pytest.fixture
def demo(app):  # noqa: ANN201
    with app.app_context():
        user = build_demo(days=120, timezone="Europe/Berlin", now=NOW)
        db.session.commit()
        first, last = services.default_range(user, now=NOW)
        report = services.build_report(user, first=first, last=last, now=NOW)
        increase = next(e.day for e in report.regimen[0].events if e.text.startswith("Increase"))
        yield report, increase, " ".join(" ".join(pdf_pages(report_pdf(report))).split())


def test_the_fog_and_numbness_onsets_are_named_after_the_increase_with_their_days(demo):
    report, increase, text = demo
    rows = {r.name: r for r in report.side_effects}
    for name in ("Brain fog", "Emotional numbness"):
        row = rows[name]
        since = dict(row.since_change)["sertraline"]
        assert row.onset is not None and row.onset > increase, name
        assert since == (row.onset - increase).days and 5 <= since <= 30, name
        assert row.reached - row.before >= 1.5, name
        assert f"{row.onset.isoformat()}" in text and f"sertraline {since} d" in text


def test_the_dose_period_table_shows_the_rise_at_100_mg_and_the_easing_after(demo):
    report, _, text = demo
    table, *starts = report.dose_periods
    assert table.medication == "sertraline"
    # quetiapine and lithium, each started in the range: before and after its start.
    assert [(t.medication, len(t.periods)) for t in starts] == [("quetiapine", 2), ("lithium", 2)]
    labels = [p.label for p in table.periods]
    assert labels[-4:] == ["50 mg a day", "100 mg a day", "75 mg a day", "50 mg a day"]
    for name in ("Brain fog", "Emotional numbness"):
        row = next(r for r in table.rows if r.symptom == name)
        before, high, step, low = row.cells[-4:]
        assert high.peak > before.peak and high.mean > before.mean + 1, name
        assert high.end > step.end > low.end, name  # where each period settled
        assert low.end < before.end + 1 and low.peak < high.peak, name
    assert "100 mg a day" in text and "mean of the period's last 7 days" in text


def test_the_last_positive_item9_is_shown_with_its_date_before_the_range(demo):
    report, _, text = demo
    s = report.safety
    assert s.in_range == () and s.position == "before" and s.days_from_range > 0
    assert s.later >= 6 and s.later_zero == s.later
    assert f"{s.last.day.isoformat()}, answer 1 (several days)" in text
    assert f"{s.days_from_range} days before this range" in text


def test_the_regimen_history_alcohol_as_needed_use_and_questions_are_read(demo):
    report, increase, text = demo
    history = words.history(report.regimen[0])
    assert f"{increase.isoformat()} Increase: 50 → 100 mg a day" in history
    assert history.count("Taper step") == 2 and "ending at 50 mg a day" in history
    assert [r.name for r in report.stopped] == ["escitalopram", "melatonin"]
    assert [r.name for r in report.regimen] == ["sertraline", "quetiapine", "lithium", "lorazepam"]
    assert len({d.day for d in report.alcohol.with_sedative}) >= 4
    (prn,) = report.as_needed
    assert prn.helped is not None and sum(prn.weekly) == prn.doses
    assert [q.asked_on for q in report.questions[:2]] == [None, None]
    first_page = text[: text.index("Page 1 of")]
    assert report.questions[0].text in first_page and "Most recent PHQ-9" in first_page
    assert report.header.days == 90 and report.header.first == NOW.date() - timedelta(days=89)
