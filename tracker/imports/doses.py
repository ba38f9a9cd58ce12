"""Imported doses: each checked and built before anything is written, by the medication
services' own rules (the unit, the medication, a planned slot still open, an as-needed limit
passed then, noted), then written in bulk with the import's other rows. The as-needed
medications a file names that the account does not have are created in the write, and their
doses point at them by ref."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.imports import bulk, records
from tracker.imports.mapping import suggested_medication_name
from tracker.imports.models import ImportBatch
from tracker.imports.plan import Action
from tracker.medications import as_needed
from tracker.medications import doses as dose_services
from tracker.medications import services as meds
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import scheduled_instant, slots_on
from tracker.timeutils import local_today

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


NEW = "medication:new:"  # a dose's ref to a medication the import creates, by source name


class Checker:
    """Checks and builds doses against the account as it is, reading only; remembers the slots
    the file itself fills, its as-needed doses (for their limits) and the medications it
    creates."""

    def __init__(self, user: User, now: datetime) -> None:
        self.user, self.now, self.tz = user, now, user.timezone
        self.new_medications: dict[str, tuple[str, datetime]] = {}  # name -> unit, first dose
        self.slots: set[tuple[int, Any, Any]] = set()
        self.taken: dict[Any, list[DoseEvent]] = {}  # the file's as-needed doses, by medication
        self.meds: dict[int, Medication | None] = {}

    def check(self, a: Action) -> tuple[DoseEvent, str | None]:
        """The dose as it will be written (unsaved), and the ref of a medication the import
        creates (its medication_id is then filled in the write)."""
        rec: records.Dose = a.record
        unit = _unit(rec)
        if a.values["new"]:
            known, first = self.new_medications.get(rec.name, (unit or "mg", a.at))
            if unit and unit != known:
                raise Invalid(f"it is in {unit} and {rec.name} is recorded in {known}")
            med = Medication(name=rec.name, unit=known, as_needed=True)  # never added
            event = self._as_needed(a, med, rec.name, [])
            self.new_medications[rec.name] = (known, min(first, a.at))
            return event, NEW + rec.name
        med = self._medication(int(a.values["target"].removeprefix("med:")))
        if unit and unit != med.unit:
            raise Invalid(f"it is in {unit} and {med.name} is recorded in {med.unit}")
        if med.as_needed:
            window = (a.at - timedelta(days=1), a.at + timedelta(days=1))
            return self._as_needed(a, med, med.id, dose_services.prn_taken_between(
                self.user, med, *window)), None  # fmt: skip
        day, at = _slot(med, a, self.tz)
        marked = select(DoseEvent.id).where(
            DoseEvent.medication_id == med.id,
            DoseEvent.scheduled_date == day,
            DoseEvent.scheduled_time == at,
        )
        if (med.id, day, at) in self.slots or db.session.scalar(marked) is not None:
            raise Invalid(f"the {at:%H:%M} dose of {med.name} on {day} is already marked")
        event = dose_services.scheduled_dose(
            self.user, med, day=day, at=at, action="taken", taken_at=a.at,
            amount=rec.amount, note=rec.note, now=self.now, history=True,
        )  # fmt: skip
        self.slots.add((med.id, day, at))
        return event, None

    def _medication(self, med_id: int) -> Medication:
        if med_id not in self.meds:
            med = db.session.get(Medication, med_id)
            self.meds[med_id] = med if med is not None and med.user_id == self.user.id else None
        med = self.meds[med_id]
        if med is None:
            raise Invalid("that medication is not in your list")
        return med

    def _as_needed(
        self, a: Action, med: Medication, mine: Any, recent: list[DoseEvent]
    ) -> DoseEvent:
        """An as-needed dose, weighed with the account's doses and the file's own around it;
        history is recorded as it was: limits passed then are noted, not asked about."""
        rec: records.Dose = a.record
        taken = self.taken.setdefault(mine, [])
        near = [e for e in taken if abs(e.taken_at - a.at) <= timedelta(days=1)]
        event = as_needed.as_needed_dose(
            self.user, med, taken_at=a.at, amount=rec.amount, reason=None, note=rec.note,
            confirmed=True, now=self.now, history=True, recent=recent + near,
        )  # fmt: skip
        taken.append(event)
        return event


def create_medications(
    user: User, checker: Checker, batch: ImportBatch, *, now: datetime
) -> tuple[dict[str, int], list[tuple]]:
    """Create the as-needed medications the file names (in the write): their ids by ref, and
    their source keys to keep. Each starts on the day of its first imported dose."""
    ids, kept = {}, []
    for name, (unit, first) in checker.new_medications.items():
        fields = meds.MedicationFields(
            name=suggested_medication_name(name), unit=unit, as_needed=True,
            started_on=local_today(user.timezone, first),
            notes=f"Added by an import from {batch.source} (as “{name}”).",
        )  # fmt: skip
        med = meds.create_medication(user, fields, today=local_today(user.timezone, now), now=now)
        ids[NEW + name] = med.id
        key = f"{batch.source}-medication:{name}"
        kept.append(bulk.source_key(user.id, batch.id, key, "medications", med.id))
    return ids, kept
