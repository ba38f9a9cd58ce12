"""The PDF of a real demo account: two pages for 90 days on A4 and Letter, the mark on every
page, text that can be selected, and the CLI writing the same report."""

import io
import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from tests.conftest import NOW, make_user
from tests.reports.factories import get_user, history, pdf_pages
from tracker.cli.demo import build_demo
from tracker.extensions import db
from tracker.reports import services
from tracker.reports.model import MARK
from tracker.reports.pdf import ALERT_FILL, report_pdf
from tracker.timeutils import local_today


def test_a_90_day_demo_report_is_two_pages_on_a4_and_letter(app):
    with app.app_context():
        user = build_demo(days=120, timezone="Europe/Berlin", now=NOW)
        db.session.commit()
        last = local_today(user.timezone, NOW)
        first = last - timedelta(days=89)
        report = services.build_report(user, first=first, last=last, now=NOW)
        with_doses = services.build_report(user, first=first, last=last, now=NOW, appendix=True)
    for paper in ("A4", "Letter"):
        data = report_pdf(report, paper=paper)
        pages = pdf_pages(data)
        # Six medications (four current, two stopped), vitals and lab results: still two pages.
        assert len(pages) == 2, paper
        assert [s.title for s in report.sections] == ["Vitals", "Lab results"]
        assert "Lab results:" in pages[1] and "12 h after the last dose" in pages[1], paper
        # The overview on page 1; the PHQ-9/GAD-7 chart over its bands on page 2.
        images = [len(page.images) for page in PdfReader(io.BytesIO(data)).pages]
        assert images == [1, 1], paper
        assert all(MARK in page for page in pages)
        assert "Report for the prescriber: Demo" in pages[0]
        assert "your prescriber" not in "".join(pages)
        assert "Most recent PHQ-9 with item 9 above 0" in pages[0]
    appendix = pdf_pages(report_pdf(with_doses))
    assert len(appendix) > 2 and all(MARK in page for page in appendix)
    assert "Appendix: every dose" in appendix[2] and "Taken on time" in appendix[2]


def test_the_cli_writes_the_same_report(app, tmp_path):
    uid = make_user(app)
    with app.app_context():
        history(get_user(uid), now=NOW)
        db.session.commit()
    out = tmp_path / "report.pdf"
    args = ["tracker", "report", "--user", "Ada@example.org", "--from", "2025-05-01"]
    args += ["--to", "2025-06-01", "--paper", "Letter", "--appendix", "-o", str(out)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out.read_bytes())
    assert "Range: 2025-05-01 to 2025-06-01" in pages[0]
    assert "Is the sertraline making me foggy?" in pages[0]
    assert any("Appendix: every dose" in page for page in pages)


def test_the_cli_explains_bad_dates(app, tmp_path):
    make_user(app)
    runner: CliRunner = app.test_cli_runner()
    out = str(tmp_path / "r.pdf")
    base = ["tracker", "report", "--user", "ada@example.org", "-o", out]
    wrong = runner.invoke(args=[*base, "--from", "2025-13-01"])
    assert wrong.exit_code != 0 and "2025-13-01" in wrong.output
    backwards = runner.invoke(args=[*base, "--from", "2025-06-01", "--to", "2025-05-01"])
    assert backwards.exit_code != 0
    assert "The first day must be on or before the last day." in backwards.output
    nobody = runner.invoke(args=["tracker", "report", "--user", "x@example.org", "-o", out])
    assert nobody.exit_code != 0 and "No account" in nobody.output
    assert not (tmp_path / "r.pdf").exists()


PLACED = re.compile(r"q ([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm /(\w+) Do Q")
FILL = re.compile(r"(?:([\d.]+) ([\d.]+) ([\d.]+) rg|([\d.]+) g)\b|re\s+([fFbB])\b")


def _flagged_pdf(app, paper: str = "A4") -> PdfReader:
    uid = make_user(app)
    with app.app_context():
        history(get_user(uid), now=NOW)  # a PHQ-9 with item 9 above 0 in the range
        db.session.commit()
        data = services.report_file(
            get_user(uid),
            first=local_today("Europe/Berlin", NOW) - timedelta(days=29),
            last=local_today("Europe/Berlin", NOW),
            now=NOW,
            paper=paper,
        )
    return PdfReader(io.BytesIO(data))


def test_charts_print_at_the_size_they_were_drawn_so_their_text_stays_at_7_pt(app):
    reader = _flagged_pdf(app, "Letter")
    placed = 0
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        sizes = {img.name.split(".")[0]: img.image.size for img in page.images}
        for width_pt, height_pt, name in PLACED.findall(content):
            px_w, px_h = sizes[name]
            # 200 dpi PNGs placed at 100 %: their 7.5 pt labels print at 7.5 pt.
            assert float(width_pt) == pytest.approx(px_w / 200 * 72, rel=0.01)
            assert float(height_pt) == pytest.approx(px_h / 200 * 72, rel=0.01)
            placed += 1
    assert placed == 2  # the overview and the PHQ-9/GAD-7 chart


def test_the_red_safety_fill_is_used_for_the_box_alone(app):
    red = tuple(round(c / 255, 4) for c in ALERT_FILL)
    filled_red = 0
    current = None
    for page in _flagged_pdf(app).pages:
        for match in FILL.finditer(page.get_contents().get_data().decode("latin-1")):
            rgb, grey, paint = match.group(1, 2, 3), match.group(4), match.group(5)
            if paint:
                filled_red += current == red
            elif grey is not None:
                current = (float(grey),) * 3
            else:
                current = tuple(float(c) for c in rgb)
    assert filled_red == 1  # the box; every table after it is filled in its own colours
