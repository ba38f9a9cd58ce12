"""The one place for chart style: sizes, colours, fonts, date formats (no matplotlib import).

Sizes: "phone" is 4 in wide, so a PNG shown 390 CSS px wide keeps 9 pt text about 12 px
tall; "print" is 6.8 in, the text width of an A4 or Letter page, also with 9 pt text.
"report" is drawn at the width it is printed at in the PDF report (186 mm, the A4 text width
between 12 mm margins, unless the caller gives its own width) with 7.5 pt text, the report's
small print: placed at 100% it prints every label at 7.5 pt, and nothing is shrunk.
Screen widths ("w320" … "w1080", see screen()): a page asks for the chart drawn at the CSS
width it shows it at (a browser draws 96 CSS px per inch), so 9 pt text is 12 CSS px at any
width; PNG is drawn at 192 dpi, two device pixels per CSS pixel.
Colours: the Okabe-Ito palette, told apart with the common colour-vision deficiencies; lines
also differ by marker and dash, bars and cells by hatch, so greyscale prints stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

MM = 25.4  # millimetres per inch


@dataclass(frozen=True)
class Size:
    """How a chart is drawn: width (inches), PNG pixels per inch (SVG is vector), date ticks
    on the x axis, panel heights against style.HEIGHT, text sizes (points), and for the
    report the most height the chart should take (inches; its labels may need more)."""

    name: str
    width: float
    dpi: int
    max_ticks: int
    panel_scale: float
    font: float = 9
    title: float = 10.5
    empty: float = 12
    max_height: float | None = None

    @property
    def wrap(self) -> int:
        """Characters per line of a change-key entry (the key's handle takes 0.45 in)."""
        return int((self.width - 0.45) * 72 / (0.6 * self.font))

    @property
    def text_scale(self) -> float:
        """Heights of text rows against the 9 pt sizes the HEIGHT table was measured at."""
        return self.font / 9


SIZES = {
    "phone": Size("phone", 4.0, 150, 5, 1.0),
    # Printed panels are flatter: a report is 1-2 pages.
    "print": Size("print", 6.8, 200, 9, 0.75),
    "report": Size("report", 186 / MM, 200, 9, 0.6, font=7.5, title=8.5, empty=9),
}

CSS_PX_PER_INCH = 96
WIDTHS = (320, 360, 480, 720, 1080)  # CSS px a page may ask a chart to be drawn at


def screen(css_px: int) -> Size:
    """The size of a chart shown `css_px` CSS pixels wide: as many date ticks per inch as the
    phone size, and the flatter panels of print once there is room for them."""
    return Size(
        f"w{css_px}",
        css_px / CSS_PX_PER_INCH,
        2 * CSS_PX_PER_INCH,
        max(4, css_px // 72),
        1.0 if css_px <= 480 else 0.8,
    )


SCREEN_SIZES = {f"w{px}": screen(px) for px in WIDTHS}
WIDTH = {name: s.width for name, s in SIZES.items()}  # inches
DPI = {name: s.dpi for name, s in SIZES.items()}
REPORT_WIDTHS_MM = (50, 300)  # a report chart narrower than 50 mm has no room for its labels


def sized(size: str | Size, width_mm: float | None = None, height_mm: float | None = None) -> Size:
    """The size by name (or as given), drawn `width_mm` wide and at most about `height_mm` high
    when given: the report draws a chart at the size it prints it."""
    if isinstance(size, Size):
        found = size
    elif size in SIZES or size in SCREEN_SIZES:
        found = SIZES.get(size) or SCREEN_SIZES[size]
    else:
        raise ValueError(f"unknown chart size {size!r}; use one of {sorted(SIZES)}")
    if width_mm is not None:
        low, high = REPORT_WIDTHS_MM
        if not low <= width_mm <= high:
            raise ValueError(f"chart width {width_mm} mm is outside {low}-{high} mm")
        # As many date ticks per inch as the size has at its own width.
        ticks = max(3, int(found.max_ticks * width_mm / MM / found.width))
        found = replace(found, width=width_mm / MM, max_ticks=ticks)
    if height_mm is not None:
        found = replace(found, max_height=height_mm / MM)
    return found


# Heights in inches, per chart or per stacked panel.
HEIGHT = {
    "empty": 1.6,
    "panel": 1.75,  # one measure (mood, anxiety, side effects, sleep time, questionnaire)
    "small_panel": 1.05,  # quality 1-5, one medication's dose row
    "calendar_row": 1.45,
    "bars_row": 0.42,  # per bar of a horizontal bar chart
    "title": 0.45,
    "legend_row": 0.22,
}

# The hand layout (render/base.py arrange), in inches: the space at the figure's edges, between
# stacked panels, and around the heading and the change key. Panels get what is left of the
# height once the measured labels, legends and keys have their room, in proportion to HEIGHT;
# a chart whose labels leave its panels less than MIN_PANEL_SHARE of that grows taller.
PAD = 0.05
PANEL_GAP = 0.1
HEADING_GAP = 0.08
KEY_GAP = 0.12
MIN_PANEL_SHARE = 0.55
# A chart fitted into a given height (the report's) keeps at least this share of its panels'
# height (taller, it grows past that height): below it, the 7.5 pt y ticks and band names of
# a flat panel would run into each other.
MIN_FIT_SHARE = 0.5
# The overview's panels have ticks and no band names: a 0-10 panel at this share keeps 20 mm,
# its three ticks clear of each other.
OVERVIEW_FIT_SHARE = 0.45

FONT_SIZE = 9  # phone and print; the report's are in SIZES
TITLE_SIZE = 10.5
EMPTY_SIZE = 12

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
_C = OKABE_ITO
CYCLE = [_C["blue"], _C["vermillion"], _C["bluish_green"], _C["reddish_purple"], _C["orange"]]
MARKERS = ["o", "s", "^", "D", "v"]
DASHES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1))]

MOOD = _C["blue"]
ANXIETY = _C["orange"]
RANGE_ALPHA = 0.35
ROLLING = _C["black"]
CHANGE_LINE = "#555555"
GRID = "#DDDDDD"
MUTED = "#666666"

# A diamond for a dose change: the round marker is the mood chart's day's mean, and the
# overview shows both in one legend.
DOSE_MARKERS = {"start": "^", "change": "D", "taper": "v", "stop": "X"}
PRN_TICK = _C["reddish_purple"]


def medication_colour(place: int) -> str:
    """The colour of the medication at this place in the palette (MedicationDoses.colour)."""
    return CYCLE[place % len(CYCLE)]


# Calendar cells: a colour and, for greyscale prints, a hatch per status (on time is plain,
# a day with nothing scheduled is left blank). The hatch is drawn in HATCH_COLOUR.
ADHERENCE_COLOURS = {
    "on_time": _C["bluish_green"],
    "late": _C["yellow"],
    "skipped": _C["sky_blue"],
    "missed": _C["vermillion"],
    "due_later": "#E4E4E4",
    "nothing": "#FFFFFF",
}
ADHERENCE_HATCHES = {
    "on_time": "",
    "late": "\\\\\\",
    "skipped": "------",
    "missed": "xxxx",
    "due_later": "....",
    "nothing": "",
}
ADHERENCE_LABELS = {
    "on_time": "On time",
    "late": "Late or early",
    "skipped": "Skipped",
    "missed": "Missed",
    "due_later": "Due later",
    "nothing": "Nothing scheduled",
}
HATCH_COLOUR = "#333333"
HATCH_WIDTH = 0.6  # points

SLEEP_BARS = _C["sky_blue"]
EFFICIENCY = _C["black"]
QUALITY = _C["reddish_purple"]

ACTIVITY = _C["bluish_green"]
PRACTICES = [_C["blue"], _C["sky_blue"], _C["reddish_purple"], _C["orange"], _C["yellow"]]
PRACTICE_HATCHES = ["", "....", "\\\\\\", "------", "++++"]  # stacked bars, for greyscale
CAFFEINE = _C["orange"]
ALCOHOL = _C["reddish_purple"]

SESSIONS = _C["blue"]
HOMEWORK_GIVEN = "#C6DBEF"
HOMEWORK_DONE = _C["bluish_green"]

# Vitals: weight as points joined across short gaps; each blood pressure a bar from the lower
# (diastolic, an upward triangle) to the upper number (systolic, a downward one), as paper
# observation charts draw them; the markers tell them apart in greyscale.
WEIGHT = _C["blue"]
PRESSURE_BAR = "#AAAAAA"
SYSTOLIC = _C["vermillion"]
DIASTOLIC = _C["bluish_green"]

SCORE_LINE = _C["blue"]
ITEM9 = _C["vermillion"]
BAND_SHADES = ["#FFFFFF", "#F0F0F0", "#E0E0E0", "#CFCFCF", "#BDBDBD"]

# rcParams applied while a chart is built and saved. svg.fonttype "path": text becomes glyph
# outlines, so the SVG looks the same everywhere and needs no font on the viewer's side (the
# describe_* text is the accessible alternative). A fixed hash salt makes SVG ids, and so the
# bytes, the same for the same input.
RC = {
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": FONT_SIZE,
    "figure.titlesize": TITLE_SIZE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "tracker-charts",
    "date.epoch": "1970-01-01T00:00:00",
    "text.usetex": False,
    "savefig.facecolor": "white",
    "figure.facecolor": "white",
}

NOT_ENOUGH = "Not enough data yet"
NOT_ENOUGH_HINT = "The chart appears once two or more days in this range have entries."

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def day_label(day: date, *, year: bool = False) -> str:
    """Compact day for axes and text: "3 Aug", or "3 Aug 2025" with the year."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def width(size: str | Size) -> float:
    """The width drawn, in inches (refuses an unknown size)."""
    return sized(size).width


def rc(size: str | Size) -> dict:
    """RC with the size's text sizes."""
    found = sized(size)
    fonts = ("axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize")
    return {
        **RC,
        "font.size": found.font,
        **dict.fromkeys(fonts, found.font),
        "legend.fontsize": found.font,
        "legend.title_fontsize": found.font,
        "figure.titlesize": found.title,
    }
