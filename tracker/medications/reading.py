"""The medication plan and a range's dose log, each read once for the snapshot
(tracker/snapshot.py), with the pure look-ups the report and the trends make in them.

The rows stay ORM rows, loaded whole (a medication with its schedule versions and their
doses): the plan's pure functions (plan_versions, slots_of, version_history, daily_total,
active_on) already take them, and a copy into dataclasses would be a second model to keep in
step. Nothing reached from them loads lazily; tests/test_registry_snapshot.py checks that a
report built from a snapshot issues no query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications.models import DoseEvent, Medication, TaperPlan
from tracker.medications.plan import scheduled_instant
from tracker.medications.services import list_medications
from tracker.timeutils import to_local


@dataclass(frozen=True)
class MedicationPlan:
    """Every medication of the user (whatever the range: the regimen reads a year back and
    the planned steps ahead) with its schedule versions, and its taper plans."""

    medications: tuple[Medication, ...]  # current ones first, then by name
    tapers: Mapping[int, tuple[TaperPlan, ...]] = field(default_factory=dict)  # by medication

    def taper_plans(self, med: Medication) -> tuple[TaperPlan, ...]:
        """The medication's taper plans, oldest first."""
        return self.tapers.get(med.id, ())


def read_plan(user: User) -> MedicationPlan:
    """The plan in two reads of the medications (with their schedules) and the taper plans."""
    meds = list_medications(user, with_schedules=True)
    rows = db.session.scalars(
        select(TaperPlan)
        .where(TaperPlan.user_id == user.id)
        .order_by(TaperPlan.starts_on, TaperPlan.id)
    )
    tapers: dict[int, list[TaperPlan]] = {}
    for plan in rows:
        tapers.setdefault(plan.medication_id, []).append(plan)
    return MedicationPlan(tuple(meds), {k: tuple(v) for k, v in tapers.items()})


def event_day(event: DoseEvent) -> date:
    """The local day a dose counts for: its slot's day, else the day it was taken in its zone."""
    return event.scheduled_date or to_local(event.taken_at, event.tz).date()


@dataclass(frozen=True)
class DoseLog:
    """The dose events of a range of local days: each one whose slot falls in it, and each
    taken within a day of its ends (an as-needed dose counts on its local day)."""

    events: tuple[DoseEvent, ...]  # by id

    def by_slot(self, first: date, last: date) -> dict[tuple[int, date, time], DoseEvent]:
        """The scheduled doses' events of days first..last by (medication id, day, time)."""
        return {
            (e.medication_id, e.scheduled_date, e.scheduled_time): e
            for e in self.events
            if e.scheduled_date is not None and first <= e.scheduled_date <= last
        }

    def taken(self, med_id: int, start: datetime, end: datetime) -> list[DoseEvent]:
        """A medication's doses taken from `start` to `end` (both included), in time order."""
        found = [
            e
            for e in self.events
            if e.medication_id == med_id
            and e.action == "taken"
            and e.taken_at is not None
            and start <= e.taken_at <= end
        ]
        return sorted(found, key=lambda e: (e.taken_at, e.id))

    def skip_reasons(self, med_ids: Iterable[int], first: date, last: date) -> dict:
        """Per medication, how often each reason was given for a skip of days first..last."""
        wanted = set(med_ids)
        return doses.reason_counts(
            (e.medication_id, e.reason)
            for e in self.events
            if e.medication_id in wanted
            and e.action == "skipped"
            and e.scheduled_date is not None
            and first <= e.scheduled_date <= last
        )

    def in_days(self, med_id: int, first: date, last: date) -> list[DoseEvent]:
        """A medication's events counted on local days first..last."""
        return [
            e for e in self.events if e.medication_id == med_id and first <= event_day(e) <= last
        ]


def read(user: User, first: date, last: date) -> DoseLog:
    """The doses kind's rows of local days first..last (one read)."""
    start = scheduled_instant(first, time(0), user.timezone) - timedelta(days=1)
    end = scheduled_instant(last, time(0), user.timezone) + timedelta(days=2)
    rows = db.session.scalars(
        select(DoseEvent)
        .where(
            DoseEvent.user_id == user.id,
            ((DoseEvent.scheduled_date >= first) & (DoseEvent.scheduled_date <= last))
            | ((DoseEvent.taken_at >= start) & (DoseEvent.taken_at < end)),
        )
        .order_by(DoseEvent.id)
    )
    return DoseLog(tuple(rows))
