"""Lab results in the JSON API: list, get, log, change, delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Annotated

from flask import url_for
from pydantic import BaseModel, Field

from tracker.api import core
from tracker.api.schema import ApiIn, ApiOut, Instant, PageQuery, one_of, page_of, paginate, text
from tracker.api.spec import ID, created, delete, get, patch, post
from tracker.labs import catalog, services
from tracker.labs.models import LabResult

TAG = "labs"
ONE = f"/labs/<{ID}:lab_id>"
TESTS = one_of(list(catalog.BY_KEY))
# Shapes only; the rules (0 or more, low ≤ high, the dose before the draw) are the service's.
Number = Annotated[float, Field(ge=0, le=services.MAX_VALUE)]
Name = text(services.NAME_LIMIT)
Unit = text(services.UNIT_LIMIT)
Note = text(services.NOTE_LIMIT)


class LabOut(ApiOut):
    id: int
    at: datetime  # when the blood was drawn
    tz: str
    day: date
    test: str | None  # a catalog key; null: `name` names the test
    name: str | None
    value: float
    unit: str
    ref_low: float | None  # the lab's range as printed, same unit
    ref_high: float | None
    last_dose_at: datetime | None
    outside_range: bool  # outside the lab's own range (never a judgement of ours)
    note: str | None
    row_version: int


def _out(entry: LabResult) -> LabOut:
    return LabOut.model_validate(entry)


class LabIn(ApiIn):
    """A catalog `test` (its usual unit when `unit` is left out) or a `name` with a `unit`."""

    test: TESTS | None = None
    name: Name | None = None
    value: Number
    unit: Unit | None = None
    ref_low: Number | None = None
    ref_high: Number | None = None
    last_dose_at: Instant | None = None
    at: Instant | None = None
    note: Note | None = None


class LabPatch(ApiIn):
    """The fields to change; `row_version` refuses a stale edit with 409."""

    test: TESTS | None = None
    name: Name | None = None
    value: Number = Field(None)
    unit: Unit = Field(None)
    ref_low: Number | None = None
    ref_high: Number | None = None
    last_dose_at: Instant | None = None
    at: Instant = Field(None)
    note: Note | None = None
    row_version: int | None = None


LabPage = page_of(LabOut)


@get("/labs", LabPage, tag=TAG)
def list_labs(query: PageQuery) -> BaseModel:
    """Every lab result, newest first."""
    return paginate(LabPage, services.list_labs(core.user()), query, _out)


@post("/labs", LabOut, tag=TAG)
def record_lab(json: LabIn) -> tuple:
    """Log a lab result."""
    entry = services.record_lab(
        core.user(), services.LabFields(**json.model_dump()), now=core.now()
    )
    return created(_out(entry), url_for("api.get_lab", lab_id=entry.id))


@get(ONE, LabOut, tag=TAG)
def get_lab(lab_id: int) -> LabOut:
    """One lab result."""
    return _out(core.load(LabResult, lab_id))


@patch(ONE, LabOut, tag=TAG)
def update_lab(lab_id: int, json: LabPatch) -> LabOut:
    """Change a lab result."""
    entry = core.load(LabResult, lab_id)
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.lab_fields(entry), **changes)
    services.update_lab(core.user(), entry, fields, row_version=json.row_version, now=core.now())
    return _out(entry)


@delete(ONE, tag=TAG)
def delete_lab(lab_id: int) -> tuple:
    """Delete a lab result."""
    services.delete_lab(core.user(), core.load(LabResult, lab_id))
    return "", 204
