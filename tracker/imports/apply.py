"""Add a plan's entries to the account in two steps, so the database's write lock is held only
for a bulk insert:

- `prepare` (reads only, no lock): every entry is checked by the same rules as a typed one
  (the domains' own field checks) and turned into the row it will be; an entry a rule refuses
  is skipped with its line and the rule's words. The preview shows these counts.
- `write`: the batch and the few symptoms and medications the file creates go through the
  domains' services; the rows (check-ins, nights, symptoms, doses, activities…) are inserted
  in bulk with their source keys (`bulk`). The caller commits once (or rolls back).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from tracker import dataversion, journal
from tracker.activity import services as activity
from tracker.activity.models import ActivityEntry, PracticeEntry
from tracker.auth.models import User
from tracker.checkins import services as checkins
from tracker.checkins.models import MoodCheckin
from tracker.errors import Invalid
from tracker.extensions import db
from tracker.imports import bulk, doses, records
from tracker.imports.bulk import Staged
from tracker.imports.models import ImportBatch
from tracker.imports.plan import Action, Plan, instant
from tracker.journal import FUTURE_TOLERANCE
from tracker.medications.models import DoseEvent
from tracker.sleep import measures
from tracker.sleep import services as sleep
from tracker.sleep.measures import NightTimes
from tracker.sleep.models import SleepEntry
from tracker.symptoms import catalog as symptom_catalog
from tracker.symptoms import following
from tracker.symptoms.models import Symptom, SymptomEntry
from tracker.symptoms.services import _severity
from tracker.timeutils import local_today, localize

SYMPTOM = "symptom:"  # a symptom entry's ref to its symptom (by catalog key or new:<name>)


@dataclass
class Outcome:
    """What adding a plan did: entries added by kind, and entries skipped with their reasons."""

    added: Counter = field(default_factory=Counter)
    skipped: list[records.Skip] = field(default_factory=list)


@dataclass
class Prepared:
    """Everything an import writes, checked, and what it skips."""

    rows: list[Staged] = field(default_factory=list)
    doses: doses.Checker | None = None  # the medications the file creates
    new_symptoms: dict[str, str] = field(default_factory=dict)  # ref -> own name to create
    catalog_rows: set[str] = field(default_factory=set)  # catalog refs without a row yet
    outcome: Outcome = field(default_factory=Outcome)


def _night(rec: records.Night, tz: str) -> sleep.Night:
    """A night with known times as the sleep diary records it."""
    asleep, woke = instant(rec.asleep, tz), instant(rec.woke, tz)
    in_bed = instant(rec.in_bed, tz) if rec.in_bed else asleep
    out = max(instant(rec.out_of_bed, tz) if rec.out_of_bed else woke, woke)
    span = int((woke - asleep) / timedelta(minutes=1))
    waso = span - rec.asleep_minutes if rec.asleep_minutes is not None else rec.awake_minutes
    return sleep.Night(
        times=NightTimes(min(in_bed, asleep), min(in_bed, asleep), woke, out),
        sol_minutes=int((asleep - min(in_bed, asleep)) / timedelta(minutes=1)),
        awakenings=rec.awakenings,
        waso_minutes=max(0, waso),
        quality=rec.quality,
        note=rec.note,
    )


def _check_new_symptom(name: str, rows: Iterable[Symptom]) -> None:
    """The checks `following.add_symptom` makes of a new name, made before anything is written."""
    clean = " ".join(name.split())
    if not clean or len(clean) > following.NAME_LIMIT:
        raise Invalid(f"a symptom's name takes 1 to {following.NAME_LIMIT} characters")
    journal.text(clean, following.NAME_LIMIT, "symptom")
    same = symptom_catalog.same_label(clean)
    if same is not None:
        raise Invalid(f"“{same.label}” is already in the list; map the name to it")
    if any(r.name.casefold() == clean.casefold() for r in rows):
        raise Invalid(f"you already have a symptom called “{clean}”; map the name to it")


def mark_moved(user: User, tables: set[str]) -> None:
    """Move the user's data version (and each table's) past rows inserted around the ORM."""
    dataversion.moved(db.session, [(user.id, name) for name in sorted(tables)])


class _Stager:
    """Turns each planned action into a checked row, reading the account but never writing."""

    def __init__(self, user: User, now: datetime) -> None:
        self.user, self.now, self.tz = user, now, user.timezone
        self.shown = checkins.shown_scales(user)
        self.prepared = Prepared()
        self.symptom_refs = {following.ref_of(r): r for r in following.symptom_rows(user)}
        self.nights = set(
            db.session.scalars(select(SleepEntry.day).where(SleepEntry.user_id == user.id))
        )
        self.doses = doses.Checker(user, now)

    def dated(self, model: type, at: datetime, note: str | None, **fields: Any) -> Staged:
        """A journal row at `at`, filed under its local day, as the domain's service files it."""
        if at > self.now + FUTURE_TOLERANCE:
            raise Invalid("That time is in the future.", "at")
        values = {**bulk.blank(model), **fields}
        values.update(user_id=self.user.id, tz=self.tz, created_at=self.now, request_key=None,
                      at=at, day=local_today(self.tz, at),
                      note=journal.text(note, activity.NOTE_LIMIT, "note"))  # fmt: skip
        return Staged(model, values, "", "")

    def checkin(self, a: Action) -> Staged:
        values = checkins.checked_ratings(a.values["ratings"])
        if all(values[k] is None for k in self.shown):
            raise Invalid(checkins.NOTHING_RATED, None)
        return self.dated(MoodCheckin, a.at, a.values["note"], **values)

    def night(self, a: Action) -> Staged:
        rec: records.Night = a.record
        entry = SleepEntry(user_id=self.user.id, tz=self.tz, request_key=None, created_at=self.now)
        if not rec.times_known:
            if rec.asleep_minutes is None:
                raise Invalid("it gives a sleep quality but no length of sleep")
            times = sleep._placed_by_length(
                rec.day, self.tz, rec.asleep_minutes, self.now, history=True
            )
            measures.check_quality(rec.quality)
            night = sleep.Night(times, 0, 0, 0, rec.quality, rec.note)
            sleep._apply(entry, night, times_known=False)
        else:
            night = _night(rec, self.tz)
            sleep._check_night(night, now=self.now, history=True)
            sleep._apply(entry, night)
        if entry.day in self.nights:
            raise sleep.NightAlreadyLogged(entry.day, 0)
        self.nights.add(entry.day)
        return Staged(SleepEntry, bulk.values_of(entry), "", "")

    def symptom_ref(self, a: Action) -> str:
        rec: records.Symptom = a.record
        if a.values["new"]:
            ref = f"new:{rec.name}"
            if ref not in self.prepared.new_symptoms:
                _check_new_symptom(rec.name, self.symptom_refs.values())
                self.prepared.new_symptoms[ref] = rec.name
            return ref
        ref = a.values["target"].removeprefix("symptom:")
        if ref not in self.symptom_refs:
            if symptom_catalog.lookup(ref) is None:
                raise Invalid("Choose a symptom from the list.", "symptom")
            self.prepared.catalog_rows.add(ref)
        return ref

    def symptom(self, a: Action) -> Staged:
        rec: records.Symptom = a.record
        severity = _severity(rec.severity)
        row = self.dated(SymptomEntry, a.at, rec.note, severity=severity, medication_id=None)
        row.ref, row.ref_column = SYMPTOM + self.symptom_ref(a), "symptom_id"
        return row

    def dose(self, a: Action) -> Staged:
        event, ref = self.doses.check(a)
        return Staged(
            DoseEvent, bulk.values_of(event), ref=ref, ref_column="medication_id" if ref else None
        )

    def steps(self, a: Action) -> Staged:
        rec: records.Steps = a.record
        if not 0 <= rec.steps <= activity.MOST_STEPS:
            raise Invalid(f"Enter 0 to {activity.MOST_STEPS:,} steps.", "steps")
        at = localize(rec.day, activity.NOON, self.tz)
        return self.dated(ActivityEntry, at, None, kind="walking", minutes=0, intensity="light",
                          steps=rec.steps)  # fmt: skip

    def practice(self, a: Action) -> Staged:
        fields = activity.practice_fields(a.values["practice"], a.values["minutes"], True, None)
        return self.dated(PracticeEntry, a.at, getattr(a.record, "note", None), **fields)

    def activity(self, a: Action) -> Staged:
        rec = a.record
        fields = activity.activity_fields(
            a.values["kind"],
            a.values["minutes"],
            a.values["intensity"],
            getattr(rec, "steps", None),
        )
        return self.dated(ActivityEntry, a.at, getattr(rec, "note", None), **fields)

    def stage(self, a: Action) -> None:
        out = self.prepared.outcome
        try:
            row = getattr(self, a.kind)(a)
            row.key, row.kind = a.key, a.kind
            self.prepared.rows.append(row)
            out.added[a.kind] += 1
        except Invalid as exc:
            out.skipped.append(records.Skip(a.line, f"Left out: {exc.message.rstrip('.')}."))


def prepare(
    user: User, plan: Plan, *, now: datetime, progress: Callable[[int, int], None] | None = None
) -> Prepared:
    """Check every planned entry and build its row; reads only, so no write lock is taken.
    `progress(done, total)` hears how far it is."""
    stager = _Stager(user, now)
    total = len(plan.actions)
    for n, action in enumerate(plan.actions, 1):
        stager.stage(action)
        if progress is not None and (n % 500 == 0 or n == total):
            progress(n, total)
    prepared = stager.prepared
    prepared.doses = stager.doses
    if prepared.new_symptoms:
        prepared.outcome.added["own_symptom"] = len(prepared.new_symptoms)
    if stager.doses.new_medications:
        prepared.outcome.added["medication"] = len(stager.doses.new_medications)
    return prepared


def _symptoms(user: User, prepared: Prepared, batch: ImportBatch) -> tuple[dict, list]:
    """Create the symptom rows the entries need; their ids by ref, and their source keys."""
    rows = following.symptom_rows(user)
    ids = {SYMPTOM + following.ref_of(r): r.id for r in rows}
    kept = []
    for ref in sorted(prepared.catalog_rows):
        row = following.resolve(user, ref, "symptom", rows)
        db.session.flush()
        ids[SYMPTOM + ref] = row.id
        key = f"{batch.source}-symptom-row:{ref}"
        kept.append(bulk.source_key(user.id, batch.id, key, "symptoms", row.id))
    for ref, name in prepared.new_symptoms.items():
        row = following.add_symptom(user, name)
        ids[SYMPTOM + ref] = row.id
        key = f"{batch.source}-symptom:{name}"
        kept.append(bulk.source_key(user.id, batch.id, key, "symptoms", row.id))
    return ids, kept


def write(
    user: User,
    prepared: Prepared,
    batch: ImportBatch,
    *,
    now: datetime,
    encoded: list[bulk.Encoded] | None = None,
    staging: bulk.Staging | None = None,
) -> Outcome:
    """Write what `prepare` checked, with its rows `encoded` (and on SQLite `staging`d) before
    the write began; the batch must be flushed (it has an id); no commit."""
    outcome = Outcome(Counter(prepared.outcome.added), list(prepared.outcome.skipped))
    conn = db.session.connection()
    bulk.roomy(conn)
    if encoded is None:
        encoded = bulk.encode(prepared.rows, conn.dialect)
    ids, kept = _symptoms(user, prepared, batch)
    if prepared.doses is not None:
        med_ids, med_kept = doses.create_medications(user, prepared.doses, batch, now=now)
        ids, kept = ids | med_ids, kept + med_kept
    # The source keys of what the entries point at (symptoms, medications) are kept first:
    # undoing a batch deletes its rows newest first, entries before what they use.
    bulk.insert_rows(conn, bulk.RECORDS, list(bulk.RECORD_COLUMNS), kept)
    bulk.write_rows(conn, encoded, staging, ids, user_id=user.id, batch_id=batch.id)
    mark_moved(user, {enc.table.name for enc in encoded} | {"imported_records"})
    return outcome


def add_plan(user: User, plan: Plan, batch: ImportBatch, *, now: datetime) -> Outcome:
    """Check and add every planned entry (the batch must be flushed); no commit."""
    return write(user, prepare(user, plan, now=now), batch, now=now)
