"""Activity, practice and substance entries as timeline rows, in plain words."""

from __future__ import annotations

from tracker.activity import catalog
from tracker.activity.models import ActivityEntry, PracticeEntry, SubstanceEntry
from tracker.journal import TimelineItem


def timeline_item(entry: ActivityEntry | PracticeEntry | SubstanceEntry) -> TimelineItem:
    """One entry as a timeline row (title and detail in plain words)."""
    if isinstance(entry, ActivityEntry):
        return _activity_item(entry)
    if isinstance(entry, PracticeEntry):
        return _practice_item(entry)
    return _substance_item(entry)


def _detail(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def _activity_item(e: ActivityEntry) -> TimelineItem:
    steps = f"{e.steps:,} steps" if e.steps is not None else None
    return TimelineItem(
        kind="activity",
        at=e.at,
        day=e.day,
        # A day's step count (from a phone or watch) has no session minutes.
        title=f"{catalog.activity_label(e.kind)}, {e.minutes} min" if e.minutes else "Steps",
        detail=_detail(
            catalog.INTENSITIES.get(e.intensity, e.intensity) if e.minutes else None, steps, e.note
        ),
        entry_id=e.id,
        edit_endpoint="activity.edit",
        delete_endpoint="activity.delete",
    )


def _practice_item(e: PracticeEntry) -> TimelineItem:
    label = e.label
    if e.minutes is not None:
        title = f"{label}, {e.minutes} min"
    else:
        title = f"{label}: {'done' if e.done else 'not today'}"
    helpful = f"helpful {e.helpful}/10" if e.helpful is not None else None
    return TimelineItem(
        kind="practice",
        at=e.at,
        day=e.day,
        title=title,
        detail=_detail(helpful, e.note),
        entry_id=e.id,
        edit_endpoint="activity.practice_edit",
        delete_endpoint="activity.practice_delete",
    )


def _substance_item(e: SubstanceEntry) -> TimelineItem:
    item = catalog.SUBSTANCES.get(e.substance)
    amount = item.amount_text(e.amount) if item else f"{e.amount:g}"
    return TimelineItem(
        kind="substance",
        at=e.at,
        day=e.day,
        title=f"{item.label if item else e.substance}: {amount}",
        detail=_detail(e.note),
        entry_id=e.id,
        edit_endpoint="activity.substance_edit",
        delete_endpoint="activity.substance_delete",
    )
