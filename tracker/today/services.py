"""The timeline: every kind of entry of a day or a range, newest first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.journal import TimelineItem
from tracker.registry import KINDS

# (filter key, label) of each kind, for the timeline's filter.
SOURCES: tuple[tuple[str, str], ...] = tuple((k.key, k.label) for k in KINDS)
# (endpoint, label) of each kind's list page, linked above the timeline.
RECORD_PAGES: tuple[tuple[str, str], ...] = tuple(
    (f"{k.blueprint.name}.index", k.pages_label or k.label) for k in KINDS if k.blueprint
)
MAX_DAYS = 366


@dataclass(frozen=True)
class DayProgress:
    """What of the day's usual log is done and what is still open."""

    done: list[str]
    open: list[str]

    @property
    def complete(self) -> bool:
        return bool(self.done) and not self.open


@dataclass(frozen=True)
class TimelineDay:
    day: date
    items: list[TimelineItem]


def timeline(
    user: User, first: date, last: date, kinds: set[str] | None = None
) -> list[TimelineDay]:
    """Entries of the local days first..last grouped by day, newest first; `kinds` filters."""
    if first > last:
        raise Invalid("The start must be on or before the end.", "first")
    if (last - first).days >= MAX_DAYS:
        raise Invalid(f"Show at most {MAX_DAYS} days at a time.", "first")
    items: list[TimelineItem] = []
    for kind in KINDS:
        if not kinds or kind.key in kinds:
            items += kind.timeline(user, first, last)
    by_day: dict[date, list[TimelineItem]] = {}
    for item in sorted(items, key=lambda i: i.at, reverse=True):
        by_day.setdefault(item.day, []).append(item)
    return [TimelineDay(d, by_day[d]) for d in sorted(by_day, reverse=True)]


def day_progress(parts: Iterable[tuple[str, Mapping[str, Any]]]) -> DayProgress:
    """What the day's parts say of themselves, by the name the progress line gives each: done
    or still open; a part whose facts say nothing of `done`, or that `asks` for nothing (side
    effects when none are followed, doses on a day without any), is left out."""
    done: list[str] = []
    still: list[str] = []
    for name, facts in parts:
        if "done" in facts and facts.get("asks", True):
            (done if facts["done"] else still).append(name)
    return DayProgress(done, still)


def default_range(today: date) -> tuple[date, date]:
    """The last seven days."""
    return today - timedelta(days=6), today
