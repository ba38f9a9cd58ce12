"""Activity sessions, wellness practices, caffeine and alcohol: the same services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field

from tracker.activity import catalog, services
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, between, crud
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    Scale,
    one_of,
    page_of,
    text,
    unset,
    whole,
)
from tracker.auth.models import User

TAG = "activity"
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


def _record(record: Callable[..., Any]) -> Callable[[User, ApiIn, datetime], Any]:
    return lambda user, json, now: record(user, **json.model_dump(), now=now)


def _edit(update: Callable[..., None]) -> Callable[[User, Any, Edit, datetime], None]:
    """The entry's current fields with the ones sent over them, through the page's service."""

    def edit(user: User, entry: Any, json: Edit, now: datetime) -> None:
        names = set(type(json).model_fields) - {"row_version"}
        current = {name: getattr(entry, name) for name in names}
        changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
        update(user, entry, row_version=json.row_version, now=now, **{**current, **changes})

    return edit


def _between(model: type) -> Callable[..., Any]:
    return between(lambda user, first, last: services.entries_between(model, user, first, last))


API = Resource(
    {"activity_id": ActivityEntry, "practice_id": PracticeEntry, "substance_id": SubstanceEntry}
)
crud(
    API,
    Crud(TAG, "/activities", "activity_id", ActivityEntry, ActivityOut),
    listing=Listing(
        "list_activities",
        "Activity sessions of local days in a range (the last 30 by default), newest first.",
        ActivityPage,
        _between(ActivityEntry),
        ActivityOut.model_validate,
    ),
    create=Create(
        "record_activity",
        "Log an activity session: kind, minutes, intensity, optional steps.",
        ActivityIn,
        _record(services.record_activity),
    ),
    read=Operation("get_activity", "One activity session."),
    update=Update(
        "update_activity",
        "Edit an activity session.",
        ActivityPatch,
        _edit(services.update_activity),
    ),
    delete=Operation("delete_activity", "Delete an activity session."),
)
crud(
    API,
    Crud(TAG, "/practices", "practice_id", PracticeEntry, PracticeOut),
    listing=Listing(
        "list_practices",
        "Practices logged on local days in a range (the last 30 by default), newest first.",
        PracticePage,
        _between(PracticeEntry),
        PracticeOut.model_validate,
    ),
    create=Create(
        "record_practice",
        "Log a practice: minutes (mindfulness, breathing …) or done (meals, water).",
        PracticeIn,
        _record(services.record_practice),
    ),
    read=Operation("get_practice", "One logged practice."),
    update=Update(
        "update_practice",
        "Edit a logged practice.",
        PracticePatch,
        _edit(services.update_practice),
    ),
    delete=Operation("delete_practice", "Delete a logged practice."),
)
crud(
    API,
    Crud(TAG, "/substances", "substance_id", SubstanceEntry, SubstanceOut),
    listing=Listing(
        "list_substances",
        "Caffeine and alcohol of local days in a range (the last 30 by default), newest first.",
        SubstancePage,
        _between(SubstanceEntry),
        SubstanceOut.model_validate,
    ),
    create=Create(
        "record_substance",
        "Log caffeine (drinks) or alcohol (standard units).",
        SubstanceIn,
        _record(services.record_substance),
    ),
    read=Operation("get_substance", "One caffeine or alcohol entry."),
    update=Update(
        "update_substance",
        "Edit a caffeine or alcohol entry.",
        SubstancePatch,
        _edit(services.update_substance),
    ),
    delete=Operation("delete_substance", "Delete a caffeine or alcohol entry."),
)
