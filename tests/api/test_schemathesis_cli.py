"""The API as an outside client's CI tests it: schemathesis's own command line against a real
gunicorn (tests/serving.py), every check and phase on, with a user's write token.

Where tests/api/test_schemathesis.py maps generated ids onto seeded records in-process, this
run knows nothing of the app: it reads /api/v1/openapi.json over HTTP and holds the API to
it (a schema-valid request refused with 422 is a failure, so is one the document forbids and
the API takes). The per-token limit is raised for the run: its 429 is documented, but a run
that meets it tests nothing. Five examples an operation, seed 1 (ST_EXAMPLES=40, ST_SEED for
other cases, ST_SANITIZE=false to see the headers sent); the coverage phase's fixed cases
are most of the time, about a minute on two idle cores. One schemathesis worker: two raced
in hypothesis's lambda-source parsing (a SystemError in CPython 3.11's ast), failing a run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import serving
from tests.api.factories import journal, token
from tests.conftest import make_user
from tests.medications.factories import get_user
from tracker.extensions import db

pytestmark = pytest.mark.load  # a real gunicorn; `-m "not load"` skips it

EXAMPLES = int(os.environ.get("ST_EXAMPLES", "5"))
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def _seed(app, uid: int) -> None:
    with app.app_context():
        journal(get_user(uid))
        db.session.commit()


def test_schemathesis_command_line_finds_no_failure(app, tmp_path: Path) -> None:
    uid = make_user(app, "outside@example.org")
    _seed(app, uid)
    secret = token(app, uid)
    server = serving.start(
        app.config["DATABASE_URL"],
        tmp_path / "instance",
        workers=2,
        log=tmp_path / "gunicorn.log",
        extra={"TRACKER_API_REQUESTS_PER_MINUTE": "1000000"},
    )
    try:
        run = subprocess.run(  # noqa: S603 - our own venv's schemathesis, on loopback only
            [
                str(SCHEMATHESIS),
                "run",
                f"http://{serving.HOST}:{server.port}/api/v1/openapi.json",
                "-H",
                f"Authorization: Bearer {secret}",
                "--checks",
                "all",
                "--max-examples",
                str(EXAMPLES),
                "--seed",
                os.environ.get("ST_SEED", "1"),
                "--workers",
                "1",
                "--no-color",
                "--output-truncate",
                "false",
                "--output-sanitize",
                os.environ.get("ST_SANITIZE", "true"),
                "--generation-database",
                "none",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
    finally:
        server.stop()
    log = (tmp_path / "gunicorn.log").read_text()
    # Shown by pytest when the run failed: schemathesis's report, then the server's errors.
    print(
        run.stdout, run.stderr, log[log.find("Traceback") :][:20000] if "Traceback" in log else ""
    )
    assert run.returncode == 0, run.stdout[-3000:]
