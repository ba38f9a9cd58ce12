"""The activity kind in the export file: activity sessions, practices and substances, read
back through the activity rules (kinds, minutes, steps, helpfulness, amounts)."""

from __future__ import annotations

from tracker.activity import catalog
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.activity.services import (
    activity_fields,
    followed_practices,
    practice_fields,
    set_followed_practices,
    substance_fields,
)
from tracker.exports.context import Context, Loader, entry_fields
from tracker.exports.entries import journal
from tracker.exports.kinds import Kind, ProfileSetting, cells
from tracker.exports.values import Fields

TABLES: tuple[Kind, ...] = (
    journal(
        "activity_entries",
        ActivityEntry,
        ("kind", "minutes", "intensity", "steps"),  # intensity: a word (light, moderate, …)
        cells=cells(numbers=("minutes", "steps")),
    ),
    journal(
        "practice_entries",
        PracticeEntry,
        ("practice", "minutes", "done", "helpful"),
        cells=cells(numbers=("minutes", "helpful"), flags=("done",)),
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


def practice_entry(ctx: Context, f: Fields) -> PracticeEntry:
    fields = practice_fields(
        f.text("practice", 20) or "",
        f.integer("minutes"),
        bool(f.flag("done")),
        f.integer("helpful"),
    )
    return PracticeEntry(**entry_fields(ctx, f), **fields)


def substance_entry(ctx: Context, f: Fields) -> SubstanceEntry:
    fields = substance_fields(f.text("substance", 10) or "", f.number("amount"))
    return SubstanceEntry(**entry_fields(ctx, f), **fields)


LOADERS: dict[str, Loader] = {
    "activity_entries": activity_entry,
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
