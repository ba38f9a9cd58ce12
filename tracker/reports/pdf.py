"""The report as a PDF (fpdf2): real, selectable text in DejaVu Sans (shipped with matplotlib),
the overview chart as a 200 dpi PNG, the not-a-diagnosis mark on every page."""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Sequence

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from tracker.charts.render import render_overview, render_questionnaires
from tracker.charts.style import DPI
from tracker.medications.plan import Adherence
from tracker.reports import words
from tracker.reports.model import MARK, Report

PAPERS = ("A4", "Letter")
FONT = "DejaVu"
MARGIN = 12  # mm
BODY, SMALL, HEADING = 8.5, 7.5, 10.5  # pt
LINE = 4.0  # mm per body line
# The chart is drawn at 6.8 in wide with 9 pt text and shrunk to the room left on the page;
# below MIN_SCALE (text under 5 pt) it starts the next page instead, at most NEW_PAGE_SCALE
# there so the next parts still share that page.
MIN_SCALE, NEW_PAGE_SCALE = 0.55, 0.8
ALERT = (180, 20, 20)
ALERT_FILL = (253, 236, 234)
NOTE_FILL = (238, 243, 238)
GREY = (90, 90, 90)
CHART_DPI = DPI["print"]  # 200


def _font_path(name: str) -> str:
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name)


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*GREY)
        self.cell(0, 4, f"{MARK} · {self.footer_text}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0)


def report_pdf(report: Report, *, paper: str = "A4") -> bytes:
    """The report as PDF bytes on A4 or Letter."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    pdf = _Document(format=paper, unit="mm")
    pdf.set_creation_date(report.header.generated_at)
    pdf.set_title("Report for the prescriber")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN + 2)
    pdf.add_font(FONT, "", _font_path("DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", _font_path("DejaVuSans-Bold.ttf"))
    h = report.header
    pdf.footer_text = f"{h.first.isoformat()} to {h.last.isoformat()}"
    pdf.add_page()
    for part in (
        _header,
        _questions,
        _safety,
        _regimen,
        _chart,
        _adherence,
        _side_effects,
        _scores,
        _life,
        _appendix,
    ):
        part(pdf, report)
    return bytes(pdf.output())


# --- Helpers -----------------------------------------------------------------------------------


def _heading(pdf: FPDF, text: str, *, keep: float = 14) -> None:
    if pdf.get_y() + keep > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", HEADING)
    pdf.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY)


def _text(pdf: FPDF, text: str, *, bold: bool = False, size: float = BODY) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY)


def _table(
    pdf: FPDF, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
) -> None:
    pdf.set_font(FONT, "", SMALL + 0.5)
    with pdf.table(
        col_widths=tuple(widths),
        line_height=3.6,
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        padding=0.8,
    ) as table:
        first = table.row()
        for cell in head:
            first.cell(cell)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.set_font(FONT, "", BODY)
    pdf.ln(1)


# --- Parts, in DOMAIN.md's order ---------------------------------------------------------------


def _header(pdf: FPDF, r: Report) -> None:
    h = r.header
    pdf.set_font(FONT, "B", 15)
    title = "Report for the prescriber" + (f": {h.name}" if h.name else "")
    pdf.cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _text(pdf, MARK + ".", bold=True, size=SMALL + 0.5)
    _text(
        pdf,
        f"Range: {h.first.isoformat()} to {h.last.isoformat()} ({h.days} days). "
        f"Generated {h.generated_at:%Y-%m-%d %H:%M} ({h.timezone}).",
    )
    _text(pdf, "Data completeness: " + words.completeness(h) + ".")


def _questions(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "The patient's questions for this visit")
    if not r.questions:
        _text(pdf, "No questions written down.")
    for n, q in enumerate(r.questions, 1):
        asked = f" (asked {q.asked_on.isoformat()})" if q.asked_on else ""
        _text(pdf, f"{n}. {q.text}{asked}")


def _safety(pdf: FPDF, r: Report) -> None:
    pdf.ln(2)
    flagged = r.safety.flagged
    pdf.set_fill_color(*(ALERT_FILL if flagged else NOTE_FILL))
    pdf.set_draw_color(*(ALERT if flagged else GREY))
    pdf.set_line_width(0.6 if flagged else 0.2)
    pdf.set_text_color(*(ALERT if flagged else (0, 0, 0)))
    pdf.set_font(FONT, "B", BODY + 0.5 if flagged else BODY)
    text = "Safety: " + " ".join(words.safety_lines(r.safety))
    pdf.multi_cell(
        0, 4.6, text, border=1, fill=True, padding=2, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    _plain(pdf)


def _plain(pdf: FPDF) -> None:
    """Back to black text on white after a coloured box, so no colour leaks into what follows."""
    pdf.set_text_color(0)
    pdf.set_draw_color(0)
    pdf.set_fill_color(255)
    pdf.set_line_width(0.2)
    pdf.set_font(FONT, "", BODY)


def _regimen(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "Current regimen and its history")
    rows = [(words.medication(row), row.schedule, words.history(row)) for row in r.regimen]
    if rows:
        _table(
            pdf,
            ("Medication", "Schedule", "History (this range and the 12 months before)"),
            rows,
            (26, 18, 56),
        )
    else:
        _text(pdf, "No medication taken in the range.")
    for row in r.stopped:
        _text(pdf, f"Stopped: {words.stopped(row)} {words.history(row)}", size=SMALL + 0.5)


def _chart(pdf: FPDF, r: Report) -> None:
    # PNG at the print size's 200 dpi: fpdf2 draws matplotlib's SVG text (glyphs as <use>
    # references) in the wrong colour, and parsing the SVG takes longer than drawing the PNG.
    png = render_overview(r.overview, r.frame, "png", size="print")
    width_mm, height_mm = _png_size(png)
    fits = min(pdf.epw / width_mm, _room(pdf) / height_mm)
    scale = fits
    if fits < MIN_SCALE:
        pdf.add_page()
        scale = min(NEW_PAGE_SCALE, pdf.epw / width_mm, _room(pdf) / height_mm)
    _heading(pdf, "Overview on one time axis", keep=0)
    w = width_mm * scale
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - w) / 2, w=w, h=height_mm * scale)


def _room(pdf: FPDF) -> float:
    """The height left on the page below a heading, in mm."""
    return pdf.page_break_trigger - pdf.get_y() - 8


def _png_size(png: bytes) -> tuple[float, float]:
    """The PNG's size in mm at the print resolution (width and height from its IHDR chunk)."""
    width, height = struct.unpack(">II", png[16:24])
    return width / CHART_DPI * 25.4, height / CHART_DPI * 25.4


def _adherence(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "Adherence")
    _text(pdf, "Method: " + r.adherence_method, size=SMALL)
    rows = [
        (
            a.name,
            str(a.adherence.scheduled),
            words.pct(a.adherence.pct_taken),
            words.pct(a.adherence.pct_on_time),
            _counts(a.adherence),
            words.doses(a.adherence.longest_gap_doses),
            words.skip_reasons(a) or "–",
        )
        for a in r.adherence
    ]
    if rows:
        _table(
            pdf,
            (
                "Medication",
                "Scheduled",
                "Taken",
                "On time",
                "Late / early / skipped / missed",
                "Longest gap",
                "Skip reasons",
            ),
            rows,
            (14, 9, 7, 7, 15, 9, 30),
        )
    for row in r.as_needed:
        _text(pdf, f"{row.name} (as needed): {words.as_needed(row)}.")


def _counts(a: Adherence) -> str:
    return f"{a.late} / {a.early} / {a.skipped} / {a.missed}"


def _side_effects(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "Side effects")
    _text(pdf, r.onset_method, size=SMALL)
    rows = [
        (
            s.name,
            s.onset.isoformat() if s.onset else "–",
            words.since_change(s),
            words.rise(s),
            words.severity(s),
            s.trend,
        )
        for s in r.side_effects
    ]
    if rows:
        _table(
            pdf,
            (
                "Side effect",
                "Onset",
                "Days from each medication's last change to onset",
                "Mean before → after",
                "Now (last 7 days)",
                "Trend (14 d)",
            ),
            rows,
            (17, 10, 25, 14, 11, 11),
        )
    else:
        _text(pdf, "No side effect above 0 logged in the range.")
    if r.other_side_effects:
        _text(pdf, f"Also above 0 in the range: {words.others(r.other_side_effects)}.", size=SMALL)
    for table in r.dose_periods:
        _text(
            pdf,
            f"{table.medication}: {words.PERIOD_CAPTION}",
            bold=True,
            size=SMALL + 0.5,
        )
        head = ("Side effect", *(words.period(p) for p in table.periods))
        body = [(row.symptom, *(words.cell(c) for c in row.cells)) for row in table.rows]
        widths = (16, *([max(1, 84 // max(1, len(table.periods)))] * len(table.periods)))
        _table(pdf, head, body, widths)
    if r.tapers:
        _text(
            pdf,
            "Symptoms typical after a reduction, around each dose reduction",
            bold=True,
            size=SMALL + 0.5,
        )
        _text(pdf, words.TAPER_KEY, size=SMALL)
        for window in r.tapers:
            _text(pdf, words.taper(window), size=SMALL + 0.5)
    _text(pdf, words.burdens(r.burden), size=SMALL + 0.5)


def _scores(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "PHQ-9 and GAD-7")
    _score_chart(pdf, r)
    for s in r.scores:
        base = words.baseline(s.baseline, s.max_total)
        _text(pdf, f"{s.title} (bands {s.bands}; {base})", bold=True, size=SMALL + 0.5)
        if not s.rows:
            _text(pdf, "No scores in the range.", size=SMALL + 0.5)
            continue
        _text(pdf, "; ".join(words.score(row, s.max_total) for row in s.rows), size=SMALL + 0.5)
    _text(pdf, words.RULE, size=SMALL)


# The score chart is drawn smaller than the overview and only where it fits: the scores are
# also written out below it, so it never pushes the report onto another page.
SCORE_CHART_SCALE, SCORE_CHART_ROOM = 0.6, 0.45  # of the chart's size; of the room left


def _score_chart(pdf: FPDF, r: Report) -> None:
    series = r.score_chart
    if not any(s.day in r.frame for s in (*series.phq9, *series.gad7)):
        return
    png = render_questionnaires(series, r.frame, "png", size="print")
    width_mm, height_mm = _png_size(png)
    scale = min(SCORE_CHART_SCALE, pdf.epw / width_mm, _room(pdf) * SCORE_CHART_ROOM / height_mm)
    if scale < MIN_SCALE * 0.9:
        return
    w = width_mm * scale
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - w) / 2, w=w, h=height_mm * scale)


def _life(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "Sleep, activity, alcohol, practices, therapy")
    _text(
        pdf, " ".join(x for x in ("Sleep:", words.sleep(r.sleep), words.sleep_trend(r.sleep)) if x)
    )
    _text(pdf, "Activity: " + words.activity(r.activity))
    _text(pdf, "Alcohol: " + words.alcohol(r.alcohol))
    _text(pdf, "Practices: " + words.practices(r.practices) + ".")
    _text(pdf, "Therapy: " + words.therapy(r.therapy))


def _appendix(pdf: FPDF, r: Report) -> None:
    if r.appendix is None:
        return
    pdf.add_page()
    _heading(pdf, "Appendix: every dose")
    rows = [
        (
            d.medication,
            d.day.isoformat(),
            d.scheduled or "as needed",
            d.actual or "–",
            d.status,
            d.amount,
            d.note,
        )
        for d in r.appendix
    ]
    if rows:
        _table(
            pdf,
            ("Medication", "Day", "Scheduled", "Actual", "Status", "Amount", "Note"),
            rows,
            (15, 10, 12, 15, 13, 8, 27),
        )
    else:
        _text(pdf, "No doses in the range.")
    if r.answers:
        _heading(pdf, "Questionnaires of the range, item by item")
        _table(
            pdf,
            ("Day", "Questionnaire", "Total", "Band", "Answers (item 1 onwards)"),
            [
                (
                    a.day.isoformat(),
                    a.title,
                    words.total(a),
                    a.band or "–",
                    words.items(a),
                )
                for a in r.answers
            ],
            (12, 13, 11, 28, 36),
        )
