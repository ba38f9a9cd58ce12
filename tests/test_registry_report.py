"""Guards of the registry's `charts` and `report` fields (tracker/kind.py): every kind's own
chart is on the Trends page with its words, table and picture, and every kind's report section
is in the report's page and its PDF; a kind's part left out by a consumer fails here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from markupsafe import escape

from tests.conftest import NOW, login, make_user
from tests.journal_factories import journal_entries
from tests.reports.factories import get_user, pdf_pages
from tracker import registry
from tracker.extensions import db
from tracker.kind import ReportLine, ReportSection
from tracker.reports import services as reports
from tracker.reports.pdf import report_pdf
from tracker.trends import services as trends
from tracker.trends.charts import CHARTS, HERE
from tracker.trends.ranges import Range

FIRST, LAST = date(2025, 5, 1), date(2025, 6, 2)  # journal_entries are on 2025-06-01; NOW 6-02
RANGE = f"range=custom&start={FIRST}&end={LAST}"
CHARTED = [(kind.key, chart) for kind in registry.KINDS for chart in kind.charts]
REPORTED = [kind for kind in registry.KINDS if kind.report is not None]


@pytest.fixture
def ada(app, client):  # noqa: ANN201
    uid = make_user(app)
    with app.app_context():
        journal_entries(uid)
        db.session.commit()
    login(client)
    return uid


def test_the_kinds_declare_the_vitals_chart_and_two_report_sections():
    assert [chart.key for _, chart in CHARTED] == ["vitals"]
    assert [kind.key for kind in REPORTED] == ["vitals", "labs"]


def test_every_chart_key_is_one_chart():
    keys = [c.key for c in HERE] + [chart.key for _, chart in CHARTED]
    assert len(keys) == len(set(keys)) == len(CHARTS)


@pytest.mark.parametrize(("owner", "chart"), CHARTED, ids=[c.key for _, c in CHARTED])
def test_every_kinds_chart_is_on_the_trends_page(app, client, ada, owner, chart):
    assert owner in chart.kinds  # it reads its own kind's rows
    html = client.get(f"/trends?{RANGE}").get_data(as_text=True)
    assert f'id="chart-{chart.key}"' in html and chart.title in html
    assert f"/trends/{chart.key}.svg?range=custom" in html
    with app.app_context():
        text = trends.chart_text(get_user(ada), chart.key, Range("custom", FIRST, LAST), now=NOW)
    assert text.table.rows, "the kind's entry is in its data table"
    assert str(escape(text.description)) in html
    assert str(escape(text.table.caption)) in html
    image = client.get(f"/trends/{chart.key}.png?{RANGE}")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    page = client.get(f"/trends/{chart.key}?{RANGE}")
    assert page.status_code == 200 and str(escape(text.table.caption)) in page.get_data(True)


@pytest.mark.parametrize("kind", REPORTED, ids=[k.key for k in REPORTED])
def test_every_kinds_report_section_is_in_the_report_page_and_pdf(app, client, ada, kind):
    with app.app_context():
        report = reports.build_report(get_user(ada), first=FIRST, last=LAST, now=NOW)
    (section,) = [s for s in report.sections if s.key == kind.key]
    assert section.lines, f"{kind.key}: its entry of the range has no line"
    html = client.get(f"/report?{RANGE}").get_data(as_text=True)
    body = html[html.index('<article class="report"') : html.index("</article>")]
    assert f'id="report-{section.key}"' in body and section.title in body
    for line in section.lines:
        assert str(escape(line.label)) in body and str(escape(line.text)) in body
    assert body.index("report-life") < body.index(f"report-{section.key}")  # after therapy
    pdf = client.get(f"/report.pdf?{RANGE}")
    text = " ".join(" ".join(pdf_pages(pdf.data)).split())
    assert f"{section.title}:" in text
    for line in section.lines:
        assert f"{line.label} {line.text}" in text


def test_the_report_walks_the_registry_for_its_sections(app, monkeypatch):
    spy = ReportSection("spy", "Spy readings", (ReportLine("Thing", "3 on 2 Jun."),), "A note.")
    extra = replace(registry.BY_KEY["therapy"], key="spy", report=lambda snap: spy, charts=())
    empty = replace(registry.BY_KEY["therapy"], key="none", report=lambda snap: None)
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, extra, empty))
    uid = make_user(app)
    with app.app_context():
        report = reports.build_report(get_user(uid), first=FIRST, last=LAST, now=NOW)
    assert [s.key for s in report.sections] == ["spy"]  # nothing of the others in the range
    text = " ".join(" ".join(pdf_pages(report_pdf(report))).split())
    assert "Spy readings: Thing 3 on 2 Jun." in text
    assert "therapy and spy readings" in text  # the heading the sections share
