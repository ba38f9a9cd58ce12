"""Guards of the snapshot (tracker/snapshot.py): every registered kind is read into it, and one
report is a fixed number of queries whatever the number of medications, symptoms or days."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import event

from tests.conftest import NOW, make_user
from tests.journal_factories import journal_entries
from tracker import registry
from tracker.appointments import questions
from tracker.auth.models import User
from tracker.cli.demo import build_demo
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications import services as meds
from tracker.reports import services as reports
from tracker.snapshot import read_range
from tracker.trends.charts import CHARTS
from tracker.trends.data import MEASURED_KINDS

FIRST, LAST = date(2025, 5, 1), date(2025, 6, 2)
# One report build of the demo's default range, appendix included: one read per table a kind
# reads (18), and the user's row itself. Measured, not guessed: a read per medication, per
# symptom or per kind in a loop (the demo has several of each) goes past it.
REPORT_QUERIES = 19


class Queries:
    """The statements run on the app's engine while it is in a `with`."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def _count(self, conn, cursor, statement, *args) -> None:  # noqa: ANN001
        self.statements.append(statement)

    def __enter__(self) -> Queries:
        event.listen(db.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(db.engine, "before_cursor_execute", self._count)


def test_every_kind_says_how_its_rows_of_a_range_are_read():
    missing = [kind.key for kind in registry.KINDS if not callable(kind.read)]
    assert missing == [], f"kinds without read= in their kind.py: {missing}"


def test_every_chart_reads_registered_kinds():
    unknown = {c.key: k for c in CHARTS.values() for k in c.kinds if k not in registry.BY_KEY}
    assert unknown == {}
    assert all(k in registry.BY_KEY for k in MEASURED_KINDS)


def _one_of_each(user: User) -> None:
    journal_entries(user.id)
    med = meds.create_medication(
        user,
        meds.MedicationFields(name="sertraline", started_on=date(2025, 4, 1)),
        doses=[(time(8), 50)],
        today=date(2025, 4, 1),
        now=NOW,
    )
    doses.take_at_scheduled_time(user, med, day=date(2025, 6, 1), at=time(8), now=NOW)
    questions.add_question(user, "Could the dose go lower?", now=NOW)
    db.session.flush()


def test_a_snapshot_holds_an_entry_of_every_kind(app):
    empty_id, full_id = make_user(app), make_user(app, "grace@example.org")
    with app.app_context():
        empty, full = db.session.get(User, empty_id), db.session.get(User, full_id)
        _one_of_each(full)
        before = read_range(empty, FIRST, LAST, now=NOW)
        after = read_range(full, FIRST, LAST, now=NOW)
        assert set(after.rows) == {kind.key for kind in registry.KINDS}
        unread = [key for key in after.rows if after.of(key) == before.of(key)]
        assert unread == [], f"kinds whose entry the snapshot did not read: {unread}"
        assert [m.name for m in after.plan.medications] == ["sertraline"]


def test_a_snapshot_refuses_days_it_did_not_read(app):
    uid = make_user(app)
    with app.app_context():
        snap = read_range(db.session.get(User, uid), FIRST, LAST, now=NOW, lookback=7)
        snap.covers(date(2025, 4, 24), LAST)
        with pytest.raises(ValueError, match="longer lookback"):
            snap.covers(date(2025, 4, 23), LAST)


@pytest.fixture
def demo(app):  # noqa: ANN201
    with app.app_context():
        user = build_demo(days=120, timezone="Europe/Berlin", now=NOW)
        db.session.commit()
        first, last = reports.default_range(user, now=NOW)
        user_id = user.id
        db.session.remove()
        yield db.session.get(User, user_id), first, last


def test_one_report_is_a_fixed_number_of_queries(demo):
    user, first, last = demo
    assert len(meds.list_medications(user)) >= 3  # enough that a query per medication shows
    db.session.expire_all()
    with Queries() as queries:
        reports.build_report(user, first=first, last=last, now=NOW, appendix=True)
    medications = [s for s in queries.statements if "FROM medications" in s]
    assert len(queries.statements) <= REPORT_QUERIES, "\n\n".join(queries.statements)
    assert len(medications) == 1  # the plan, read once


def test_the_report_is_a_pure_function_of_the_snapshot(demo):
    user, first, last = demo
    snap = read_range(user, first, last, now=NOW)
    with Queries() as queries:
        report = reports.report_of(snap, appendix=True)
    assert queries.statements == []
    assert report == reports.build_report(user, first=first, last=last, now=NOW, appendix=True)
