"""How long the 90-day prescriber report takes, as a PDF and as the HTML page.

    .venv/bin/python bench/report.py [--days 1825] [--range 90] [--repeat 5]

Builds a throwaway SQLite instance holding the demo account over `--days` days (the same data
as `flask --app wsgi tracker demo --days 1825`), then prints the median of `--repeat` runs of:

- build: reading everything the report shows (tracker.reports.services.build_report);
- pdf: build plus the PDF (services.report_file, what the download and `tracker report` run);
- pdf + appendix: the same with every dose listed;
- page: GET /report through the app (test client, in process; the chart image is a separate
  request, cached by the trends pages).

The target for the PDF is under 2 s on this machine. Figures are wall-clock medians; compare
them on one machine, not across machines.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402

from bench.charts import EMAIL, PASSWORD, build, median_time  # noqa: E402
from tracker.extensions import db  # noqa: E402

TARGET_S = 2.0


def run(app: Flask, range_days: int, repeat: int) -> None:
    from sqlalchemy import select

    from tracker.auth.models import User
    from tracker.reports import services
    from tracker.timeutils import local_today

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        now = datetime.now(UTC)
        last = local_today(user.timezone, now)
        first = last - timedelta(days=range_days - 1)
        span = {"first": first, "last": last, "now": now}
        print(f"\n{range_days}-day report ({first} to {last}), median of {repeat}")
        build_s = median_time(lambda: services.build_report(user, **span), repeat)
        pdf_s = median_time(lambda: services.report_file(user, **span), repeat)
        size = len(services.report_file(user, **span))
        appendix_s = median_time(lambda: services.report_file(user, **span, appendix=True), repeat)
        db.session.remove()
    client = app.test_client()
    client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    url = f"/report?range=custom&start={first}&end={last}"
    assert client.get(url).status_code == 200
    page_s = median_time(lambda: client.get(url), repeat)
    verdict = "under" if pdf_s < TARGET_S else "OVER"
    print(f"{'build':<16}{build_s:>8.3f} s")
    print(f"{'pdf':<16}{pdf_s:>8.3f} s  ({size:,} bytes; {verdict} the {TARGET_S:.0f} s target)")
    print(f"{'pdf + appendix':<16}{appendix_s:>8.3f} s")
    print(f"{'page (GET)':<16}{page_s:>8.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=1825)
    parser.add_argument("--range", type=int, default=90, dest="range_days")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmpdir = tempfile.mkdtemp(prefix="tracker-bench-")
    try:
        app = build(tmpdir, args.days)
        run(app, args.range_days, args.repeat)
        with app.app_context():
            db.engine.dispose()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
