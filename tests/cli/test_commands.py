"""The `flask --app wsgi tracker ...` commands."""

import itertools
from datetime import timedelta

from tests.conftest import login
from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications import history
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import LATE, MISSED, ON_TIME, SKIPPED
from tracker.timeutils import local_today, utcnow


def test_create_user_reads_the_password_from_stdin_and_can_log_in(app, client):
    result = app.test_cli_runner().invoke(
        args=["tracker", "create-user", "Nurse@Example.org", "--timezone", "Europe/Paris"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created nurse@example.org" in result.output
    assert login(client, "nurse@example.org", "a long enough passphrase").status_code == 302
    assert client.get("/today").status_code == 200


def test_create_user_refuses_a_short_password_and_creates_nothing(app):
    result = app.test_cli_runner().invoke(
        args=["tracker", "create-user", "x@example.org"], input="short\n"
    )
    assert result.exit_code != 0
    assert "at least 8" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def _demo_state(app):
    with app.app_context():
        user = db.session.scalars(db.select(User)).one()
        meds = db.session.scalars(db.select(Medication)).all()
        now = utcnow()
        today = local_today(user.timezone, now)
        statuses = set()
        for med in meds:
            if not med.as_needed:
                rows = history.dose_history(
                    user, med, first=today - timedelta(days=119), last=today, now=now
                )
                statuses |= {r.status for r in rows}
        kinds = {(m.name, v.kind) for m in meds for v in m.versions}
        increases = [
            m.name
            for m in meds
            if any(b.daily_total > a.daily_total for a, b in itertools.pairwise(m.versions))
        ]
        return {
            "email": user.email,
            "names": sorted(m.name for m in meds),
            "as_needed": [m.name for m in meds if m.as_needed],
            "kinds": kinds,
            "increases": increases,
            "statuses": statuses,
            "events": db.session.scalar(db.select(db.func.count(DoseEvent.id))),
        }


def test_demo_builds_a_realistic_account_and_a_second_run_resets_it(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["tracker", "demo"]).exit_code == 0
    first = _demo_state(app)
    assert first["email"] == "demo@example.org"
    assert len(first["names"]) >= 3 and first["as_needed"] == ["lorazepam"]
    assert ("sertraline", "taper") in first["kinds"]
    assert "sertraline" in first["increases"]
    assert {ON_TIME, LATE, SKIPPED, MISSED} <= first["statuses"]
    assert first["events"] > 200
    assert runner.invoke(args=["tracker", "demo"]).exit_code == 0
    assert _demo_state(app) == first
    assert login(client, "demo@example.org", "demo-password").status_code == 302
