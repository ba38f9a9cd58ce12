"""Which width a page asks a chart to be drawn at, per screen, and the box it keeps for it.

A chart is drawn at the width it is shown at (style.screen), so its 9 pt text is 12 CSS px
there. The choice is by the viewport (media queries), not by srcset's w descriptors: those
pick by device pixels, and would send a phone of 3 device pixels per CSS pixel the chart drawn
for 1080 CSS px, its text shrunk to a third. SVG is sharp at any pixel density anyway.

The media queries follow the page's padding in app.css: below 30rem the chart's box is the
viewport less about 58 px, above it less 66 px, and at most 44rem (704 px) wide.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException

from tracker.trends.charts import CHARTS

# (media query, width drawn): the first that matches is used; wider screens get WIDE.
SCREENS = (
    ("screen and (max-width: 25rem)", 320),
    ("screen and (max-width: 31rem)", 360),
    ("screen and (max-width: 42rem)", 480),
)
WIDE = 720
# Height against width of each chart as the demo account draws it (the number of
# medications and legend rows changes it): the <img> keeps this box while it loads,
# so the page below does not jump. At 320-480 CSS px, and at 720. A kind's own chart
# gives its own (ChartKind.aspect).
ASPECT = {
    "overview": (3.3, 1.3),
    "mood": (1.3, 0.6),
    "side-effects": (0.75, 0.35),
    "doses": (1.0, 0.45),
    "adherence": (1.1, 0.55),
    "sleep": (1.1, 0.5),
    "activity": (1.75, 0.75),
    "therapy": (0.75, 0.4),
    "questionnaires": (1.3, 0.55),
}


def box(key: str, width: int) -> tuple[int, int]:
    """The width and typical height, in CSS px, of chart `key` drawn `width` wide."""
    chart = CHARTS.get(key)
    narrow, wide = ASPECT.get(key) or (chart.aspect if chart else (1.0, 0.6))
    return width, round(width * (narrow if width <= 480 else wide))


def sources(src: str) -> list[tuple[str, str, int, int]]:
    """(media, url, width, height) per screen for a chart image URL of trends.image or of a
    shared report (shares.chart), its size replaced by the width; none for another picture."""
    parts = urlsplit(src)
    try:
        path = parts.path.removeprefix(request.script_root)
        endpoint, view_args = current_app.url_map.bind("").match(path)
    except HTTPException:
        return []
    if endpoint not in ("trends.image", "shares.chart"):
        return []
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("size", "w")]
    found = []
    for media, width in SCREENS:
        url = parts._replace(query=urlencode([*query, ("w", str(width))])).geturl()
        found.append((media, url, *box(view_args["key"], width)))
    return found
