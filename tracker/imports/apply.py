"""Add a plan's entries to the account through the domains' own services, so an imported
entry meets the same rules as a typed one. An entry a rule refuses is skipped with its line
and the rule's words; everything else is added, and each row is recorded under its source
key for later imports and for undo. The caller commits once (or rolls back for a preview)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from tracker.activity import services as activity
from tracker.auth.models import User
from tracker.checkins import services as checkins
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.imports import records
from tracker.imports.mapping import suggested_medication_name
from tracker.imports.models import ImportBatch, ImportedRecord
from tracker.imports.plan import Action, Plan, instant
from tracker.medications import as_needed, doses
from tracker.medications import services as meds
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import scheduled_instant, slots_on
from tracker.sleep import services as sleep
from tracker.sleep.measures import NightTimes
from tracker.symptoms import following
from tracker.symptoms import services as symptoms
from tracker.timeutils import local_today

UNITS = {"mg": "mg", "mcg": "µg", "µg": "µg", "ug": "µg", "g": "g", "ml": "ml", "iu": "IU"}
UNITS |= {"drops": "drops", "drop": "drops", "puffs": "puffs", "puff": "puffs"}
UNITS |= {"tablet": "tablet", "tablets": "tablet", "pill": "tablet", "pills": "tablet"}
UNITS |= {"capsule": "capsule", "capsules": "capsule"}


@dataclass
class Outcome:
    """What adding a plan did: entries added by kind, and entries skipped with their reasons."""

    added: Counter = field(default_factory=Counter)
    skipped: list[records.Skip] = field(default_factory=list)


class _Adder:
    def __init__(self, user: User, batch: ImportBatch, now: datetime) -> None:
        self.user, self.batch, self.now = user, batch, now
        self.tz = user.timezone
        self.outcome = Outcome()
        self.new_meds: dict[str, Medication] = {}
        self.new_symptoms: dict[str, str] = {}

    def keep(self, key: str, row: Any, kind: str) -> None:
        db.session.add(
            ImportedRecord(
                user_id=self.user.id,
                batch_id=self.batch.id,
                key=key[:200],
                table=row.__tablename__,
                row_id=row.id,
            )
        )
        self.outcome.added[kind] += 1

    def instant(self, at: datetime | None) -> datetime | None:
        return None if at is None else instant(at, self.tz)

    # One method per action kind ------------------------------------------------------------

    def checkin(self, a: Action) -> Any:
        return checkins.record_checkin(
            self.user, ratings=a.values["ratings"], note=a.values["note"], at=a.at, now=self.now
        )

    def night(self, a: Action) -> Any:
        rec: records.Night = a.record
        if not rec.times_known:
            if rec.asleep_minutes is None:
                raise Invalid("it gives a sleep quality but no length of sleep")
            return sleep.record_night_length(
                self.user,
                day=rec.day,
                tz=self.tz,
                asleep_minutes=rec.asleep_minutes,
                quality=rec.quality,
                note=rec.note,
                now=self.now,
            )
        asleep, woke = self.instant(rec.asleep), self.instant(rec.woke)
        in_bed = self.instant(rec.in_bed) or asleep
        out = max(self.instant(rec.out_of_bed) or woke, woke)
        span = int((woke - asleep) / timedelta(minutes=1))
        waso = span - rec.asleep_minutes if rec.asleep_minutes is not None else rec.awake_minutes
        night = sleep.Night(
            times=NightTimes(min(in_bed, asleep), min(in_bed, asleep), woke, out),
            sol_minutes=int((asleep - min(in_bed, asleep)) / timedelta(minutes=1)),
            awakenings=rec.awakenings,
            waso_minutes=max(0, waso),
            quality=rec.quality,
            note=rec.note,
        )
        return sleep.record_night(self.user, night, now=self.now)

    def symptom(self, a: Action) -> Any:
        rec: records.Symptom = a.record
        if a.values["new"]:
            ref = self.new_symptoms.get(rec.name)
            if ref is None:
                row = following.add_symptom(self.user, rec.name)
                db.session.flush()
                self.keep(f"{self.batch.source}-symptom:{rec.name}", row, "own_symptom")
                ref = self.new_symptoms[rec.name] = following.ref_of(row)
        else:
            ref = a.values["target"].removeprefix("symptom:")
        fields = symptoms.EntryFields(symptom=ref, severity=rec.severity, note=rec.note, at=a.at)
        return symptoms.log_symptom(self.user, fields, now=self.now)

    def medication(self, a: Action, unit: str) -> Medication:
        rec: records.Dose = a.record
        if not a.values["new"]:
            med_id = int(a.values["target"].removeprefix("med:"))
            med = db.session.get(Medication, med_id)
            if med is None or med.user_id != self.user.id:
                raise Invalid("that medication is not in your list")
            return med
        med = self.new_meds.get(rec.name)
        if med is None:
            fields = meds.MedicationFields(
                name=suggested_medication_name(rec.name),
                unit=unit,
                as_needed=True,
                started_on=local_today(self.tz, a.at),
                notes=f"Added by an import from {self.batch.source} (as “{rec.name}”).",
            )
            med = meds.create_medication(
                self.user, fields, today=local_today(self.tz, self.now), now=self.now
            )
            self.keep(f"{self.batch.source}-medication:{rec.name}", med, "medication")
            self.new_meds[rec.name] = med
        return med

    def dose(self, a: Action) -> Any:
        rec: records.Dose = a.record
        unit = UNITS.get((rec.unit or "").strip().casefold())
        if rec.unit and unit is None:
            raise Invalid(f"the unit “{rec.unit}” is not one this app records")
        med = self.medication(a, unit or "mg")
        if unit and unit != med.unit:
            raise Invalid(f"it is in {unit} and {med.name} is recorded in {med.unit}")
        if med.as_needed:
            # History is recorded as it was: limits passed then are noted, not asked about.
            return as_needed.record_as_needed(
                self.user, med, taken_at=a.at, amount=rec.amount, reason=None,
                note=rec.note, confirmed=True, now=self.now,
            )  # fmt: skip
        return self.scheduled_dose(med, a)

    def scheduled_dose(self, med: Medication, a: Action) -> Any:
        """A dose of a scheduled medication fills the nearest planned slot of its day."""
        day = local_today(self.tz, a.at)
        planned = slots_on(meds.plan_versions(med), day, med.started_on, med.stopped_on)
        if not planned:
            raise Invalid(f"no dose of {med.name} was planned on {day.isoformat()}")
        slot = min(planned, key=lambda p: abs(scheduled_instant(day, p.at, self.tz) - a.at))
        marked = select(DoseEvent.id).where(
            DoseEvent.medication_id == med.id,
            DoseEvent.scheduled_date == day,
            DoseEvent.scheduled_time == slot.at,
        )
        if db.session.scalar(marked) is not None:
            raise Invalid(f"the {slot.at:%H:%M} dose of {med.name} on {day} is already marked")
        rec: records.Dose = a.record
        return doses.record_scheduled(
            self.user, med, day=day, at=slot.at, action="taken", taken_at=a.at,
            amount=rec.amount, note=rec.note, now=self.now,
        )  # fmt: skip

    def steps(self, a: Action) -> Any:
        rec: records.Steps = a.record
        return activity.record_day_steps(self.user, day=rec.day, steps=rec.steps, now=self.now)

    def practice(self, a: Action) -> Any:
        return activity.record_practice(
            self.user, practice=a.values["practice"], minutes=a.values["minutes"], at=a.at,
            note=getattr(a.record, "note", None), now=self.now,
        )  # fmt: skip

    def activity(self, a: Action) -> Any:
        rec = a.record
        return activity.record_activity(
            self.user, kind=a.values["kind"], minutes=a.values["minutes"],
            intensity=a.values["intensity"], steps=getattr(rec, "steps", None), at=a.at,
            note=getattr(rec, "note", None), now=self.now,
        )  # fmt: skip

    def run(self, a: Action) -> None:
        try:
            with db.session.begin_nested():
                row = getattr(self, a.kind)(a)
                db.session.flush()
                self.keep(a.key, row, a.kind)
        except Invalid as exc:
            reason = exc.message.rstrip(".")
            self.outcome.skipped.append(records.Skip(a.line, f"Left out: {reason}."))


def add_plan(user: User, plan: Plan, batch: ImportBatch, *, now: datetime) -> Outcome:
    """Add every planned entry (the batch must be flushed, so it has an id); no commit."""
    adder = _Adder(user, batch, now)
    for action in plan.actions:
        adder.run(action)
    return adder.outcome
