"""The timeline: every kind of entry of a day or a range, newest first."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.auth.models import User
from tracker.errors import Invalid
from tracker.journal import TimelineItem

# (filter key, label, module whose timeline_items(user, first, last) feeds the timeline)
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("doses", "Doses", "tracker.medications.history"),
    ("symptoms", "Side effects", "tracker.symptoms.services"),
    ("checkins", "Mood", "tracker.checkins.services"),
    ("sleep", "Sleep", "tracker.sleep.services"),
    ("activity", "Activity, practices, caffeine, alcohol", "tracker.activity.services"),
    ("therapy", "Therapy", "tracker.therapy.services"),
    ("questionnaires", "Questionnaires", "tracker.questionnaires.services"),
    ("appointments", "Appointments and questions", "tracker.appointments.services"),
)
MAX_DAYS = 366
# The parts of the day's log whose panels say whether they are done, with their names.
PROGRESS_PARTS: tuple[tuple[str, str], ...] = (
    ("checkins", "mood"),
    ("sleep", "last night"),
    ("symptoms", "side effects"),
)


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


def _source(module: str) -> Callable[[User, date, date], list[TimelineItem]]:
    return importlib.import_module(module).timeline_items


def timeline(
    user: User, first: date, last: date, kinds: set[str] | None = None
) -> list[TimelineDay]:
    """Entries of the local days first..last grouped by day, newest first; `kinds` filters."""
    if first > last:
        raise Invalid("The start must be on or before the end.", "first")
    if (last - first).days >= MAX_DAYS:
        raise Invalid(f"Show at most {MAX_DAYS} days at a time.", "first")
    items: list[TimelineItem] = []
    for key, _label, module in SOURCES:
        if not kinds or key in kinds:
            items += _source(module)(user, first, last)
    by_day: dict[date, list[TimelineItem]] = {}
    for item in sorted(items, key=lambda i: i.at, reverse=True):
        by_day.setdefault(item.day, []).append(item)
    return [TimelineDay(d, by_day[d]) for d in sorted(by_day, reverse=True)]


def day_progress(doses: Mapping[str, Any], parts: Mapping[str, Mapping[str, Any]]) -> DayProgress:
    """The doses given a status and the Today parts that are done. `doses` says how many slots
    the day has and whether all have a status; each part's facts say whether it is `done` (a
    part without one, or one that `asks` for nothing, such as side effects when none are
    followed, is left out)."""
    done: list[str] = []
    still: list[str] = []
    if doses.get("slots"):
        (done if doses["all_given"] else still).append("doses")
    for key, name in PROGRESS_PARTS:
        facts = parts.get(key, {})
        if "done" in facts and facts.get("asks", True):
            (done if facts["done"] else still).append(name)
    return DayProgress(done, still)


def default_range(today: date) -> tuple[date, date]:
    """The last seven days."""
    return today - timedelta(days=6), today
