"""Doses: a medication's dose history, marking scheduled doses, as-needed doses, edit, delete."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from pydantic import BaseModel, Field

from tracker import entries
from tracker.api import core
from tracker.api.crud import Resource
from tracker.api.medications import MED
from tracker.api.schema import (
    Amount,
    ApiIn,
    ApiOut,
    Day,
    Instant,
    LocalTime,
    RangeQuery,
    Scale,
    one_of,
    page_of,
    paginate,
    text,
    unset,
)
from tracker.api.spec import ID, created
from tracker.medications import doses
from tracker.medications.as_needed import record_as_needed
from tracker.medications.history import dose_history
from tracker.medications.models import DoseEvent, Medication
from tracker.medications.plan import STATUS_LABELS

TAG = "doses"
DOSE = f"/doses/<{ID}:dose_id>"
API = Resource({"dose_id": DoseEvent})
ACTIONS = ("taken", "skipped")


class DoseOut(ApiOut):
    """A logged dose. A scheduled one names its slot by local date and time."""

    id: int
    medication_id: int
    scheduled_date: date | None  # None for an as-needed dose
    scheduled_time: LocalTime | None
    action: str  # taken or skipped
    taken_at: datetime | None
    tz: str  # the IANA zone the user was in
    amount: float | None
    reason: str | None
    note: str | None
    helped: int | None  # as-needed: 0 (not at all) to 10 (completely)
    over_limit: str | None  # the limit an as-needed dose passed, when confirmed anyway
    created_at: datetime
    row_version: int


class HistoryRowOut(ApiOut):
    """One dose of the history: a scheduled slot (recorded or not) or a logged dose."""

    day: date
    scheduled: datetime | None  # the slot's instant; None for an as-needed dose
    at: LocalTime | None
    amount: float | None
    status: one_of([*STATUS_LABELS, "taken"])
    dose: DoseOut | None = Field(validation_alias="event")  # None: nothing recorded


HistoryQuery = RangeQuery  # ?start=&end=, the 30 days up to today by default


Reason = text(200)
Note = text(2000)


class ScheduledDoseIn(ApiIn):
    """Mark one scheduled dose; a slot already marked keeps its first record."""

    day: Day  # the local date of the slot
    at: LocalTime  # the slot's time of day, as in the schedule
    action: one_of(ACTIONS)
    taken_at: Instant | None = None  # now when left out
    amount: Amount | None = None  # the planned amount when left out
    reason: Reason | None = None
    note: Note | None = None


class AsNeededDoseIn(ApiIn):
    """An as-needed dose; one that passes a limit is refused with 409 unless `confirm`."""

    taken_at: Instant | None = None
    amount: Amount | None = None  # the usual amount when left out
    reason: Reason | None = None
    note: Note | None = None
    confirm: bool = False


class DosePatch(ApiIn):
    """The fields to change; `row_version` refuses a stale edit with 409."""

    action: one_of(ACTIONS) = unset()
    taken_at: Instant | None = None
    amount: Amount | None = None
    reason: Reason | None = None
    note: Note | None = None
    helped: Scale | None = None
    row_version: int | None = None


HistoryPage = page_of(HistoryRowOut)


def _created(event: DoseEvent) -> tuple:
    return created(DoseOut.model_validate(event), url_for("api.get_dose", dose_id=event.id))


@API.get(f"{MED}/doses", HistoryPage, tag=TAG)
def list_doses(med_id: int, query: HistoryQuery) -> BaseModel:
    """Every dose of a medication in a range of local days, missed ones included, newest first."""
    med = core.load(Medication, med_id)
    rows = core.in_days(
        query.start,
        query.end,
        lambda a, b: dose_history(core.user(), med, first=a, last=b, now=core.now()),
    )
    return paginate(HistoryPage, rows, query, HistoryRowOut.model_validate)


@API.post(f"{MED}/doses/scheduled", DoseOut, tag=TAG)
def record_scheduled_dose(med_id: int, json: ScheduledDoseIn) -> tuple:
    """Mark a scheduled dose taken or skipped."""
    event = doses.record_scheduled(
        core.user(),
        core.load(Medication, med_id),
        day=json.day,
        at=json.at,
        action=json.action,
        taken_at=json.taken_at,
        amount=json.amount,
        reason=json.reason,
        note=json.note,
        now=core.now(),
    )
    return _created(event)


@API.post(f"{MED}/doses/as-needed", DoseOut, tag=TAG)
def record_as_needed_dose(med_id: int, json: AsNeededDoseIn) -> tuple:
    """Log an as-needed dose; past its 24-hour maximum or minimum interval it needs `confirm`."""
    now = core.now()
    event = record_as_needed(
        core.user(),
        core.load(Medication, med_id),
        taken_at=json.taken_at or now,
        amount=json.amount,
        reason=json.reason,
        note=json.note,
        confirmed=json.confirm,
        now=now,
    )
    return _created(event)


@API.get(DOSE, DoseOut, tag=TAG)
def get_dose(dose_id: int) -> DoseOut:
    """One logged dose."""
    return DoseOut.model_validate(core.load(DoseEvent, dose_id))


@API.patch(DOSE, DoseOut, tag=TAG)
def update_dose(dose_id: int, json: DosePatch) -> DoseOut:
    """Edit a logged dose: status, time, amount, reason, note, how much it helped."""
    event = core.load(DoseEvent, dose_id)
    current = {
        "action": event.action,
        "taken_at": event.taken_at,
        "amount": event.amount,
        "reason": event.reason,
        "note": event.note,
        "helped": event.helped,
    }
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    version = event.row_version if json.row_version is None else json.row_version
    doses.update_dose(
        core.user(), event, row_version=version, now=core.now(), **{**current, **changes}
    )
    return DoseOut.model_validate(event)


@API.delete(DOSE, tag=TAG)
def delete_dose(dose_id: int) -> tuple:
    """Delete a logged dose (a scheduled one becomes unrecorded again)."""
    entries.delete_entry(core.user(), DoseEvent, dose_id)
    return "", 204
