"""Medications, their schedule versions and adherence: the same services as the pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from flask import url_for
from pydantic import BaseModel, Field

from tracker.api import core
from tracker.api.crud import Resource
from tracker.api.schema import (
    Amount,
    ApiIn,
    ApiOut,
    Day,
    LocalTime,
    PageQuery,
    name,
    one_of,
    page_of,
    paginate,
    text,
    unset,
    whole,
)
from tracker.api.spec import ID, created
from tracker.medications import catalog, services
from tracker.medications.history import medication_summary
from tracker.medications.models import STOP_REASONS, Medication
from tracker.medications.services import UNITS

TAG = "medications"
MED = f"/medications/<{ID}:med_id>"
API = Resource({"med_id": Medication})


class DoseTime(ApiIn):
    """One time of day of a schedule, with its amount in the medication's unit."""

    at: LocalTime
    amount: Amount


class DoseTimeOut(ApiOut):
    at: LocalTime
    amount: float


MedName = name(100)
Purpose = text(200)
Prescriber = text(100)
Notes = text(2000)
Interval = whole(1, 2880)  # minutes between as-needed doses, up to two days


class MedicationIn(ApiIn):
    """A new medication; a scheduled one needs its first schedule in `doses`."""

    name: MedName
    drug_class: one_of([*catalog.CLASSES, "other"]) | None = None
    form: one_of(catalog.FORMS) | None = None
    strength: Amount | None = None
    unit: one_of(UNITS) = "mg"
    as_needed: bool = False
    purpose: Purpose | None = None
    prescriber: Prescriber | None = None
    started_on: Day | None = None  # today when left out
    default_amount: Amount | None = None
    max_per_24h: Amount | None = None  # as-needed only, in `unit` per rolling 24 hours
    min_interval_minutes: Interval | None = None  # as-needed only
    notes: Notes | None = None
    doses: list[DoseTime] = []


class MedicationPatch(ApiIn):
    """The fields to change (the others stay); `row_version` refuses a stale edit with 409."""

    name: MedName = unset()
    drug_class: one_of([*catalog.CLASSES, "other"]) | None = None
    form: one_of(catalog.FORMS) | None = None
    strength: Amount | None = None
    unit: one_of(UNITS) = unset()
    as_needed: bool = unset()
    purpose: Purpose | None = None
    prescriber: Prescriber | None = None
    started_on: Day = unset()
    default_amount: Amount | None = None
    max_per_24h: Amount | None = None
    min_interval_minutes: Interval | None = None
    notes: Notes | None = None
    row_version: int | None = None


class MedicationOut(ApiOut):
    id: int
    name: str
    drug_class: str | None
    form: str | None
    strength: float | None
    unit: str
    as_needed: bool
    purpose: str | None
    prescriber: str | None
    started_on: date
    stopped_on: date | None  # the first day without it
    stop_reason: str | None
    default_amount: float | None
    max_per_24h: float | None
    min_interval_minutes: int | None
    notes: str | None
    created_at: datetime
    row_version: int
    current_doses: list[DoseTimeOut] | None = None  # the schedule in effect today


class StopIn(ApiIn):
    stopped_on: Day  # the first day without it
    stop_reason: one_of(STOP_REASONS)


class ScheduleIn(ApiIn):
    """A change from `effective_from`: days before it keep their schedule."""

    effective_from: Day
    doses: list[DoseTime] = Field(min_length=1)
    note: Purpose | None = None


class ScheduleVersionOut(ApiOut):
    id: int
    effective_from: Day
    kind: str  # start, change or taper
    label: str  # "Increase: 50 → 100 mg a day"
    doses: list[DoseTimeOut]
    note: str | None
    planned: bool  # starts after today


class AdherenceOut(ApiOut):
    scheduled: int
    taken: int
    on_time: int
    late: int
    early: int
    skipped: int
    missed: int
    longest_gap_doses: int
    longest_gap_hours: float | None
    pct_taken: float | None
    pct_on_time: float | None


class AdherenceSummaryOut(ApiOut):
    """Adherence over 30 and 90 days (scheduled), or as-needed use over 30 days."""

    medication_id: int
    adherence_30: AdherenceOut | None
    adherence_90: AdherenceOut | None
    as_needed_30: int | None
    as_needed_over_limit_30: int | None
    method: str | None


MedicationPage = page_of(MedicationOut)
ScheduleVersionPage = page_of(ScheduleVersionOut)


def medication_out(med: Medication) -> MedicationOut:
    """A medication as the API shows it, with today's doses."""
    out = MedicationOut.model_validate(med)
    version = None if med.as_needed else services.current_version(med, core.today())
    if version is not None:
        out.current_doses = [DoseTimeOut.model_validate(d) for d in version.doses]
    return out


def _doses(rows: list[DoseTime]) -> list[tuple[time, float]]:
    return [(d.at, d.amount) for d in rows]


def _fields(body: BaseModel) -> services.MedicationFields:
    return services.MedicationFields(**body.model_dump(exclude={"doses"}))


@API.get("/medications", MedicationPage, tag=TAG)
def list_medications(query: PageQuery) -> BaseModel:
    """The user's medications, current ones first, then by name."""
    meds = services.list_medications(core.user())
    return paginate(MedicationPage, meds, query, medication_out)


@API.post("/medications", MedicationOut, tag=TAG)
def create_medication(json: MedicationIn) -> tuple:
    """Add a medication; a scheduled one starts with the schedule in `doses`."""
    med = services.create_medication(
        core.user(), _fields(json), doses=_doses(json.doses), today=core.today(), now=core.now()
    )
    return created(medication_out(med), url_for("api.get_medication", med_id=med.id))


@API.get(MED, MedicationOut, tag=TAG)
def get_medication(med_id: int) -> MedicationOut:
    """One medication."""
    return medication_out(core.load(Medication, med_id))


@API.patch(MED, MedicationOut, tag=TAG)
def update_medication(med_id: int, json: MedicationPatch) -> MedicationOut:
    """Change what a medication is; its schedule changes only through schedule versions."""
    med = core.load(Medication, med_id)
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.medication_fields(med), **changes)
    services.update_medication(core.user(), med, fields, row_version=json.row_version)
    return medication_out(med)


@API.post(f"{MED}/stop", MedicationOut, tag=TAG, status=200)
def stop_medication(med_id: int, json: StopIn) -> MedicationOut:
    """Stop from `stopped_on` with a reason; planned versions after it are dropped."""
    med = core.load(Medication, med_id)
    services.stop_medication(
        core.user(), med, stopped_on=json.stopped_on, reason=json.stop_reason, today=core.today()
    )
    return medication_out(med)


@API.get(f"{MED}/schedule-versions", ScheduleVersionPage, tag=TAG)
def list_schedule_versions(med_id: int, query: PageQuery) -> BaseModel:
    """The schedule's versions, newest first, each labelled with its change."""
    rows = services.version_history(core.load(Medication, med_id), today=core.today())
    return paginate(ScheduleVersionPage, rows, query, ScheduleVersionOut.model_validate)


@API.post(f"{MED}/schedule-versions", ScheduleVersionOut, tag=TAG)
def add_schedule_version(med_id: int, json: ScheduleIn) -> tuple:
    """Change the schedule from a date; earlier days keep their plan."""
    med, today = core.load(Medication, med_id), core.today()
    version = services.change_schedule(
        core.user(),
        med,
        effective_from=json.effective_from,
        doses=_doses(json.doses),
        note=json.note,
        today=today,
        now=core.now(),
    )
    row = next(r for r in services.version_history(med, today=today) if r.id == version.id)
    return created(ScheduleVersionOut.model_validate(row))


@API.get(f"{MED}/adherence", AdherenceSummaryOut, tag=TAG)
def medication_adherence(med_id: int) -> AdherenceSummaryOut:
    """Adherence over the last 30 and 90 days, with the method used."""
    med = core.load(Medication, med_id)
    summary = medication_summary(core.user(), med, today=core.today(), now=core.now())
    return AdherenceSummaryOut(medication_id=med.id, **vars(summary))
