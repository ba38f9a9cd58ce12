"""The activity kind in the export file: activity sessions, the user's own practices, practice
entries (naming a catalog practice by its key or an own one by its ref) and substances, read
back through the activity rules (kinds, names, minutes, steps, helpfulness, amounts)."""

from __future__ import annotations

from typing import Any

from tracker import journal as text_rules
from tracker.activity import catalog
from tracker.activity.models import ActivityEntry, OwnPractice, PracticeEntry, SubstanceEntry
from tracker.activity.own import HINT_LIMIT, NAME_LIMIT, check_mode, clean_name
from tracker.activity.services import (
    activity_fields,
    followed_practices,
    own_practice_fields,
    practice_fields,
    set_followed_practices,
    substance_fields,
)
from tracker.exports import values as v
from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.entries import entry, journal
from tracker.exports.kinds import Kind, ProfileSetting, Refs, cells, ref
from tracker.exports.values import Fields

OWN_COLUMNS = ("name", "mode", "hint", "followed", "created_at")
PRACTICE_COLUMNS = ("practice", "own_practice_ref", "minutes", "done", "helpful")


def _own_practice(p: OwnPractice, refs: Refs) -> dict[str, Any]:
    return {
        "name": p.name,
        "mode": p.mode,
        "hint": p.hint,
        "followed": p.followed,
        "created_at": v.utc(p.created_at),
    }


def _practice_entry(e: PracticeEntry, refs: Refs) -> dict[str, Any]:
    return entry(
        e,
        {
            "practice": e.practice,
            "own_practice_ref": ref(refs, "own_practices", e.own_practice_id),
            "minutes": e.minutes,
            "done": e.done,
            "helpful": e.helpful,
        },
    )


TABLES: tuple[Kind, ...] = (
    journal(
        "activity_entries",
        ActivityEntry,
        ("kind", "minutes", "intensity", "steps"),  # intensity: a word (light, moderate, …)
        cells=cells(numbers=("minutes", "steps")),
    ),
    Kind(
        "own_practices",
        OwnPractice,
        OWN_COLUMNS,
        _own_practice,
        has_ref=True,
        cells=cells(flags=("followed",)),
        table_added_later=True,  # exports from before own practices: none
    ),
    journal(
        "practice_entries",
        PracticeEntry,
        PRACTICE_COLUMNS,
        _practice_entry,
        cells=cells(numbers=("minutes", "helpful"), flags=("done",)),
        added_later=("own_practice_ref",),  # an older entry always named a catalog practice
    ),
    journal(
        "substance_entries",
        SubstanceEntry,
        ("substance", "amount"),
        cells=cells(numbers=("amount",)),
    ),
)


def activity_entry(ctx: Context, f: Fields) -> ActivityEntry:
    fields = activity_fields(
        f.text("kind", 20) or "",
        f.integer("minutes"),
        f.text("intensity", 10) or "",
        f.integer("steps"),
    )
    return ActivityEntry(**entry_fields(ctx, f), **fields)


def own_practice(ctx: Context, f: Fields) -> OwnPractice:
    name = clean_name(f.text("name", NAME_LIMIT, required=True))
    ctx.once(f, "name", "own-practice-name", name.casefold(), "a second practice of that name.")
    hint = f.text("hint", HINT_LIMIT)
    return OwnPractice(
        user_id=ctx.user.id,
        name=name,
        mode=check_mode(f.text("mode", 10)),
        hint=text_rules.text(hint, HINT_LIMIT, "hint"),
        followed=bool(f.flag("followed")),
        created_at=ctx.instant(f, "created_at"),
    )


def practice_entry(ctx: Context, f: Fields) -> PracticeEntry:
    key = f.text("practice", 20)
    own = ctx.ref(f, "own_practice_ref", "own_practices", required=False)
    logged = (f.integer("minutes"), bool(f.flag("done")), f.integer("helpful"))
    if own is None:
        fields = practice_fields(key or "", *logged)
    elif key is not None:
        raise f.refuse("practice", "an entry names a listed practice or its own, not both.")
    else:
        fields = own_practice_fields(own, *logged)
    return PracticeEntry(**entry_fields(ctx, f), **fields)


def substance_entry(ctx: Context, f: Fields) -> SubstanceEntry:
    fields = substance_fields(f.text("substance", 10) or "", f.number("amount"))
    return SubstanceEntry(**entry_fields(ctx, f), **fields)


LOADERS: dict[str, Loader] = {
    "activity_entries": activity_entry,
    "own_practices": own_practice,
    "practice_entries": practice_entry,
    "substance_entries": substance_entry,
}


PROFILE = (
    ProfileSetting(
        "followed_practices",
        dump=followed_practices,
        read=lambda f: f.keys("followed_practices", tuple(catalog.PRACTICES)),
        apply=set_followed_practices,
        cell="keys",
    ),
)
