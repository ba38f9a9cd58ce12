"""Bearable's CSV export: one row per observation, read into neutral records.

Decisions the lead may want to know about:
- `time of day` buckets have fixed clock times: pre 06:00, am 09:00, mid 13:00, pm 19:00,
  all day and empty 12:00. The bucket (the cell as written) goes into the key.
- Mood (about 1-10) is stored on our 0-10 scale, rounded half up and clamped. Energy 1-5 maps
  onto band centres 1, 3, 5, 7, 9. Mood and Energy rows of one date and time-of-day cell make
  one Mood record (the n-th Mood row with the n-th Energy row), keyed `bearable-mood:...`.
- Sleep and Sleep quality rows of one date make one Night (n-th with n-th), keyed
  `bearable-sleep:<date>`; a quality with no Sleep row is a Night with only the quality.
- A Symptom's severity comes from the word in its label, `Stress (Mild)`, else from Bearable's
  0-4 number. A parenthesis that is not a severity word stays part of the name, so
  `Pain (back)` and `Pain (head)` remain two symptoms.
- An empty rating is a Skip with a reason; a rating that is not a number refuses the file.
- `date formatted` (newer exports) is read only when `date` is unreadable, as ISO or like `date`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from tracker.imports.errors import ImportFailed
from tracker.imports.parsers import text
from tracker.imports.parsers.text import Row
from tracker.imports.records import Dose, Mood, Night, Parsed, Record, Skip, Symptom

SOURCE = "bearable"
COLUMNS = ("date", "weekday", "time of day", "category", "rating/amount", "detail", "notes")
KNOWN = frozenset({*COLUMNS, "date formatted"})
VALUE = "rating/amount"

# Bearable's parts of the day carry no clock; fixed times keep a day's entries in order.
BUCKETS = {
    "pre": time(6),
    "am": time(9),
    "mid": time(13),
    "pm": time(19),
    "all day": time(12),
    "": time(12),
}
MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
MONTHS = {m: n for n, name in enumerate(MONTH_NAMES, 1) for m in (name, name[:3])} | {"sept": 9}
SEVERITY_WORDS = {"none": 0, "mild": 3, "moderate": 5, "severe": 8, "extreme": 10, "unbearable": 10}
SEVERITY_NUMBERS = (0, 3, 5, 8, 10)  # Bearable's 0-4 scale onto our 0-10

_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
_CLOCK_PARTS = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?", re.IGNORECASE)
_SPANS = tuple(
    (re.compile(rf"{label}\s+({_CLOCK})\s*[-–]\s*({_CLOCK})", re.IGNORECASE), start, end)
    for label, start, end in (("asleep", "asleep", "woke"), ("in bed", "in_bed", "out_of_bed"))
)
_NUMBER = re.compile(r"[+-]?\d{1,9}(?:[.,]\d{1,9})?")
_DURATION = re.compile(r"(\d{1,2}):(\d{2})")


def parse(data: bytes) -> Parsed:
    """Bearable's CSV export as records; a file that is not one raises ImportFailed."""
    header, records = text.read_header(text.decode(data, "Bearable CSV file"))
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ImportFailed(
            "This is not a Bearable export: its first line should name the columns "
            + ", ".join(COLUMNS)
            + f" (missing: {', '.join(missing)})."
        )
    reader = _Reader(header)
    for row in text.rows(header, records):
        reader.read(row)
    text.require_rows(reader.parsed.rows)
    return reader.finish()


@dataclass
class _Slot:
    """Rows that merge into one record: Mood with Energy, Sleep with Sleep quality."""

    line: int
    at: datetime | None = None
    parts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    feelings: list[str] = field(default_factory=list)

    @property
    def note(self) -> str | None:
        return "\n".join(self.notes) or None


class _Reader:
    def __init__(self, header: tuple[str, ...]) -> None:
        self.parsed = Parsed(SOURCE)
        self.unread = text.Unread(header, KNOWN)
        self.records: list[Record] = []
        self.moods: dict[tuple[date, str], list[_Slot]] = {}
        self.nights: dict[date, list[_Slot]] = {}
        self.seen: Counter[str] = Counter()
        self.used: set[str] = set()
        self.repeats = text.Repeats()

    def read(self, row: Row) -> None:
        self.parsed.rows += 1
        if row.extra:  # even an empty one: every cell after it may have slipped a column
            raise ImportFailed(
                f"This row has more cells than the {len(row.header)} the header names.",
                line=row.line,
                column=len(row.header) + 1,
            )
        if repeat := self.repeats.of(row):
            self.parsed.skipped.append(repeat)
            return
        self.unread.see(row)
        category = row.get("category").strip()
        handler = _HANDLERS.get(" ".join(category.lower().split()))
        if handler is None:
            reason = f"Bearable's {category} are not imported" if category else "No category"
            self.parsed.skipped.append(Skip(row.line, reason))
        else:
            handler(self, row)

    def skip(self, row: Row, reason: str) -> None:
        self.parsed.skipped.append(Skip(row.line, reason))

    def key(self, row: Row, day: date) -> str:
        """The row's own key; the n-th exact repeat in file order gets `#n`."""
        cells = (row.get("time of day"), row.get("category"), row.get("detail"))
        base = f"bearable:{day.isoformat()}|" + "|".join(c.strip() for c in cells)
        key = base
        while key in self.used:
            self.seen[base] += 1
            key = f"{base}#{self.seen[base] + 1}"
        self.used.add(key)
        return key

    def finish(self) -> Parsed:
        for (day, cell), slots in self.moods.items():
            for n, slot in enumerate(slots):
                self.records.append(_mood(slot, day, cell, n))
        for day, slots in self.nights.items():
            for n, slot in enumerate(slots):
                self.records.append(_night(slot, day, n))
        self.parsed.records = sorted(self.records, key=lambda record: record.line)
        self.parsed.repeated = self.repeats.count
        skipped = [*self.parsed.skipped, *self.unread.skips("Bearable")]
        self.parsed.skipped = sorted(skipped, key=lambda skip: skip.line)
        return self.parsed


def _fill(
    slots: list[_Slot], part: str, value: object, row: Row, at: datetime | None = None
) -> _Slot:
    """Put `value` into the first slot still without `part` (a new one if none is free)."""
    slot = next((s for s in slots if part not in s.parts), None)
    if slot is None:
        slot = _Slot(row.line, at)
        slots.append(slot)
    slot.parts[part] = value
    if note := row.get("notes").strip():
        slot.notes.append(note)
    return slot


def _suffix(n: int) -> str:
    return f"#{n + 1}" if n else ""


def _mood(slot: _Slot, day: date, cell: str, n: int) -> Mood:
    return Mood(
        line=slot.line,
        key=f"bearable-mood:{day.isoformat()}|{cell}{_suffix(n)}",
        at=slot.at or datetime.combine(day, BUCKETS[""]),
        mood=slot.parts.get("mood"),
        energy=slot.parts.get("energy"),
        note=slot.note,
        feelings=tuple(dict.fromkeys(slot.feelings)),
    )


def _night(slot: _Slot, day: date, n: int) -> Night:
    return Night(
        line=slot.line,
        key=f"bearable-sleep:{day.isoformat()}{_suffix(n)}",
        day=day,
        quality=slot.parts.get("quality"),
        note=slot.note,
        **slot.parts.get("sleep", {}),
    )


def _day(row: Row) -> date:
    """The row's date, from `date` (or `date formatted` when `date` is unreadable)."""
    for name in ("date", "date formatted"):
        if (day := _read_date(row.get(name).strip())) is not None:
            return day
    raise row.fail("date", f"“{row.get('date')[:40]}” is not a date like 22nd Sep 2020.")


def _read_date(cell: str) -> date | None:
    if match := _DATE.fullmatch(cell):
        day, month, year = int(match[1]), MONTHS.get(match[2].lower()), int(match[3])
    elif match := _ISO.fullmatch(cell):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    if month is None or year < 1900:  # typos; and the evening-before sums never overflow
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clock(cell: str) -> time | None:
    """`08:30`, `8:30 pm`, `20:30:15` as a time, or None."""
    match = _CLOCK_PARTS.fullmatch(cell.strip())
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _at(row: Row) -> tuple[date, datetime]:
    """The row's date, and its wall time (a bucket at its fixed clock time)."""
    day = _day(row)
    cell = " ".join(row.get("time of day").lower().split())
    clock = BUCKETS.get(cell) or _clock(cell)
    if clock is None:
        raise row.fail(
            "time of day",
            f"“{row.get('time of day')[:40]}” is not a time of day "
            "(a clock time, or pre, am, mid, pm, all day).",
        )
    return day, datetime.combine(day, clock)


def _number(row: Row) -> float | None:
    cell = row.get(VALUE).strip()
    if not cell:
        return None
    if not _NUMBER.fullmatch(cell):
        raise row.fail(VALUE, f"“{cell[:40]}” is not a number.")
    if re.fullmatch(r"[+-]?\d+,\d{3}", cell):  # 1,000 or 1.000? Refused rather than guessed
        raise row.fail(VALUE, f"“{cell}” could be a thousand or a decimal: write 1000 or 1.0.")
    return float(cell.replace(",", "."))


def _scaled(value: float, low: int, high: int) -> int:
    """Rounded half up (not to even: 6.5 is 7), clamped to low..high."""
    return min(high, max(low, math.floor(value + 0.5)))


def _label(detail: str) -> tuple[str, str | None]:
    """`Name (inside)` as the name and the text inside the last parenthesis (None if empty)."""
    start = detail.rfind("(")
    if start < 0 or not detail.endswith(")"):
        return detail, None
    return detail[:start].strip(), detail[start + 1 : -1].strip() or None


def _note(row: Row) -> str | None:
    return row.get("notes").strip() or None


def _words(detail: str) -> list[str]:
    """Bearable's words for a mood ("Meh | Anxious"), in order."""
    return [word.strip() for word in detail.split("|") if word.strip()]


def _mood_row(reader: _Reader, row: Row, part: str) -> None:
    day, at = _at(row)
    value = _number(row)
    words = _words(row.get("detail"))
    if value is None:
        named = f" ({', '.join(words)})" if words else ""
        reader.skip(row, f"{part.capitalize()} with no rating{named}")
        return
    level = _scaled(value, 0, 10) if part == "mood" else 2 * _scaled(value, 1, 5) - 1
    slots = reader.moods.setdefault((day, row.get("time of day").strip()), [])
    _fill(slots, part, level, row, at).feelings.extend(words)


def _symptom(reader: _Reader, row: Row) -> None:
    day, at = _at(row)
    detail = row.get("detail").strip()
    number = _number(row)
    label, inside = _label(detail)
    word = (inside or "").lower()
    if word in SEVERITY_WORDS:
        name, severity = label, SEVERITY_WORDS[word]
    else:
        name = detail
        severity = None if number is None else SEVERITY_NUMBERS[_scaled(number, 0, 4)]
    if not name:
        reader.skip(row, "A symptom with no name")
    elif severity is None:
        reader.skip(row, f"The symptom {name} has no severity")
    else:
        reader.records.append(
            Symptom(row.line, reader.key(row, day), at, name, severity, _note(row))
        )


def _dose(reader: _Reader, row: Row) -> None:
    day, at = _at(row)
    amount = _number(row)
    if amount is not None and amount < 0:
        raise row.fail(VALUE, "A dose cannot be negative.")
    detail = row.get("detail").strip()
    name, unit = _label(detail)
    if not name:
        reader.skip(row, "A medication with no name")
        return
    reader.records.append(Dose(row.line, reader.key(row, day), at, name, amount, unit, _note(row)))


def _sleep(reader: _Reader, row: Row) -> None:
    day = _day(row)
    cell = row.get(VALUE).strip()
    minutes = None
    if cell:
        match = _DURATION.fullmatch(cell)
        minutes = int(match[1]) * 60 + int(match[2]) if match and int(match[2]) < 60 else None
        if minutes is None or minutes > 24 * 60:
            raise row.fail(VALUE, f"“{cell[:40]}” is not a sleep length like 7:45.")
    night: dict[str, Any] = {"asleep_minutes": minutes}
    detail = row.get("detail")
    for pattern, start_name, end_name in _SPANS:
        if match := pattern.search(detail):
            start, end = _clock(match[1]), _clock(match[2])
            if start is None or end is None:
                raise row.fail("detail", f"“{match[0]}” holds a time that does not exist.")
            # The row's date is the morning of waking: a start later than the end was the
            # evening before.
            night[end_name] = datetime.combine(day, end)
            night[start_name] = datetime.combine(day - timedelta(days=start > end), start)
    if minutes is None and "asleep" in night:
        night["asleep_minutes"] = (night["woke"] - night["asleep"]).seconds // 60
    slot = _fill(reader.nights.setdefault(day, []), "sleep", night, row)
    if detail.strip() and len(night) == 1:  # words, not times: kept in the night's note
        slot.notes.append(detail.strip())


def _quality(reader: _Reader, row: Row) -> None:
    day = _day(row)
    value = _number(row)
    if value is None:
        reader.skip(row, "A sleep quality with no rating")
        return
    slot = _fill(reader.nights.setdefault(day, []), "quality", _scaled(value, 1, 5), row)
    if detail := row.get("detail").strip():
        slot.notes.append(detail)


_HANDLERS: dict[str, Callable[[_Reader, Row], None]] = {
    "mood": lambda reader, row: _mood_row(reader, row, "mood"),
    "energy": lambda reader, row: _mood_row(reader, row, "energy"),
    "symptom": _symptom,
    "symptoms": _symptom,
    "meds/supplements": _dose,
    "medication": _dose,
    "medications": _dose,
    "sleep": _sleep,
    "sleep quality": _quality,
}
