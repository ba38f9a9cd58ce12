"""Charts: plain series (series.py), drawing to PNG/SVG bytes (render/), text alternatives
(describe.py) and one style module (style.py).

Nothing here touches Flask or the database: read services build the series, views send the
bytes. This package file imports nothing, so `tracker.charts.series` stays free of matplotlib.
"""
