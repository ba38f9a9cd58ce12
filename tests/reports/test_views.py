"""The report page and its PDF download (the pages use the real clock)."""

from datetime import timedelta

import pytest

from tests.conftest import login, make_user
from tests.reports.factories import get_user, history, pdf_pages
from tracker.extensions import db
from tracker.reports.model import MARK, NO_ITEM9
from tracker.timeutils import local_today, utcnow

ORDER = (
    "report-header",
    "report-questions",
    "report-safety",
    "report-regimen",
    "report-overview",
    "report-adherence",
    "report-side-effects",
    "report-fibser",
    "report-scores",
    "report-life",
)


@pytest.fixture
def ada(app, client):
    uid = make_user(app)
    with app.app_context():
        days = history(get_user(uid), now=utcnow())
        db.session.commit()
    login(client)
    return days


def test_the_page_shows_every_part_in_order_questions_first(client, ada):
    page = client.get("/report?range=30")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    positions = [html.index(f'id="{part}"') for part in ORDER]
    assert positions == sorted(positions)
    assert html.index("Is the sertraline making me foggy?") < html.index('id="report-regimen"')
    article = html[html.index('<article class="report"') : html.index("</article>")]
    assert MARK in article and "your prescriber" not in article
    assert "/trends/overview.svg?range=custom" in html and "size=print" in html
    assert "/trends/questionnaires.svg?range=custom" in html  # PHQ-9/GAD-7 over their bands


def _box(html: str) -> str:
    return html[html.index('id="report-safety"') : html.index('id="report-regimen"')]


def test_the_safety_box_names_the_item9_dates(client, ada):
    flagged, clear = ada
    box = _box(client.get("/report?range=30").get_data(as_text=True))
    assert 'class="safety flagged"' in box and 'role="alert"' in box
    assert f"in this range on 1 day: {flagged.isoformat()} more than half the days (2)" in box
    assert "One PHQ-9 answered since, with item 9 at 0." in box


def test_an_item9_before_the_range_still_shows_in_the_safety_box(client, ada):
    flagged, clear = ada
    first, last = _last_week()
    box = _box(client.get(f"/report?range=custom&start={first}&end={last}").get_data(as_text=True))
    assert 'class="safety flagged"' in box and NO_ITEM9 not in box
    assert f"{flagged.isoformat()}, answer 2 (more than half the days), 14 days before" in box


def test_an_account_without_item9_says_so(app, client):
    make_user(app)
    login(client)
    box = _box(client.get("/report?range=30").get_data(as_text=True))
    assert "no PHQ-9 on record" in box and 'class="safety flagged"' not in box


def _last_week() -> tuple[str, str]:
    today = local_today("Europe/Berlin", utcnow())
    return (today - timedelta(days=6)).isoformat(), today.isoformat()


def test_without_a_choice_the_page_covers_the_last_90_days(client, ada):
    html = client.get("/report").get_data(as_text=True)
    today = local_today("Europe/Berlin", utcnow())
    assert f"Range: {(today - timedelta(days=89)).isoformat()} to {today.isoformat()}" in html


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_pdf_is_an_attachment_with_selectable_text(client, ada, paper):
    response = client.get(f"/report.pdf?range=30&paper={paper}")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="report-')
    pages = pdf_pages(response.data)
    assert all(MARK in page for page in pages)
    assert "Is the sertraline making me foggy?" in pages[0]


def test_bad_dates_come_back_with_the_message_beside_the_field(client, ada):
    response = client.get("/report?range=custom&start=2025-06-10&end=2025-06-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The first day must be on or before the last day." in html
    assert client.get("/report.pdf?range=custom&start=not-a-date").status_code == 422


def test_an_unknown_paper_is_refused(client, ada):
    response = client.get("/report.pdf?range=30&paper=A3")
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)


def test_another_users_report_never_shows_ada(app, client, ada):
    make_user(app, "bob@example.org")
    client.post("/logout")
    login(client, "bob@example.org")
    html = client.get("/report?range=30").get_data(as_text=True)
    pdf = "".join(pdf_pages(client.get("/report.pdf?range=30").data))
    for text in (html, pdf):
        assert "sertraline" not in text and "foggy" not in text


def test_the_page_links_its_own_stylesheet_with_print_rules(client, ada):
    html = client.get("/report?range=30").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/report.css">' in html
    css = client.get("/report.css")
    assert css.status_code == 200 and b"@media print" in css.data


def test_the_trends_page_links_to_the_report_of_its_range(client, ada):
    html = client.get("/trends?range=30").get_data(as_text=True)
    assert 'href="/report?range=30"' in html
