"""Side effects and symptoms: the user's list (catalog and own, followed) and severity entries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from tracker.api import core
from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, between, crud
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    PageQuery,
    RecordId,
    Scale,
    name,
    page_of,
    paginate,
    text,
    unset,
)
from tracker.api.spec import created
from tracker.auth.models import User
from tracker.symptoms import following, services
from tracker.symptoms.models import SymptomEntry

TAG = "symptoms"
API = Resource({"symptom_entry_id": SymptomEntry})


class SymptomOut(ApiOut):
    """A symptom from the catalog or the user's own; entries name it by `ref`."""

    ref: str  # the catalog key, or "own<id>" for the user's own
    name: str
    description: str | None
    followed: bool  # shown on Today
    own: bool
    id: int | None  # None: a catalog symptom this user has never logged nor chosen


# A catalog key ("brain_fog") or the user's own symptom ("own12"), as GET /symptoms lists.
Ref = Annotated[str, Field(pattern=r"^(own[1-9][0-9]{0,9}|[a-z][a-z_]{0,39})$")]
Severity = Scale  # 0 = not present (checked), 10 = worst imaginable
Note = text(services.NOTE_LIMIT)
SymptomName = name(following.NAME_LIMIT)


class SymptomIn(ApiIn):
    """The user's own symptom; its name must be new to them and to the catalog."""

    name: SymptomName
    followed: bool = True


class FollowedIn(ApiIn):
    """Follow exactly these symptoms (refs); the others are no longer followed."""

    followed: list[Ref]


class EntryIn(ApiIn):
    """How strong a symptom was at a time up to now (now when left out)."""

    symptom: Ref  # a ref from GET /symptoms
    severity: Severity
    medication_id: RecordId | None = None  # the medication the user suspects
    note: Note | None = None
    at: Instant | None = None


class EntryPatch(ApiIn):
    """The fields to change; `row_version` refuses a stale edit with 409."""

    symptom: Ref = unset()
    severity: Severity = unset()
    medication_id: RecordId | None = None
    note: Note | None = None
    at: Instant = unset()
    row_version: int | None = None


class EntryOut(ApiOut):
    id: int
    at: datetime
    day: date  # the local day it is filed under
    symptom: str  # its name as shown
    symptom_ref: str
    severity: int
    medication_id: int | None
    medication: str | None
    note: str | None
    row_version: int


SymptomPage = page_of(SymptomOut)
EntryPage = page_of(EntryOut)


def _all(query: PageQuery | None = None) -> BaseModel:
    rows = following.all_symptoms(core.user())
    return paginate(SymptomPage, rows, query or PageQuery(), SymptomOut.model_validate)


@API.get("/symptoms", SymptomPage, tag=TAG)
def list_symptoms(query: PageQuery) -> BaseModel:
    """Every catalog symptom and the user's own, followed ones first."""
    return _all(query)


@API.post("/symptoms", SymptomOut, tag=TAG)
def add_symptom(json: SymptomIn) -> tuple:
    """Add a symptom of your own to the list."""
    row = following.add_symptom(core.user(), json.name, followed=json.followed, field="name")
    ref = following.ref_of(row)
    view = next(v for v in following.all_symptoms(core.user()) if v.ref == ref)
    return created(SymptomOut.model_validate(view))


@API.post("/symptoms/followed", SymptomPage, tag=TAG, status=200)
def set_followed(json: FollowedIn) -> BaseModel:
    """Choose which symptoms Today shows; answers the whole list (first page)."""
    following.update_settings(core.user(), followed=json.followed)
    return _all()


def _out(entry: SymptomEntry) -> EntryOut:
    return EntryOut.model_validate(services.entry_row(core.user(), entry))


def _log(user: User, json: EntryIn, now: datetime) -> SymptomEntry:
    return services.log_symptom(user, services.EntryFields(**json.model_dump()), now=now)


def _update(user: User, entry: SymptomEntry, json: EntryPatch, now: datetime) -> None:
    row = services.entry_row(user, entry)
    current = {
        "symptom": row.symptom_ref,
        "severity": row.severity,
        "medication_id": row.medication_id,
        "note": row.note,
        "at": row.at,
    }
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    fields = services.EntryFields(**{**current, **changes})
    services.update_entry(user, entry, fields, now=now, row_version=json.row_version)


crud(
    API,
    Crud(TAG, "/symptom-entries", "symptom_entry_id", SymptomEntry, EntryOut, _out),
    listing=Listing(
        "list_symptom_entries",
        "Entries filed on local days in a range (the last 30 by default), newest first.",
        EntryPage,
        between(services.entries_between),
        EntryOut.model_validate,
    ),
    create=Create(
        "log_symptom",
        "Log how strong a symptom was (0 is information: checked, not present).",
        EntryIn,
        _log,
    ),
    read=Operation("get_symptom_entry", "One entry."),
    update=Update(
        "update_symptom_entry",
        "Edit an entry: symptom, severity, suspected medication, note, time.",
        EntryPatch,
        _update,
    ),
    delete=Operation("delete_symptom_entry", "Delete an entry."),
)
