"""Vitals in the JSON API: list, get, log, change, delete (the weight as entered, in its unit)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Annotated

from flask import url_for
from pydantic import BaseModel, Field

from tracker.api import core
from tracker.api.schema import ApiIn, ApiOut, Instant, PageQuery, one_of, page_of, paginate, text
from tracker.api.spec import ID, created, delete, get, patch, post
from tracker.vitals import services
from tracker.vitals.models import VitalSign

TAG = "vitals"
ONE = f"/vitals/<{ID}:vital_id>"
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


@get("/vitals", VitalsPage, tag=TAG)
def list_vitals(query: PageQuery) -> BaseModel:
    """Every vitals entry, newest first."""
    rows = services.list_vitals(core.user())
    return paginate(VitalsPage, rows, query, VitalsOut.model_validate)


@post("/vitals", VitalsOut, tag=TAG)
def record_vitals(json: VitalsIn) -> tuple:
    """Log a weight, a blood pressure or a heart rate."""
    fields = services.VitalFields(**json.model_dump())
    entry = services.record_vitals(core.user(), fields, now=core.now())
    return created(VitalsOut.model_validate(entry), url_for("api.get_vitals", vital_id=entry.id))


@get(ONE, VitalsOut, tag=TAG)
def get_vitals(vital_id: int) -> VitalsOut:
    """One vitals entry."""
    return VitalsOut.model_validate(core.load(VitalSign, vital_id))


@patch(ONE, VitalsOut, tag=TAG)
def update_vitals(vital_id: int, json: VitalsPatch) -> VitalsOut:
    """Change a vitals entry."""
    entry = core.load(VitalSign, vital_id)
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.vital_fields(entry), **changes)
    services.update_vitals(core.user(), entry, fields, row_version=json.row_version, now=core.now())
    return VitalsOut.model_validate(entry)


@delete(ONE, tag=TAG)
def delete_vitals(vital_id: int) -> tuple:
    """Delete a vitals entry."""
    services.delete_vitals(core.user(), core.load(VitalSign, vital_id))
    return "", 204
