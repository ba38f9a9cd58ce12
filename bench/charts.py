"""How fast the charts are drawn and served, against floors measured in the same run.

    .venv/bin/python bench/charts.py [--days 1825] [--range 365] [--repeat 5] [--size w360]

Builds a throwaway SQLite instance holding the demo account over `--days` days (the same data
as `flask --app wsgi tracker demo --days 1825`), then for every chart over the last `--range`
days prints:

- draw: our figure drawn to PNG at `--size` (phone, print, or a screen width such as w360,
  the one the trends page asks a phone for; median of `--repeat` runs, taken in turn with the
  bare ones, garbage collected before each and the collector off during it), from series
  already read;
- bare: matplotlib drawing the same points (every line, bar, mark and cell our figure holds)
  on a bare Figure of the same size with one plain Axes per panel, to PNG;
- ratio draw / bare (the target is at most 1.5);
- request: a first GET of the image through the app (read + draw), and a repeated GET with
  the ETag (304, answered from the data version without drawing), beside a bare Flask
  endpoint's time measured in the same run; then the total of the first GETs of the two
  charts on the trends page's first screen (overview and mood), whose target is 0.3 s.

Figures are wall-clock medians on this machine; compare ratios, not seconds, across machines.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection, QuadMesh  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from tracker.app import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402

EMAIL, PASSWORD = "demo@example.org", "demo-password"  # noqa: S105 - the demo account


def _timed(fn: Callable[[], object]) -> float:
    """One run's wall time, with garbage from earlier runs collected first and the collector
    off meanwhile (as timeit does): a figure leaves cycles behind, and a collection landing in
    one side's run would be charged to it."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def median_time(fn: Callable[[], object], repeat: int) -> float:
    return statistics.median(_timed(fn) for _ in range(repeat))


def median_pair(
    a: Callable[[], object], b: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Medians of two functions run in turn, so a slow spell of the machine hits both."""
    times = [(_timed(a), _timed(b)) for _ in range(repeat)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def build(tmpdir: str, days: int) -> Flask:
    from flask_migrate import upgrade

    from tracker.cli.demo import build_demo

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "INSTANCE_PATH": tmpdir,
            "DATABASE_URL": "sqlite:///" + os.path.join(tmpdir, "tracker.db"),
        }
    )
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        build_demo(days=days, timezone="Europe/Berlin", now=datetime.now(UTC))
        db.session.commit()
        print(f"demo account with {days} days built in {time.perf_counter() - start:.1f} s")
        db.session.remove()
    return app


# --- The floor: the same points on a bare Figure ---------------------------------------------


def _copy_axes(src: Axes, dst: Axes) -> int:
    """Draw every data artist of `src` plainly on `dst`; returns how many points were drawn."""
    points = 0
    for line in src.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        dst.plot(xs, ys)
        points += len(xs)
    for patch in src.patches:
        if isinstance(patch, Rectangle):
            dst.bar(patch.get_x(), patch.get_height(), patch.get_width(), patch.get_y())
            points += 1
        elif isinstance(patch, PathPatch):  # many shapes in one path (a year of sleep bars)
            path = patch.get_path()
            dst.add_patch(PathPatch(path))
            points += (
                max(1, int(sum(path.codes == MplPath.CLOSEPOLY))) if path.codes is not None else 1
            )
    for coll in src.collections:
        if isinstance(coll, QuadMesh):
            rows, cols = (n - 1 for n in coll.get_coordinates().shape[:2])
            dst.pcolormesh(coll.get_array().reshape(rows, cols))
            points += rows * cols
        elif isinstance(coll, LineCollection):
            segments = coll.get_segments()
            dst.add_collection(LineCollection(segments))
            points += len(segments)
        elif isinstance(coll, PolyCollection):
            paths = [p.vertices for p in coll.get_paths()]
            dst.add_collection(PolyCollection(paths))
            points += len(paths)
        else:
            offsets = coll.get_offsets()
            if len(offsets):
                dst.scatter(offsets[:, 0], offsets[:, 1])
                points += len(offsets)
    dst.set_xlim(src.get_xlim())
    dst.set_ylim(src.get_ylim())
    return points


def bare_png(fig: Figure) -> tuple[bytes, int]:
    """The points of our figure drawn on a bare Figure of the same size, to PNG."""
    bare = Figure(figsize=fig.get_size_inches(), dpi=fig.dpi)
    FigureCanvasAgg(bare)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    points = 0
    for n, ax in enumerate(axes, 1):
        points += _copy_axes(ax, bare.add_subplot(len(axes), 1, n))
    buf = io.BytesIO()
    bare.savefig(buf, format="png")
    return buf.getvalue(), points


# --- The run ---------------------------------------------------------------------------------


def draw_figures(app: Flask, range_days: int, repeat: int, size: str) -> None:
    from sqlalchemy import select

    from tracker.auth.models import User
    from tracker.charts import render
    from tracker.charts.render.base import styled, to_bytes
    from tracker.snapshot import read_range
    from tracker.timeutils import local_today
    from tracker.trends import data
    from tracker.trends.charts import CHARTS

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        now = datetime.now(UTC)
        last = local_today(user.timezone, now)
        first = last - timedelta(days=range_days - 1)
        frame = data.frame(read_range(user, first, last, now=now, kinds=()))
        print(
            f"\n{range_days}-day charts ({first} to {last}), PNG at size {size}, median of {repeat}"
        )
        print(f"{'chart':<15}{'points':>8}{'read s':>9}{'draw s':>9}{'bare s':>9}{'ratio':>8}")
        for key, chart in CHARTS.items():
            # Read: the snapshot (every kind's rows) and the chart's series made from it.
            read_s = median_time(
                lambda c=chart: c.read(read_range(user, first, last, now=now, kinds=c.kinds)),
                repeat,
            )
            series = chart.read(read_range(user, first, last, now=now, kinds=chart.kinds))
            figure_fn = getattr(render, chart.render.replace("render_", "") + "_figure")

            def ours(fn=figure_fn, s=series) -> bytes:
                with styled():
                    return to_bytes(fn(s, frame, size=size), "png")

            with styled():
                fig = figure_fn(series, frame, size=size)
            _, points = bare_png(fig)
            draw_s, bare_s = median_pair(ours, lambda f=fig: bare_png(f), repeat)
            print(
                f"{key:<15}{points:>8}{read_s:>9.3f}{draw_s:>9.3f}{bare_s:>9.3f}"
                f"{draw_s / bare_s:>8.2f}"
            )


FIRST_SCREEN = ("overview", "mood")  # the charts the trends page loads at once


def serve(app: Flask, range_days: int, repeat: int, size: str) -> None:
    from tracker.trends.charts import CHARTS

    @app.get("/bench-bare")
    def bare() -> str:
        return "ok"

    client = app.test_client()
    client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    bare_s = median_time(lambda: client.get("/bench-bare"), max(repeat, 20))
    print(
        f"\nserving (test client, in process); a bare Flask endpoint takes {bare_s * 1000:.2f} ms"
    )
    print(f"{'chart':<15}{'first GET s':>12}{'304 ms':>9}{'304 / bare':>12}{'cached 200 ms':>15}")
    query = f"w={size[1:]}" if size.startswith("w") else f"size={size}"
    first_screen = 0.0
    for key in CHARTS:
        url = f"/trends/{key}.svg?range={range_days}&{query}"
        app.extensions["chart_cache"].clear()
        start = time.perf_counter()
        first = client.get(url)
        first_s = time.perf_counter() - start
        first_screen += first_s if key in FIRST_SCREEN else 0.0
        assert first.status_code == 200, (url, first.status_code)
        tag = first.headers["ETag"]
        not_modified_s = median_time(
            lambda u=url, t=tag: client.get(u, headers={"If-None-Match": t}), repeat
        )
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304, (url, again.status_code)
        cached_s = median_time(lambda u=url: client.get(u), repeat)
        print(
            f"{key:<15}{first_s:>12.3f}{not_modified_s * 1000:>9.2f}"
            f"{not_modified_s / bare_s:>12.1f}{cached_s * 1000:>15.2f}"
        )
    print(f"first screen ({' + '.join(FIRST_SCREEN)}), first GETs: {first_screen:.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=1825)
    parser.add_argument("--range", type=int, default=365, dest="range_days", choices=(30, 90, 365))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--size", default="phone", help="phone, print, or a screen width: w320 w360 w480 w720 w1080"
    )
    args = parser.parse_args()
    tmpdir = tempfile.mkdtemp(prefix="tracker-bench-")
    try:
        app = build(tmpdir, args.days)
        draw_figures(app, args.range_days, args.repeat, args.size)
        serve(app, args.range_days, args.repeat, args.size)
        with app.app_context():
            db.engine.dispose()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
