"""Activity sessions, wellness practices, caffeine and alcohol: the same services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field

from tracker.activity import catalog, own, services
from tracker.activity.models import ActivityEntry, OwnPractice, PracticeEntry, SubstanceEntry
from tracker.api import core
from tracker.api.crud import Create, Crud, Listing, Operation, Resource, Update, between, crud
from tracker.api.schema import (
    ApiIn,
    ApiOut,
    Instant,
    PageQuery,
    Scale,
    name,
    one_of,
    page_of,
    text,
    unset,
    whole,
)
from tracker.api.spec import ID
from tracker.auth.models import User

TAG = "activity"
KINDS = one_of(list(catalog.ACTIVITY_KINDS))
INTENSITIES = one_of(list(catalog.INTENSITIES))
PRACTICES = one_of(list(catalog.PRACTICES))
SUBSTANCES = one_of(list(catalog.SUBSTANCES))
MODES = one_of(list(catalog.MODES))


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
    practice: str | None  # a catalog key, or null for an own practice
    own_practice_id: int | None  # the own practice (GET /own-practices), or null
    label: str  # the practice's name, catalog or own
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
    """A catalog `practice` or an `own_practice_id`, not both. Minutes for a minute practice;
    none for a yes/no one, with `done`."""

    practice: PRACTICES | None = None
    own_practice_id: int | None = None
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
    """`practice` or `own_practice_id` sent alone replaces the other (it becomes null)."""

    practice: PRACTICES | None = unset()
    own_practice_id: int | None = unset()
    minutes: Minutes | None = None
    done: bool = unset()
    helpful: Scale | None = None


class SubstancePatch(Edit):
    substance: SUBSTANCES = unset()
    amount: Drinks = unset()


class OwnPracticeOut(ApiOut):
    id: int
    name: str
    mode: str  # minutes, or yes_no
    hint: str | None
    followed: bool  # shown on Today


PracticeName = name(own.NAME_LIMIT)
Hint = text(own.HINT_LIMIT)


class OwnPracticeIn(ApiIn):
    """A practice of your own: a name (unique, not a catalog practice's), minutes or yes/no."""

    name: PracticeName
    mode: MODES
    hint: Hint | None = None
    followed: bool = True


class OwnPracticePatch(ApiIn):
    name: PracticeName = unset()
    mode: MODES = unset()  # only while the practice has no entries
    hint: Hint | None = None
    followed: bool = unset()


ActivityPage = page_of(ActivityOut)
PracticePage = page_of(PracticeOut)
SubstancePage = page_of(SubstanceOut)
OwnPracticePage = page_of(OwnPracticeOut)


def _record(record: Callable[..., Any]) -> Callable[[User, ApiIn, datetime], Any]:
    return lambda user, json, now: record(user, **json.model_dump(), now=now)


def _edit(
    update: Callable[..., None], together: tuple[str, ...] = ()
) -> Callable[[User, Any, Any, datetime], None]:
    """The entry's current fields with the ones sent over them, through the page's service;
    one of `together` sent clears the others not sent (a practice is a key or an own one)."""

    def edit(user: User, entry: Any, json: Any, now: datetime) -> None:
        names = set(type(json).model_fields) - {"row_version"}
        current = {name: getattr(entry, name) for name in names}
        changes = json.model_dump(exclude_unset=True, exclude={"row_version"})
        if changes.keys() & set(together):
            current |= dict.fromkeys(together)
        update(user, entry, row_version=json.row_version, now=now, **{**current, **changes})

    return edit


def _between(model: type) -> Callable[..., Any]:
    return between(lambda user, first, last: services.entries_between(model, user, first, last))


API = Resource(
    {
        "activity_id": ActivityEntry,
        "practice_id": PracticeEntry,
        "substance_id": SubstanceEntry,
        "own_practice_id": OwnPractice,
    }
)


def _entries(
    one: str,
    many: str,
    model: type,
    answer: type[ApiOut],
    body: type[ApiIn],
    patch: type[Edit],
    docs: dict[str, str],
    *,
    path: str | None = None,
    together: tuple[str, ...] = (),
) -> None:
    """One kind of the activity's entries at /<many>: list, record, get, update, delete,
    through the services `record_<one>` and `update_<one>`, each documented by `docs`."""
    crud(
        API,
        Crud(TAG, path or f"/{many}", f"{one}_id", model, answer),
        listing=Listing(
            f"list_{many}", docs["list"], page_of(answer), _between(model), answer.model_validate
        ),
        create=Create(
            f"record_{one}", docs["record"], body, _record(getattr(services, f"record_{one}"))
        ),
        read=Operation(f"get_{one}", docs["get"]),
        update=Update(
            f"update_{one}",
            docs["update"],
            patch,
            _edit(getattr(services, f"update_{one}"), together),
        ),
        delete=Operation(f"delete_{one}", docs["delete"]),
    )


_entries(
    "activity",
    "activities",
    ActivityEntry,
    ActivityOut,
    ActivityIn,
    ActivityPatch,
    {
        "list": "Activity sessions of local days in a range (the last 30 by default), "
        "newest first.",
        "record": "Log an activity session: kind, minutes, intensity, optional steps.",
        "get": "One activity session.",
        "update": "Edit an activity session.",
        "delete": "Delete an activity session.",
    },
)
_entries(
    "practice",
    "practices",
    PracticeEntry,
    PracticeOut,
    PracticeIn,
    PracticePatch,
    {
        "list": "Practices logged on local days in a range (the last 30 by default), newest first.",
        "record": "Log a practice, a catalog one or your own: minutes (mindfulness, breathing …) "
        "or done (meals, water).",
        "get": "One logged practice.",
        "update": "Edit a logged practice.",
        "delete": "Delete a logged practice.",
    },
    together=("practice", "own_practice_id"),
)
_entries(
    "substance",
    "substances",
    SubstanceEntry,
    SubstanceOut,
    SubstanceIn,
    SubstancePatch,
    {
        "list": "Caffeine and alcohol of local days in a range (the last 30 by default), "
        "newest first.",
        "record": "Log caffeine (drinks) or alcohol (standard units).",
        "get": "One caffeine or alcohol entry.",
        "update": "Edit a caffeine or alcohol entry.",
        "delete": "Delete a caffeine or alcohol entry.",
    },
)


def _update_own(user: User, practice: OwnPractice, json: OwnPracticePatch, now: datetime) -> None:
    current = {n: getattr(practice, n) for n in ("name", "mode", "hint", "followed")}
    own.update_own_practice(user, practice, **{**current, **json.model_dump(exclude_unset=True)})


OWN = Crud(TAG, "/own-practices", "own_practice_id", OwnPractice, OwnPracticeOut)
OWN.listing(
    API,
    Listing(
        "list_own_practices",
        "Your own practices (followed or not), by name.",
        OwnPracticePage,
        lambda user, query: own.own_practices(user),
        OwnPracticeOut.model_validate,
        query=PageQuery,
    ),
)
OWN_READ = Operation("get_own_practice", "One of your own practices.")
OWN.create(
    API,
    Create(
        "add_own_practice",
        "Add a practice of your own (prayer, bodywork …), logged in minutes or as done.",
        OwnPracticeIn,
        _record(own.add_own_practice),
    ),
    OWN_READ,
)
OWN.read(API, OWN_READ)
OWN.update(
    API,
    Update(
        "update_own_practice",
        "Rename an own practice, change its hint, follow or unfollow it (its mode only while "
        "it has no entries).",
        OwnPracticePatch,
        _update_own,
    ),
)


@API.delete(f"/own-practices/<{ID}:own_practice_id>", tag=TAG)
def delete_own_practice(own_practice_id: int) -> tuple:
    """Delete an own practice that has no entries; one with entries is kept (409)."""
    own.delete_own_practice(core.user(), core.load(OwnPractice, own_practice_id))
    return "", 204
