"""Full-page screenshots of the main pages at phone and desktop width, from the demo account.

    .venv/bin/python bench/screenshots.py OUTDIR

Builds a throwaway SQLite instance with 120 days of demo data, serves it on 127.0.0.1, and
drives Debian's headless Chromium (/usr/bin/chromium) with Playwright. Files are named
WIDTH-PAGE.png, e.g. 390-today.png. Nothing is downloaded and nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.app import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.jobs import worker  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {390: 844, 1280: 800}
TIMEOUT = 15_000  # ms
EMAIL = "demo@example.org"
PASSWORD = "demo-password"  # noqa: S105 - the documented demo credentials


def build_instance(tmpdir: str):  # noqa: ANN201 - returns (app, {name: medication id})
    """A migrated SQLite database in `tmpdir` holding the demo account."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from tracker.cli.demo import build_demo
    from tracker.medications.models import Medication

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "screenshots",
            "INSTANCE_PATH": tmpdir,
            "DATABASE_URL": "sqlite:///" + os.path.join(tmpdir, "tracker.db"),
        }
    )
    with app.app_context():
        upgrade()
        user = build_demo(days=120, timezone="Europe/Berlin", now=datetime.now(UTC))
        db.session.commit()
        meds = db.session.scalars(select(Medication).where(Medication.user_id == user.id))
        ids = {m.name: m.id for m in meds}
        db.session.remove()
    return app, ids


def shoot(base: str, outdir: Path, ids: dict[str, int]) -> list[Path]:
    """Every page at every width; returns the files written."""
    from playwright.sync_api import expect, sync_playwright

    written: list[Path] = []
    sertraline = ids["sertraline"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.set_default_timeout(TIMEOUT)

                def snap(name: str, width: int = width, page=page) -> None:  # noqa: ANN001
                    path = outdir / f"{width}-{name}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)

                def visit(
                    path: str, name: str, snap: Callable[[str], None] = snap, page=page
                ) -> None:  # noqa: ANN001
                    page.goto(base + path)
                    snap(name)

                visit("/login", "login")
                visit("/signup", "signup")
                page.goto(base + "/login")
                page.get_by_label("Email").fill(EMAIL)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url(base + "/today")
                snap("today")
                visit("/medications", "medications")
                visit(f"/medications/{sertraline}", "medication")
                visit(f"/medications/{sertraline}/history", "history")
                visit("/medications/new", "add-medication")
                page.get_by_role("button", name="Add medication").click()
                expect(page.locator(".has-error").first).to_be_visible(timeout=TIMEOUT)
                snap("add-medication-errors")
                visit(f"/medications/{sertraline}/taper", "taper")
                visit("/settings", "settings")
                for path, name in (
                    ("/timeline", "timeline"),
                    ("/sleep", "sleep"),
                    ("/checkins", "checkins"),
                    ("/symptoms", "symptoms"),
                    ("/activity", "activity"),
                    ("/therapy", "therapy"),
                    ("/questionnaires", "questionnaires"),
                    ("/questionnaires/phq9", "phq9"),
                    ("/sleep/new", "sleep-new"),
                    ("/trends", "trends"),
                    ("/trends/overview?range=365", "trends-overview"),
                    ("/trends/changes?range=all", "trends-changes"),
                    ("/trends?range=custom&start=2030-01-01&end=2020-01-01", "trends-bad-range"),
                ):
                    visit(path, name)

                shoot_imports(base, page, snap)

                # Log lorazepam from Today until the minimum-interval warning asks to confirm
                # (the second dose in a row at the latest).
                confirm = page.get_by_role("heading", name="Check before logging")
                for _ in range(2):
                    page.goto(base + "/today")
                    prn = page.get_by_role("region", name="As needed").get_by_role("listitem")
                    item = prn.filter(has=page.get_by_text("lorazepam", exact=True))
                    item.locator("summary").click()
                    item.get_by_role("button", name="Log dose").click()
                    page.wait_for_load_state()
                    if confirm.count():
                        break
                expect(confirm).to_be_visible(timeout=TIMEOUT)
                snap("as-needed-confirm")
                context.close()
        finally:
            browser.close()
    return written


FLOW = Path(__file__).resolve().parent.parent / "tests" / "imports" / "fixtures" / "flow"


def shoot_imports(base: str, page, snap: Callable[[str], None]) -> None:  # noqa: ANN001
    """The import page: a refused file, a preview with a label to map, the history after."""
    for name, files in (
        ("import-refused", {"name": "mood.csv", "mimeType": "text/csv", "buffer": b"\x89PNG\r\n"}),
        ("import-preview", str(FLOW / "daylio_short.csv")),
    ):
        page.goto(base + "/imports")
        page.get_by_label("Where the file comes from").select_option("daylio")
        page.get_by_label("File", exact=True).set_input_files(files)
        page.get_by_role("button", name="Upload and preview").click()
        _job_done(page)
        snap(name)
    page.get_by_label("“Depressed”").select_option("2")
    page.get_by_role("button", name="Import").click()
    _job_done(page)
    snap("import-history")


def _job_done(page) -> None:  # noqa: ANN001
    """Wait for the import's job (the worker beside the server) to finish: the page shows
    its progress bar until then."""
    page.wait_for_load_state()
    page.locator("progress").wait_for(state="detached", timeout=60_000)
    page.wait_for_load_state()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="where to write the PNG files")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    args.outdir.mkdir(parents=True, exist_ok=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    tmpdir = tempfile.mkdtemp(prefix="tracker-shots-")
    try:
        app, ids = build_instance(tmpdir)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        done = threading.Event()  # the import's jobs run in a worker beside the server

        def work() -> None:
            with app.app_context():
                worker.work(burst=False, poll=0.1, stop=done.is_set)

        jobs = threading.Thread(target=work, daemon=True)
        jobs.start()
        try:
            files = shoot(f"http://127.0.0.1:{server.server_port}", args.outdir, ids)
        finally:
            done.set()
            jobs.join(timeout=30)
            server.shutdown()
            server.server_close()
            with app.app_context():
                db.engine.dispose()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    for f in files:
        print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
