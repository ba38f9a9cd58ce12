"""Daylio's CSV export ("Export entries → CSV"): mood entries, and nights from its sleep scales.

Columns are matched by name, so any of the four header versions (2017-18 `year,date,...`,
2019-20 `full_date,...`, 2021-25 with `note_title`, 2025-26 with `scales`) reads, and so does
a file whose header line was trimmed off, recognised by its first row's shape.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TypeVar

from tracker.imports.errors import ImportFailed
from tracker.imports.parsers import daylio_values as values
from tracker.imports.parsers import text
from tracker.imports.parsers.daylio_values import DEFAULT_LEVELS, level_to_mood
from tracker.imports.records import Mood, Night, Parsed, Skip

__all__ = ["DEFAULT_LEVELS", "SOURCE", "level_to_mood", "parse"]

SOURCE = "daylio"
T = TypeVar("T")

V2017 = ("year", "date", "weekday", "time", "mood", "activities", "note")
V2019 = ("full_date", "date", "weekday", "time", "mood", "activities", "note")
V2021 = ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note")
V2025 = (
    "full_date",
    "date",
    "weekday",
    "time",
    "mood",
    "activities",
    "scales",
    "note_title",
    "note",
)
KNOWN_COLUMNS = frozenset(V2017 + V2025)
# A file without its header is read by its width; only ISO-dated versions can be told apart.
BY_WIDTH = {len(version): version for version in (V2019, V2021, V2025)}
REQUIRED = ("time", "mood", "activities")

_HEADER_HINT = (
    "A Daylio export starts with a header line like "
    "full_date,date,weekday,time,mood,activities,note_title,note "
    "(year,date,weekday,time,mood,activities,note before 2019). "
    "Export the file again from Daylio (Export entries → CSV)."
)


def _missing(header: tuple[str, ...]) -> list[str]:
    names = set(header)
    missing = [name for name in REQUIRED if name not in names]
    if "full_date" not in names and not {"year", "date"} <= names:
        missing.insert(0, "full_date (or year and date)")
    return missing


def _looks_like_entry(header: tuple[str, ...]) -> bool:
    try:
        values.iso_date(header[0])
    except ValueError:
        return False
    return KNOWN_COLUMNS.isdisjoint(header)


def _not_daylio(header: tuple[str, ...], missing: list[str]) -> ImportFailed:
    if _looks_like_entry(header):
        return ImportFailed(
            f"The first line is a Daylio entry, not a header, and its {len(header)} cells match "
            f"no Daylio version ({', '.join(map(str, sorted(BY_WIDTH)))} cells). " + _HEADER_HINT
        )
    if KNOWN_COLUMNS.isdisjoint(header):
        return ImportFailed("The first line is not a Daylio header. " + _HEADER_HINT)
    return ImportFailed(
        f"This is not a Daylio export: its header has no {', '.join(missing)} column. "
        f"Daylio's columns are {','.join(V2021)} (2021 on; 2025 adds scales; "
        f"before 2019: {','.join(V2017)})."
    )


def _open(source: str) -> tuple[tuple[str, ...], Iterator[tuple[int, list[str]]], int]:
    """The header, the records after it, and how many lines were put before the file's own."""
    header, records = text.read_header(source)
    missing = _missing(header)
    if not missing:
        return header, records, 0
    if len(header) in BY_WIDTH and _looks_like_entry(header):
        # The header was trimmed off: read the file again under the header of its width.
        header, records = text.read_header(",".join(BY_WIDTH[len(header)]) + "\n" + source)
        return header, records, 1
    raise _not_daylio(header, missing)


@dataclass
class _Seen:
    """What earlier rows used: entry keys (several entries in one minute) and nights by day."""

    keys: Counter[str] = field(default_factory=Counter)
    nights: dict[date, int] = field(default_factory=dict)

    def key(self, base: str) -> str:
        self.keys[base] += 1
        count = self.keys[base]
        return base if count == 1 else f"{base}#{count}"


def _cell(row: text.Row, name: str, read: Callable[[str], T]) -> T:
    try:
        return read(row.get(name))
    except ValueError as exc:
        raise row.fail(name, str(exc)) from None


def _day(row: text.Row) -> date:
    # The localized date and weekday are display text; full_date is the date when present.
    if "full_date" in row.header:
        return _cell(row, "full_date", values.iso_date)
    in_year = _cell(row, "year", values.year)
    return _cell(row, "date", lambda value: values.local_date(in_year, value))


def _mood(row: text.Row, seen: _Seen) -> Mood:
    # Never realigned: an extra cell cannot tell which column it slipped into.
    if row.extra:
        raise ImportFailed(
            f"The row has more cells than the header ({len(row.header) + len(row.extra)}, "
            f"not {len(row.header)}): likely a comma outside quotes in a note or activity, "
            "or a stray extra comma.",
            line=row.line,
        )
    day = _day(row)
    at = datetime.combine(day, _cell(row, "time", values.clock))
    label = row.get("mood").strip()
    if not label:
        raise row.fail("mood", "The mood is empty.")
    return Mood(
        line=row.line,
        key=seen.key(f"daylio:{day.isoformat()} {at:%H:%M}"),
        at=at,
        label=label,
        mood=values.default_mood(label),
        note=values.note(row.get("note_title"), row.get("note")),
        activities=values.activities(row.get("activities")),
    )


def _sleep(row: text.Row, day: date, seen: _Seen, parsed: Parsed) -> None:
    line = row.line
    scales = values.scales(row.get("scales"))
    parsed.skipped.extend(Skip(line, reason) for reason in scales.skipped)
    if not scales.has_sleep:
        return
    if day in seen.nights:
        parsed.skipped.append(
            Skip(
                line,
                f"The sleep values of {day.isoformat()} were already read on line "
                f"{seen.nights[day]}; one night a day, the first in the file, is kept.",
            )
        )
        return
    seen.nights[day] = line
    parsed.records.append(
        Night(
            line=line,
            key=f"daylio-sleep:{day.isoformat()}",
            day=day,
            asleep_minutes=scales.asleep_minutes,
            quality=scales.quality,
        )
    )


def _rows(
    header: tuple[str, ...], records: Iterator[tuple[int, list[str]]], shift: int
) -> Iterator[text.Row]:
    """The rows, their lines counted in the user's file when a header was put before it."""
    try:
        for row in text.rows(header, records):
            yield replace(row, line=row.line - shift) if shift else row
    except ImportFailed as exc:
        if not shift or exc.line is None:
            raise
        raise ImportFailed(exc.detail, line=exc.line - shift, column=exc.column) from exc


def parse(data: bytes) -> Parsed:
    """A Daylio CSV export as Mood records (and Nights from its sleep scales), in file order."""
    source = text.decode(data, "Daylio CSV export")
    header, records, shift = _open(source)
    parsed = Parsed(SOURCE)
    seen = _Seen()
    repeats, unread = text.Repeats(), text.Unread(header, KNOWN_COLUMNS)
    for row in _rows(header, records, shift):
        parsed.rows += 1
        if repeat := repeats.of(row):
            parsed.skipped.append(repeat)
            continue
        mood = _mood(row, seen)
        unread.see(row)
        parsed.records.append(mood)
        if "scales" in header:
            _sleep(row, mood.at.date(), seen, parsed)
    text.require_rows(parsed.rows)
    parsed.repeated = repeats.count
    parsed.skipped = sorted([*parsed.skipped, *unread.skips("Daylio")], key=lambda s: s.line)
    return parsed
