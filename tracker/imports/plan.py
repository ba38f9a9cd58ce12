"""From what a parser read and the user's mapping to the list of entries to add (pure).

Wall times without a zone are read in the user's zone. What is already imported (by key),
in the future, or dated before 1900 is skipped here with its line (history older than the ten
years a typed date may go back is imported); what the account's own rules refuse is skipped
when the entries are added (tracker.imports.apply).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker.activity import catalog as activity_catalog
from tracker.imports import records
from tracker.imports.mapping import NEW, SKIP, TAG, Account, Choice, choices
from tracker.journal import FUTURE_TOLERANCE
from tracker.timeutils import from_wall

EARLIEST_YEAR = 1900  # an earlier date in a file is a typo, not history
KIND_LABELS = {  # (one, many)
    "checkin": ("mood check-in", "mood check-ins"),
    "night": ("night of sleep", "nights of sleep"),
    "symptom": ("symptom entry", "symptom entries"),
    "dose": ("dose", "doses"),
    "steps": ("daily step count", "daily step counts"),
    "practice": ("practice entry", "practice entries"),
    "activity": ("activity session", "activity sessions"),
    "medication": ("new medication", "new medications"),
    "own_symptom": ("new symptom", "new symptoms"),
}


def counted(kind: str, n: int) -> str:
    """'1 night of sleep', '30 nights of sleep'; our own export's kinds by their names."""
    one, many = KIND_LABELS.get(kind, (kind.replace("_", " "),) * 2)
    return f"{n:,} {one if n == 1 else many}"


def in_order(added: dict[str, int]) -> list[tuple[str, int]]:
    """Counts in a fixed order (the preview, the history and the CLI list them alike)."""
    order = {kind: n for n, kind in enumerate(KIND_LABELS)}
    return sorted(added.items(), key=lambda item: order.get(item[0], len(order)))


@dataclass(frozen=True)
class Action:
    """One entry to add: its kind, the line and key it comes from, the resolved values."""

    kind: str
    line: int
    key: str
    record: records.Record
    at: datetime | None = None  # aware instant (None for nights and day step counts)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    source: str
    rows: int
    actions: list[Action]
    skipped: list[records.Skip]
    choices: list[Choice]
    duplicates: int = 0
    left_out: int = 0  # entries the user chose to leave out
    repeated: int = 0  # rows repeating an earlier row of the file, read once (also in skipped)

    @property
    def missing(self) -> list[Choice]:
        """Names still to map before the import can run."""
        return [c for c in self.choices if not c.value]

    def counts(self) -> Counter:
        return Counter(a.kind for a in self.actions)


def instant(at: datetime, tz: str) -> datetime:
    """A parsed time as an instant: aware ones as they are, wall times read in the zone `tz`."""
    return at if at.tzinfo is not None else from_wall(at, tz)


def _when(at: datetime, tz: str, now: datetime) -> tuple[datetime | None, str | None]:
    """The record's instant, or why it is left out. History of any age is imported: the
    ten-year limit is for a date typed by hand."""
    if at.year < EARLIEST_YEAR:  # checked on the wall time: year 1 has no instant before it
        return None, f"its date is before {EARLIEST_YEAR}"
    at = instant(at, tz)
    if at > now + FUTURE_TOLERANCE:
        return None, "its time is in the future"
    return at, None


class _Planner:
    def __init__(self, parsed: records.Parsed, account: Account, mapping: dict[str, str]) -> None:
        self.account = account
        self.choices = choices(parsed.records, account, mapping)
        self.by_key = {c.key: c for c in self.choices}
        self.actions: list[Action] = []
        self.skipped: list[records.Skip] = []
        self.left_out = 0

    def value(self, group: str, name: str) -> str:
        return self.by_key[f"{group}:{name}"].value

    def add(self, what: str, record: records.Record, at: datetime | None, **values: Any) -> None:
        self.actions.append(Action(what, record.line, record.key, record, at, values))

    def mood(self, rec: records.Mood, at: datetime) -> None:
        mood = rec.mood
        if rec.label is not None:
            chosen = self.value("mood", rec.label)
            mood = int(chosen) if chosen.isdigit() else None
        tags = []
        for name in rec.activities:
            self.activity(rec, name, at, tags)
        feelings = "Feelings: " + ", ".join(rec.feelings) if rec.feelings else ""
        tagged = "Tags: " + ", ".join(tags) if tags else ""
        note = "\n\n".join(p for p in (rec.note, feelings, tagged) if p)
        if mood is None and rec.energy is None:
            chosen = self.value("mood", rec.label) if rec.label is not None else SKIP
            self.left_out += chosen == SKIP  # an unmapped label is asked about, not left out
            return
        ratings = {"mood": mood, "energy": rec.energy}
        self.add("checkin", rec, at, ratings=ratings, note=note or None)

    def activity(self, rec: records.Mood, name: str, at: datetime, tags: list[str]) -> None:
        choice = self.by_key[f"activity:{name}"]
        kind, _, target = choice.value.partition(":")
        sub = records.Workout(rec.line, f"{rec.key}|{name}", rec.at, "other", choice.minutes)
        if choice.value == TAG:
            tags.append(name)
        elif kind == "practice":
            in_minutes = activity_catalog.PRACTICES[target].in_minutes
            self.add(
                "practice", sub, at, practice=target, minutes=choice.minutes if in_minutes else None
            )
        elif kind == "activity":
            self.add("activity", sub, at, kind=target, minutes=choice.minutes, intensity="moderate")
        elif choice.value == SKIP:
            self.left_out += 1

    def named(
        self, group: str, kind: str, rec: records.Symptom | records.Dose, at: datetime
    ) -> None:
        chosen = self.value(group, rec.name)
        if chosen == SKIP:
            self.left_out += 1
        elif chosen:
            self.add(kind, rec, at, target=chosen, new=chosen == NEW)

    def record(self, rec: records.Record, now: datetime) -> None:
        if isinstance(rec, records.Night | records.Steps):
            self.add("night" if isinstance(rec, records.Night) else "steps", rec, None)
            return
        at, reason = _when(rec.at, self.account.timezone, now)
        if at is None:
            self.skipped.append(records.Skip(rec.line, f"Left out: {reason}."))
        elif isinstance(rec, records.Mood):
            self.mood(rec, at)
        elif isinstance(rec, records.Symptom):
            self.named("symptom", "symptom", rec, at)
        elif isinstance(rec, records.Dose):
            self.named("medication", "dose", rec, at)
        elif isinstance(rec, records.Practice):
            self.add("practice", rec, at, practice=rec.practice, minutes=rec.minutes)
        else:
            self.add(
                "activity", rec, at, kind=rec.kind, minutes=rec.minutes, intensity=rec.intensity
            )


def plan(
    parsed: records.Parsed,
    account: Account,
    mapping: dict[str, str],
    *,
    imported: set[str] | frozenset[str],
    now: datetime,
) -> Plan:
    """The entries a parsed file adds to the account under this mapping, and what it skips."""
    planner = _Planner(parsed, account, mapping)
    duplicates = 0
    for rec in parsed.records:
        if rec.key in imported:
            duplicates += 1
        else:
            planner.record(rec, now)
    return Plan(
        parsed.source,
        parsed.rows,
        planner.actions,
        [*parsed.skipped, *planner.skipped],
        planner.choices,
        duplicates,
        planner.left_out,
        parsed.repeated,
    )
