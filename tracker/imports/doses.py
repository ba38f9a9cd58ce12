"""Imported doses: checked before anything is written (the unit, the medication, a planned
slot still open), then recorded through the medication services in the import's write, since
a dose fills a planned slot or counts against an as-needed limit. A file holds few of them
beside its check-ins, so this per-row path stays short."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.imports import records
from tracker.imports.mapping import suggested_medication_name
from tracker.imports.models import ImportBatch
from tracker.imports.plan import Action
from tracker.medications import as_needed
from tracker.medications import doses as dose_services
from tracker.medications import services as meds
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import scheduled_instant, slots_on
from tracker.timeutils import local_today

if TYPE_CHECKING:
    from tracker.imports.apply import Outcome

UNITS = {"mg": "mg", "mcg": "µg", "µg": "µg", "ug": "µg", "g": "g", "ml": "ml", "iu": "IU"}
UNITS |= {"drops": "drops", "drop": "drops", "puffs": "puffs", "puff": "puffs"}
UNITS |= {"tablet": "tablet", "tablets": "tablet", "pill": "tablet", "pills": "tablet"}
UNITS |= {"capsule": "capsule", "capsules": "capsule"}


def _unit(rec: records.Dose) -> str | None:
    unit = UNITS.get((rec.unit or "").strip().casefold())
    if rec.unit and unit is None:
        raise Invalid(f"the unit “{rec.unit}” is not one this app records")
    return unit


def _slot(med: Medication, a: Action, tz: str) -> tuple[Any, Any]:
    """The planned slot of the dose's day nearest to when it was taken."""
    day = local_today(tz, a.at)
    planned = slots_on(meds.plan_versions(med), day, med.started_on, med.stopped_on)
    if not planned:
        raise Invalid(f"no dose of {med.name} was planned on {day.isoformat()}")
    return day, min(planned, key=lambda p: abs(scheduled_instant(day, p.at, tz) - a.at)).at


class Checker:
    """Checks doses against the account as it is, reading only; remembers the slots and new
    medications the file itself fills and creates."""

    def __init__(self, user: User, now: datetime) -> None:
        self.user, self.now, self.tz = user, now, user.timezone
        self.new_medications: dict[str, str] = {}  # source name -> unit
        self.slots: set[tuple[int, Any, Any]] = set()

    def check(self, a: Action) -> None:
        rec: records.Dose = a.record
        unit = _unit(rec)
        if a.values["new"]:
            known = self.new_medications.setdefault(rec.name, unit or "mg")
            if unit and unit != known:
                raise Invalid(f"it is in {unit} and {rec.name} is recorded in {known}")
            return
        med = db.session.get(Medication, int(a.values["target"].removeprefix("med:")))
        if med is None or med.user_id != self.user.id:
            raise Invalid("that medication is not in your list")
        if unit and unit != med.unit:
            raise Invalid(f"it is in {unit} and {med.name} is recorded in {med.unit}")
        if med.as_needed:
            return
        day, at = _slot(med, a, self.tz)
        marked = select(DoseEvent.id).where(
            DoseEvent.medication_id == med.id,
            DoseEvent.scheduled_date == day,
            DoseEvent.scheduled_time == at,
        )
        if (med.id, day, at) in self.slots or db.session.scalar(marked) is not None:
            raise Invalid(f"the {at:%H:%M} dose of {med.name} on {day} is already marked")
        self.slots.add((med.id, day, at))


class _Writer:
    def __init__(self, user: User, batch: ImportBatch, now: datetime) -> None:
        self.user, self.batch, self.now, self.tz = user, batch, now, user.timezone
        self.new_meds: dict[str, Medication] = {}
        self.kept: list[dict[str, Any]] = []

    def keep(self, key: str, table: str, row_id: int) -> None:
        self.kept.append({"user_id": self.user.id, "batch_id": self.batch.id,
                          "key": key[:200], "table": table, "row_id": row_id})  # fmt: skip

    def medication(self, a: Action, unit: str) -> Medication:
        rec: records.Dose = a.record
        if not a.values["new"]:
            return db.session.get(Medication, int(a.values["target"].removeprefix("med:")))
        med = self.new_meds.get(rec.name)
        if med is None:
            fields = meds.MedicationFields(
                name=suggested_medication_name(rec.name), unit=unit, as_needed=True,
                started_on=local_today(self.tz, a.at),
                notes=f"Added by an import from {self.batch.source} (as “{rec.name}”).",
            )  # fmt: skip
            med = meds.create_medication(
                self.user, fields, today=local_today(self.tz, self.now), now=self.now
            )
            self.keep(f"{self.batch.source}-medication:{rec.name}", "medications", med.id)
            self.new_meds[rec.name] = med
        return med

    def dose(self, a: Action, med: Medication) -> Any:
        rec: records.Dose = a.record
        if med.as_needed:
            # History is recorded as it was: limits passed then are noted, not asked about.
            return as_needed.record_as_needed(
                self.user, med, taken_at=a.at, amount=rec.amount, reason=None,
                note=rec.note, confirmed=True, now=self.now, history=True,
            )  # fmt: skip
        day, at = _slot(med, a, self.tz)
        return dose_services.record_scheduled(
            self.user, med, day=day, at=at, action="taken", taken_at=a.at,
            amount=rec.amount, note=rec.note, now=self.now, history=True,
        )  # fmt: skip


def write(
    user: User, actions: list[Action], batch: ImportBatch, outcome: Outcome, *, now: datetime
) -> list[dict[str, Any]]:
    """Record the checked doses (a refused one is skipped); their source keys to keep."""
    writer = _Writer(user, batch, now)
    for a in actions:
        try:
            med = writer.medication(a, _unit(a.record) or "mg")  # kept even if a dose is refused
            with db.session.begin_nested():
                row = writer.dose(a, med)
                db.session.flush()
            writer.keep(a.key, row.__tablename__, row.id)
        except Invalid as exc:
            outcome.added["dose"] -= 1
            outcome.skipped.append(records.Skip(a.line, f"Left out: {exc.message.rstrip('.')}."))
    return writer.kept
