"""Vitals in the JSON API: list, get, log, change, delete (the weight as entered, in its unit)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, crud
from tracker.api.schema import ApiIn, ApiOut, Instant, PageQuery, one_of, page_of, text
from tracker.auth.models import User
from tracker.vitals import services
from tracker.vitals.models import VitalSign

TAG = "vitals"
UNITS = one_of(list(services.UNITS))
# Shapes only; the ranges (weight 20–350 kg, systolic above diastolic, ...) are the service's.
Weight = Annotated[float, Field(gt=0, le=1000)]
Reading = Annotated[int, Field(ge=0, le=1000)]
Note = text(services.NOTE_LIMIT)


class VitalsOut(ApiOut):
    id: int
    at: datetime
    tz: str
    day: date
    weight: float | None  # as entered, in weight_unit
    weight_unit: str | None  # "kg" or "lb"
    systolic: int | None  # mmHg
    diastolic: int | None
    pulse: int | None  # beats/min, with the blood pressure
    heart_rate: int | None  # resting, beats/min
    note: str | None
    row_version: int


class VitalsIn(ApiIn):
    """Any of the measures, at least one; `weight_unit` defaults to the user's setting."""

    at: Instant | None = None
    weight: Weight | None = None
    weight_unit: UNITS | None = None
    systolic: Reading | None = None
    diastolic: Reading | None = None
    pulse: Reading | None = None
    heart_rate: Reading | None = None
    note: Note | None = None


class VitalsPatch(ApiIn):
    """The fields to change (null clears a measure); `row_version` refuses a stale edit."""

    at: Instant = Field(None)
    weight: Weight | None = None
    weight_unit: UNITS | None = None
    systolic: Reading | None = None
    diastolic: Reading | None = None
    pulse: Reading | None = None
    heart_rate: Reading | None = None
    note: Note | None = None
    row_version: int | None = None


VitalsPage = page_of(VitalsOut)


def _rows(user: User, query: PageQuery) -> list[VitalSign]:
    return services.list_vitals(user)


def _record(user: User, json: VitalsIn, now: datetime) -> VitalSign:
    return services.record_vitals(user, services.VitalFields(**json.model_dump()), now=now)


def _update(user: User, entry: VitalSign, json: VitalsPatch, now: datetime) -> None:
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.vital_fields(entry), **changes)
    services.update_vitals(user, entry, fields, row_version=json.row_version, now=now)


API = Resource({"vital_id": VitalSign})
crud(
    API,
    Crud(TAG, "/vitals", "vital_id", VitalSign, VitalsOut),
    listing=Listing(
        "list_vitals",
        "Every vitals entry, newest first.",
        VitalsPage,
        _rows,
        VitalsOut.model_validate,
        query=PageQuery,
    ),
    create=Create(
        "record_vitals", "Log a weight, a blood pressure or a heart rate.", VitalsIn, _record
    ),
    read=Operation("get_vitals", "One vitals entry."),
    update=Update("update_vitals", "Change a vitals entry.", VitalsPatch, _update),
    delete=Operation("delete_vitals", "Delete a vitals entry."),
)
