"""The PDF of a real demo account: two pages for 90 days on A4 and Letter, the mark on every
page, text that can be selected, and the CLI writing the same report."""

import io
from datetime import timedelta

from click.testing import CliRunner
from pypdf import PdfReader

from tests.conftest import NOW, make_user
from tests.reports.factories import get_user, history, pdf_pages
from tracker.cli.demo import build_demo
from tracker.extensions import db
from tracker.reports import services
from tracker.reports.model import MARK
from tracker.reports.pdf import report_pdf
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
        assert len(pages) == 2, paper
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
