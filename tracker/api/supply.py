"""A medication's supply: settings, the level and estimate, refills and counts (the same
services as the pages)."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from pydantic import BaseModel, Field

from tracker.api import core
from tracker.api.crud import Resource
from tracker.api.errors import ApiError
from tracker.api.medications import MED
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    PageQuery,
    one_of,
    page_of,
    paginate,
    text,
    whole,
)
from tracker.api.spec import ID, created
from tracker.medications import supply
from tracker.medications.models import SUPPLY_EVENT_KINDS, Medication, SupplyEvent
from tracker.medications.services import UNITS

TAG = "supply"
EVENT = f"{MED}/supply/events/<{ID}:supply_event_id>"
API = Resource({"med_id": Medication, "supply_event_id": SupplyEvent})


class SupplyIn(ApiIn):
    """Start tracking (needs `units_on_hand`) or change the settings (it is then ignored)."""

    unit_kind: one_of(list(supply.UNIT_KINDS))
    unit_size: float = Field(gt=0, le=100_000)  # of the size unit in one unit
    size_unit: one_of(UNITS) | None = None  # the medication's unit when left out
    warn_days: whole(0, 90) = supply.DEFAULT_WARN_DAYS
    units_on_hand: float | None = Field(default=None, ge=0, le=100_000)


class SupplyEventIn(ApiIn):
    kind: one_of(SUPPLY_EVENT_KINDS)  # refill: units added; count: the level was `units`
    units: float = Field(ge=0, le=100_000)
    at: Instant | None = None  # now when left out
    note: text(200) | None = None


class SupplyEventOut(ApiOut):
    id: int
    medication_id: int
    kind: str
    at: datetime
    tz: str
    units: float
    note: str | None
    created_at: datetime


class SupplyOut(ApiOut):
    """The settings with the level now and the estimate (no estimate: `problem` says why)."""

    medication_id: int
    tracked: bool
    unit_kind: str | None = None
    unit_size: float | None = None
    size_unit: str | None = None
    warn_days: int | None = None
    level: float | None = None  # units on hand now
    days_left: int | None = None
    runs_out_on: date | None = None
    until_stop: date | None = None  # enough until this planned or past stop
    basis: str | None = None  # "schedule", or "average" use of the last 28 days (as needed)
    per_day: float | None = None
    warn: bool = False  # days_left is within warn_days
    problem: str | None = None


SupplyEventPage = page_of(SupplyEventOut)


def _out(med: Medication) -> SupplyOut:
    user = core.user()
    row = supply.get_supply(user, med)
    if row is None:
        return SupplyOut(medication_id=med.id, tracked=False)
    status = supply.supply_status(user, med, now=core.now())
    assert status is not None  # noqa: S101 - tracked, so there is a status
    return SupplyOut(
        medication_id=med.id,
        tracked=True,
        unit_kind=row.unit_kind,
        unit_size=row.unit_size,
        size_unit=row.size_unit,
        warn_days=row.warn_days,
        level=status.level,
        days_left=status.days_left,
        runs_out_on=status.runs_out_on,
        until_stop=status.until_stop,
        basis=status.basis,
        per_day=status.per_day,
        warn=status.warn,
        problem=status.problem,
    )


@API.get(f"{MED}/supply", SupplyOut, tag=TAG)
def get_supply(med_id: int) -> SupplyOut:
    """The supply settings, the level now and about how many days it lasts."""
    return _out(core.load(Medication, med_id))


@API.post(f"{MED}/supply", SupplyOut, tag=TAG, status=200)
def set_supply(med_id: int, json: SupplyIn) -> SupplyOut:
    """Start tracking the supply, or change its settings."""
    med = core.load(Medication, med_id)
    fields = supply.SupplyFields(json.unit_kind, json.unit_size, json.size_unit, json.warn_days)
    supply.set_supply(core.user(), med, fields, units_on_hand=json.units_on_hand, now=core.now())
    return _out(med)


@API.get(f"{MED}/supply/events", SupplyEventPage, tag=TAG)
def list_supply_events(med_id: int, query: PageQuery) -> BaseModel:
    """The refills and counts, newest first."""
    rows = supply.list_events(core.user(), core.load(Medication, med_id))
    return paginate(SupplyEventPage, [r.event for r in rows], query, SupplyEventOut.model_validate)


@API.post(f"{MED}/supply/events", SupplyEventOut, tag=TAG)
def add_supply_event(med_id: int, json: SupplyEventIn) -> tuple:
    """Log a refill, or a count that sets the level at its instant (past ones correct it)."""
    med = core.load(Medication, med_id)
    event = supply.add_event(
        core.user(),
        med,
        kind=json.kind,
        units=json.units,
        at=json.at,
        note=json.note,
        now=core.now(),
    )
    location = url_for("api.list_supply_events", med_id=med.id)
    return created(SupplyEventOut.model_validate(event), location)


@API.delete(EVENT, tag=TAG)
def delete_supply_event(med_id: int, supply_event_id: int) -> tuple:
    """Delete a refill or a count (the only count stays: it starts the level)."""
    event = core.load(SupplyEvent, supply_event_id)
    if event.medication_id != med_id:  # another medication's event: not found here
        raise ApiError(404)
    supply.delete_event(core.user(), event)
    return "", 204
