"""Lab results in the JSON API: list, get, log, change, delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, crud
from tracker.api.schema import ApiIn, ApiOut, Instant, PageQuery, one_of, page_of, text
from tracker.auth.models import User
from tracker.labs import catalog, services
from tracker.labs.models import LabResult

TAG = "labs"
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


def _rows(user: User, query: PageQuery) -> list[LabResult]:
    return services.list_labs(user)


def _record(user: User, json: LabIn, now: datetime) -> LabResult:
    return services.record_lab(user, services.LabFields(**json.model_dump()), now=now)


def _update(user: User, entry: LabResult, json: LabPatch, now: datetime) -> None:
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = replace(services.lab_fields(entry), **changes)
    services.update_lab(user, entry, fields, row_version=json.row_version, now=now)


API = Resource({"lab_id": LabResult})
crud(
    API,
    Crud(TAG, "/labs", "lab_id", LabResult, LabOut, _out),
    listing=Listing(
        "list_labs", "Every lab result, newest first.", LabPage, _rows, _out, query=PageQuery
    ),
    create=Create("record_lab", "Log a lab result.", LabIn, _record),
    read=Operation("get_lab", "One lab result."),
    update=Update("update_lab", "Change a lab result.", LabPatch, _update),
    delete=Operation("delete_lab", "Delete a lab result."),
)
