"""The report as a PDF (fpdf2): real, selectable text in DejaVu Sans (shipped with matplotlib),
the overview chart as a 200 dpi PNG, the not-a-diagnosis mark on every page."""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Sequence
from dataclasses import replace

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from tracker.charts.render import render_overview, render_questionnaires
from tracker.charts.style import DPI
from tracker.medications.plan import Adherence
from tracker.reports import words
from tracker.reports.model import MARK, DosePeriodTable, Report

PAPERS = ("A4", "Letter")
FONT = "DejaVu"
MARGIN = 12  # mm
BODY, SMALL, HEADING = 8.2, 7.5, 10.5  # pt
LINE = 3.3  # mm per body line (9.4 pt leading for 8.2 pt text)
LEADING = LINE / BODY  # smaller print has proportionally closer lines (8.6 pt for 7.5 pt)
TABLE_LINE = 3.1  # mm per table line (8.8 pt leading for 8 pt text)
OVERVIEW_MM = 150  # the overview chart's greatest height; it is as wide as the text
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
        _sections,
        _appendix,
    ):
        part(pdf, report)
    return bytes(pdf.output())


# --- Helpers -----------------------------------------------------------------------------------


def _heading(pdf: FPDF, text: str, *, keep: float = 14) -> None:
    if pdf.get_y() + keep > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(0.6)
    pdf.set_font(FONT, "B", HEADING)
    pdf.cell(0, 5.2, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY)


def _text(
    pdf: FPDF, text: str, *, bold: bool = False, size: float = BODY, align: str = "J"
) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, size * LEADING, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY)


def _table(
    pdf: FPDF,
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    width: float | None = None,
) -> None:
    pdf.set_font(FONT, "", SMALL + 0.5)
    with pdf.table(
        col_widths=tuple(widths),
        width=width,
        align="LEFT",
        line_height=TABLE_LINE,
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        padding=(0.25, 0.8),
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


def _fill(pdf: FPDF, widths: Sequence[float | None]) -> tuple[float, ...]:
    """Column widths in mm, the one given as None taking what the others leave of the line:
    the fixed columns (dates, counts) then keep their width on A4 and Letter alike."""
    rest = pdf.epw - sum(w for w in widths if w is not None)
    return tuple(rest if w is None else w for w in widths)


# --- Parts, in DOMAIN.md's order ---------------------------------------------------------------


def _header(pdf: FPDF, r: Report) -> None:
    h = r.header
    pdf.set_font(FONT, "B", 15)
    title = "Report for the prescriber" + (f": {h.name}" if h.name else "")
    pdf.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
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
    pdf.ln(1.5)
    flagged = r.safety.flagged
    pdf.set_fill_color(*(ALERT_FILL if flagged else NOTE_FILL))
    pdf.set_draw_color(*(ALERT if flagged else GREY))
    pdf.set_line_width(0.6 if flagged else 0.2)
    pdf.set_text_color(*(ALERT if flagged else (0, 0, 0)))
    pdf.set_font(FONT, "B", BODY + 0.5 if flagged else BODY)
    text = "Safety: " + " ".join(words.safety_lines(r.safety))
    pdf.multi_cell(
        0, 4.4, text, border=1, fill=True, padding=1.6, new_x=XPos.LMARGIN, new_y=YPos.NEXT
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
    # One paragraph a medication (its name in bold): a table's narrow columns would take the
    # first page's room from the overview chart.
    _heading(pdf, "Current regimen and its history (this range and the 12 months before)")
    if not r.regimen:
        _text(pdf, "No medication taken in the range.")
    for row in r.regimen:
        _runs(pdf, (row.name, True), (" " + words.regimen_line(row), False))
    stopped: list[tuple[str, bool]] = []
    for n, row in enumerate(r.stopped):  # one paragraph: each a short line of history
        stopped += [(" Stopped: " if n else "Stopped: ", True), (words.stopped(row), False)]
    if stopped:
        _runs(pdf, *stopped)


def _runs(pdf: FPDF, *parts: tuple[str, bool], size: float = SMALL + 0.5) -> None:
    """One paragraph of plain and bold runs, wrapped at the margins."""
    for text, bold in parts:
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.write(size * LEADING, text)
    pdf.ln(size * LEADING + 0.3)
    pdf.set_font(FONT, "", BODY)


def _chart(pdf: FPDF, r: Report) -> None:
    # Drawn at the size it prints (text 7.5 pt, never scaled down) as a 200 dpi PNG: fpdf2
    # draws matplotlib's SVG text (glyphs as <use> references) in the wrong colour, and parsing
    # the SVG takes longer than drawing the PNG. Where the page has too little room left, the
    # chart starts the next one.
    room = _room(pdf) - 8  # below the heading
    png = _overview(r, pdf.epw, min(OVERVIEW_MM, room - 0.5))
    if _png_size(png)[1] > room:
        pdf.add_page()
        png = _overview(r, pdf.epw, OVERVIEW_MM)
    _heading(pdf, "Overview on one time axis", keep=0)
    width_mm, height_mm = _png_size(png)
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw, h=height_mm * pdf.epw / width_mm)


def _overview(r: Report, width_mm: float, height_mm: float) -> bytes:
    return render_overview(
        r.overview, r.frame, "png", size="report", width_mm=width_mm, height_mm=height_mm
    )


def _room(pdf: FPDF) -> float:
    """The height left on the page below a heading, in mm."""
    return pdf.page_break_trigger - pdf.get_y() - 8


def _png_size(png: bytes) -> tuple[float, float]:
    """The PNG's size in mm at the print resolution (width and height from its IHDR chunk)."""
    width, height = struct.unpack(">II", png[16:24])
    return width / CHART_DPI * 25.4, height / CHART_DPI * 25.4


def _adherence(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "Adherence", keep=34)  # with its method and the table's first rows
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
            _fill(pdf, (20, 19, 12, 12, 29, 15, None)),
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
            # Dates and numbers never broken; each medication's days on one line on Letter.
            _fill(pdf, (32, 18.8, None, 16, 14.8, 11.7)),
        )
    else:
        _text(pdf, "No side effect above 0 logged in the range.")
    if r.other_side_effects:
        _text(pdf, f"Also above 0 in the range: {words.others(r.other_side_effects)}.", size=SMALL)
    _period_tables(pdf, r)
    if r.tapers:
        _text(pdf, words.TAPER_HEAD, bold=True, size=SMALL + 0.5)
        for window in r.tapers:
            _text(pdf, words.taper(window), size=SMALL + 0.5)
    _text(pdf, words.burdens(r.burden), size=SMALL + 0.5)


PERIODS_PER_TABLE = 5  # more dose periods than this go on in a second table below
PAIRED = 2  # tables of at most this many periods (a start or stop) go two side by side


def _period_tables(pdf: FPDF, r: Report) -> None:
    """Each medication's severity by dose period; the short tables of a single start or
    stop two side by side under one caption, each headed by its medication."""
    tables = _chunks(r.dose_periods)
    long = [t for t in tables if len(t.periods) > PAIRED]
    short = [t for t in tables if len(t.periods) <= PAIRED]
    for table in long:
        _text(pdf, f"{table.medication}: {words.PERIOD_CAPTION}", bold=True, size=SMALL + 0.5)
        _period_table(pdf, r, table, "Side effect")
    for n in range(0, len(short), 2):
        pair = short[n : n + 2]
        names = " and ".join(t.medication for t in pair)
        _text(pdf, f"{names}: {words.PERIOD_CAPTION}", bold=True, size=SMALL + 0.5)
        if len(pair) == 1:
            _period_table(pdf, r, pair[0], pair[0].medication)
            continue
        if pdf.get_y() + 22 > pdf.page_break_trigger:
            pdf.add_page()  # both tables start on the same page
        top, left, half = pdf.get_y(), pdf.l_margin, (pdf.epw - COLUMN_GAP) / 2
        bottom = top
        for column, table in enumerate(pair):
            pdf.set_left_margin(left + column * (half + COLUMN_GAP))
            pdf.set_xy(pdf.l_margin, top)
            _period_table(pdf, r, table, table.medication, width=half)
            bottom = max(bottom, pdf.get_y())
        pdf.set_left_margin(left)
        pdf.set_xy(left, bottom)


def _period_table(
    pdf: FPDF, r: Report, table: DosePeriodTable, first: str, width: float | None = None
) -> None:
    head = (first, *(words.period(p, r.header.last) for p in table.periods))
    body = [(row.symptom, *(words.cell(c) for c in row.cells)) for row in table.rows]
    periods = max(1, len(table.periods))
    first_width = 17 if width is None else 35  # "Emotional numbness" on one line
    widths = (first_width, *([max(1, (100 - first_width) // periods)] * periods))
    _table(pdf, head, body, widths, width=width)


def _chunks(tables: Sequence[DosePeriodTable]) -> list[DosePeriodTable]:
    """Each medication's table cut into tables of at most PERIODS_PER_TABLE periods."""
    out = []
    for t in tables:
        for n in range(0, len(t.periods), PERIODS_PER_TABLE):
            cut = slice(n, n + PERIODS_PER_TABLE)
            rows = tuple(replace(row, cells=row.cells[cut]) for row in t.rows)
            out.append(replace(t, periods=t.periods[cut], rows=rows))
    return out


def _scores(pdf: FPDF, r: Report) -> None:
    _heading(pdf, "PHQ-9 and GAD-7")
    png = _score_chart(r)
    if png is None:
        _score_text(pdf, r)
        return
    # The chart on the left, the scores written out beside it.
    width = SCORE_CHART_MM[0]
    width_mm, height_mm = _png_size(png)
    height = height_mm * width / width_mm
    column = pdf.epw - width - COLUMN_GAP
    if max(height, _score_text_height(pdf, r, column)) > _room(pdf) + 8:
        _score_text(pdf, r)  # no room for both: the scores in words alone
        return
    top, left = pdf.get_y(), pdf.l_margin
    pdf.image(io.BytesIO(png), x=left, y=top, w=width, h=height)
    pdf.set_left_margin(left + width + COLUMN_GAP)
    pdf.set_xy(pdf.l_margin, top)
    _score_text(pdf, r, align="L")
    pdf.set_left_margin(left)
    pdf.set_xy(left, max(pdf.get_y(), top + height) + 1)


def _score_lines(r: Report) -> list[tuple[str, bool, float]]:
    """The scores written out: (text, bold, size) per paragraph, drawn or measured alike."""
    size = SMALL + 0.5
    lines = []
    for s in r.scores:
        lines.append((f"{s.title}: {words.baseline(s.baseline, s.max_total)}", True, size))
        scores = "; ".join(words.score(row, s.max_total) for row in s.rows)
        lines.append((scores or "No scores in the range.", False, size))
    lines.append((words.RULE, False, SMALL))
    return lines


def _score_text(pdf: FPDF, r: Report, align: str = "J") -> None:
    for text, bold, size in _score_lines(r):
        _text(pdf, text, bold=bold, size=size, align=align)


def _score_text_height(pdf: FPDF, r: Report, width: float) -> float:
    """The scores' height in a column `width` mm wide (measured, nothing drawn)."""
    total = 0.0
    for text, bold, size in _score_lines(r):
        pdf.set_font(FONT, "B" if bold else "", size)
        total += pdf.multi_cell(width, size * LEADING, text, dry_run=True, output="HEIGHT")
    pdf.set_font(FONT, "", BODY)
    return total


# The score chart is drawn at the size it prints, beside the scores written out; where there is
# no room for both, the scores are written out alone.
SCORE_CHART_MM = (96, 44)
COLUMN_GAP = 4  # mm between the score chart and its text


def _score_chart(r: Report) -> bytes | None:
    series = r.score_chart
    if not any(s.day in r.frame for s in (*series.phq9, *series.gad7)):
        return None
    width, height = SCORE_CHART_MM
    return render_questionnaires(
        series, r.frame, "png", size="report", width_mm=width, height_mm=height, changes_key=False
    )


LIFE = "Sleep, activity, alcohol, practices, therapy"


def _life(pdf: FPDF, r: Report) -> None:
    # The kinds' own sections go on under the same heading (DOMAIN.md's ninth part): a heading
    # of their own would take room a two-page report does not have.
    titles = [s.title for s in r.sections]
    _heading(pdf, _joined([LIFE, *titles]) if titles else LIFE)
    # In the regimen's print size: these paragraphs are long and the page is short.
    size = SMALL + 0.5
    trend = words.sleep_trend(r.sleep)
    _text(pdf, "Sleep: " + words.sleep(r.sleep) + (f" {trend}" if trend else ""), size=size)
    _text(pdf, "Alcohol: " + words.alcohol(r.alcohol, r.header.last), size=size)
    _text(
        pdf,
        f"Activity: {words.activity(r.activity)} Practices: {words.practices(r.practices)}. "
        f"Therapy: {words.therapy(r.therapy)}",
        size=size,
    )


def _sections(pdf: FPDF, r: Report) -> None:
    """The kinds' own sections, under the heading _life gives them, each one paragraph of its
    lines run on (a measure's or test's name in bold), in small print: a line each would take
    a page's last third for a few short facts. Their notes (how the numbers were taken) are
    on the page only, for the same room; the lines' own words carry their meaning."""
    for section in r.sections:
        parts: list[tuple[str, bool]] = [(f"{section.title}:", True)]
        for line in section.lines:
            parts += [(" " + line.label, True), (" " + line.text, False)]
        _runs(pdf, *parts, size=SMALL)


def _joined(titles: Sequence[str]) -> str:
    """ "…, therapy, vitals and lab results": later titles start lower case unless an
    acronym ("TSH")."""
    words = [
        t if n == 0 or t[1:2].isupper() else t[:1].lower() + t[1:] for n, t in enumerate(titles)
    ]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


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
