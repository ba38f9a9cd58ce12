"""Activity sessions, wellness practices, caffeine and alcohol: the same services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from flask import url_for
from pydantic import BaseModel, Field

from tracker.activity import catalog, services
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.api import core
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    RangeQuery,
    Scale,
    one_of,
    page_of,
    paginate,
    text,
    unset,
    whole,
)
from tracker.api.spec import ID, created, delete, get, patch, post

TAG = "activity"
ACTIVITY = f"/activities/<{ID}:activity_id>"
PRACTICE = f"/practices/<{ID}:practice_id>"
SUBSTANCE = f"/substances/<{ID}:substance_id>"
KINDS = one_of(list(catalog.ACTIVITY_KINDS))
INTENSITIES = one_of(list(catalog.INTENSITIES))
PRACTICES = one_of(list(catalog.PRACTICES))
SUBSTANCES = one_of(list(catalog.SUBSTANCES))


class EntryOut(ApiOut):
    id: int
    at: datetime
    tz: str
    day: date  # the local day it is filed under
    note: str | None
    row_version: int


class ActivityOut(EntryOut):
    kind: str
    minutes: int
    intensity: str
    steps: int | None


class PracticeOut(EntryOut):
    practice: str
    minutes: int | None  # minute practices; null for yes/no ones (meals, water)
    done: bool
    helpful: int | None  # 0 not at all … 10 very


class SubstanceOut(EntryOut):
    substance: str
    amount: float  # caffeine in drinks, alcohol in standard units of 10 g


Minutes = whole(1, services.MOST_MINUTES)
Steps = whole(0, services.MOST_STEPS)
# Caffeine counts whole drinks (1-30), alcohol standard units in halves (0.5-50).
Drinks = Annotated[float, Field(ge=0.5, le=50, multiple_of=0.5)]
Note = text(services.NOTE_LIMIT)


class When(ApiIn):
    at: Instant | None = None  # now when left out
    note: Note | None = None


class ActivityIn(When):
    kind: KINDS
    minutes: Minutes
    intensity: INTENSITIES = "moderate"
    steps: Steps | None = None


class PracticeIn(When):
    """Minutes for a minute practice; none for a yes/no one, with `done`."""

    practice: PRACTICES
    minutes: Minutes | None = None
    done: bool = True
    helpful: Scale | None = None


class SubstanceIn(When):
    """Caffeine in whole drinks (1-30) or alcohol in standard units, halves allowed (0.5-50)."""

    substance: SUBSTANCES
    amount: Drinks


class Edit(When):
    at: Instant = unset()
    row_version: int | None = None  # a stale one is refused with 409


class ActivityPatch(Edit):
    kind: KINDS = unset()
    minutes: Minutes = unset()
    intensity: INTENSITIES = unset()
    steps: Steps | None = None


class PracticePatch(Edit):
    practice: PRACTICES = unset()
    minutes: Minutes | None = None
    done: bool = unset()
    helpful: Scale | None = None


class SubstancePatch(Edit):
    substance: SUBSTANCES = unset()
    amount: Drinks = unset()


ActivityPage = page_of(ActivityOut)
PracticePage = page_of(PracticeOut)
SubstancePage = page_of(SubstanceOut)


def _list(model: type, page: type[BaseModel], out: type[BaseModel], query: RangeQuery) -> Any:
    rows = core.in_days(
        query.start, query.end, lambda a, b: services.entries_between(model, core.user(), a, b)
    )
    return paginate(page, rows, query, out.model_validate)


def _record(record: Callable[..., Any], json: ApiIn) -> Any:
    return record(core.user(), **json.model_dump(), now=core.now())


def _edit(entry: Any, json: Edit, update: Callable[..., None], out: type[BaseModel]) -> Any:
    """The entry's current fields with the ones sent over them, through the page's service."""
    names = set(type(json).model_fields) - {"row_version"}
    current = {name: getattr(entry, name) for name in names}
    changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
    update(
        core.user(), entry, row_version=json.row_version, now=core.now(), **{**current, **changes}
    )
    return out.model_validate(entry)


# Activity sessions ---------------------------------------------------------------------------


@get("/activities", ActivityPage, tag=TAG)
def list_activities(query: RangeQuery) -> BaseModel:
    """Activity sessions of local days in a range (the last 30 by default), newest first."""
    return _list(ActivityEntry, ActivityPage, ActivityOut, query)


@post("/activities", ActivityOut, tag=TAG)
def record_activity(json: ActivityIn) -> tuple:
    """Log an activity session: kind, minutes, intensity, optional steps."""
    entry = _record(services.record_activity, json)
    return created(
        ActivityOut.model_validate(entry), url_for("api.get_activity", activity_id=entry.id)
    )


@get(ACTIVITY, ActivityOut, tag=TAG)
def get_activity(activity_id: int) -> ActivityOut:
    """One activity session."""
    return ActivityOut.model_validate(core.load(ActivityEntry, activity_id))


@patch(ACTIVITY, ActivityOut, tag=TAG)
def update_activity(activity_id: int, json: ActivityPatch) -> ActivityOut:
    """Edit an activity session."""
    entry = core.load(ActivityEntry, activity_id)
    return _edit(entry, json, services.update_activity, ActivityOut)


@delete(ACTIVITY, tag=TAG)
def delete_activity(activity_id: int) -> tuple:
    """Delete an activity session."""
    services.delete_activity(core.user(), core.load(ActivityEntry, activity_id))
    return "", 204


# Practices -----------------------------------------------------------------------------------


@get("/practices", PracticePage, tag=TAG)
def list_practices(query: RangeQuery) -> BaseModel:
    """Practices logged on local days in a range (the last 30 by default), newest first."""
    return _list(PracticeEntry, PracticePage, PracticeOut, query)


@post("/practices", PracticeOut, tag=TAG)
def record_practice(json: PracticeIn) -> tuple:
    """Log a practice: minutes (mindfulness, breathing …) or done (meals, water)."""
    entry = _record(services.record_practice, json)
    return created(
        PracticeOut.model_validate(entry), url_for("api.get_practice", practice_id=entry.id)
    )


@get(PRACTICE, PracticeOut, tag=TAG)
def get_practice(practice_id: int) -> PracticeOut:
    """One logged practice."""
    return PracticeOut.model_validate(core.load(PracticeEntry, practice_id))


@patch(PRACTICE, PracticeOut, tag=TAG)
def update_practice(practice_id: int, json: PracticePatch) -> PracticeOut:
    """Edit a logged practice."""
    entry = core.load(PracticeEntry, practice_id)
    return _edit(entry, json, services.update_practice, PracticeOut)


@delete(PRACTICE, tag=TAG)
def delete_practice(practice_id: int) -> tuple:
    """Delete a logged practice."""
    services.delete_practice(core.user(), core.load(PracticeEntry, practice_id))
    return "", 204


# Caffeine and alcohol ------------------------------------------------------------------------


@get("/substances", SubstancePage, tag=TAG)
def list_substances(query: RangeQuery) -> BaseModel:
    """Caffeine and alcohol of local days in a range (the last 30 by default), newest first."""
    return _list(SubstanceEntry, SubstancePage, SubstanceOut, query)


@post("/substances", SubstanceOut, tag=TAG)
def record_substance(json: SubstanceIn) -> tuple:
    """Log caffeine (drinks) or alcohol (standard units)."""
    entry = _record(services.record_substance, json)
    return created(
        SubstanceOut.model_validate(entry), url_for("api.get_substance", substance_id=entry.id)
    )


@get(SUBSTANCE, SubstanceOut, tag=TAG)
def get_substance(substance_id: int) -> SubstanceOut:
    """One caffeine or alcohol entry."""
    return SubstanceOut.model_validate(core.load(SubstanceEntry, substance_id))


@patch(SUBSTANCE, SubstanceOut, tag=TAG)
def update_substance(substance_id: int, json: SubstancePatch) -> SubstanceOut:
    """Edit a caffeine or alcohol entry."""
    entry = core.load(SubstanceEntry, substance_id)
    return _edit(entry, json, services.update_substance, SubstanceOut)


@delete(SUBSTANCE, tag=TAG)
def delete_substance(substance_id: int) -> tuple:
    """Delete a caffeine or alcohol entry."""
    services.delete_substance(core.user(), core.load(SubstanceEntry, substance_id))
    return "", 204
