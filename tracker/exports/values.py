"""Values as exports write them (ISO-8601 text) and as the import reads them back, checked.

Instants are written in the zone stored with their row, with the offset, so a reader sees the
wall time the user saw and the exact instant; `created_at` bookkeeping is written in UTC.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from tracker.errors import Invalid
from tracker.timeutils import is_zone, zone


class ImportRefused(Invalid):
    """A file the import will not read; `path` says where (a JSON path, or a line)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message, "file")
        self.path = path
        self.detail = message


# Writing ---------------------------------------------------------------------------------------


def instant(at: datetime | None, tz: str) -> str | None:
    """An aware instant as ISO-8601 wall time in `tz` with its offset."""
    return None if at is None else at.astimezone(zone(tz)).isoformat()


def utc(at: datetime | None) -> str | None:
    """An aware instant as ISO-8601 in UTC (+00:00)."""
    return None if at is None else at.astimezone(UTC).isoformat()


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def clock(value: time | None) -> str | None:
    """A time of day as HH:MM (HH:MM:SS only when it has seconds)."""
    if value is None:
        return None
    return value.isoformat(timespec="minutes" if not value.second else "seconds")


# Reading ---------------------------------------------------------------------------------------


class Fields:
    """One JSON object of the import, read field by field; every error names its path.

    Every key must be read: `done()` refuses keys the format does not have, so a typo or a
    newer file's field is reported instead of silently dropped.
    """

    def __init__(self, item: Any, path: str) -> None:
        if not isinstance(item, Mapping):
            raise ImportRefused(path, "expected an object ({...}).")
        self.item, self.path, self.read = item, path, set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def refuse(self, key: str, message: str) -> ImportRefused:
        return ImportRefused(self.at(key), message)

    def _get(self, key: str, required: bool) -> Any:
        self.read.add(key)
        value = self.item.get(key)
        if value is None and required:
            raise self.refuse(key, "is required.")
        return value

    def done(self) -> None:
        extra = sorted(set(self.item) - self.read)
        if extra:
            raise self.refuse(extra[0], "is not a field of this format.")

    def text(self, key: str, limit: int, *, required: bool = False) -> str | None:
        value = self._get(key, required)
        if value is not None and not isinstance(value, str):
            raise self.refuse(key, "expected text.")
        if value is not None and len(value) > limit:
            raise self.refuse(key, f"keep this under {limit} characters.")
        if value is not None and "\0" in value:  # PostgreSQL text cannot hold NUL
            raise self.refuse(key, "contains a NUL character.")
        if required and not (value or "").strip():
            raise self.refuse(key, "is required.")
        return value

    def integer(
        self, key: str, low: int | None = None, high: int | None = None, *, required: bool = False
    ) -> int | None:
        value = self._get(key, required)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.refuse(key, "expected a whole number.")
        if value is not None and low is not None and high is not None:
            if not low <= value <= high:
                raise self.refuse(key, f"choose from {low} to {high}.")
        return value

    def number(self, key: str, *, required: bool = False) -> float | None:
        value = self._get(key, required)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise self.refuse(key, "expected a number.")
        return None if value is None else float(value)

    def flag(self, key: str, *, required: bool = True) -> bool | None:
        value = self._get(key, required)
        if value is not None and not isinstance(value, bool):
            raise self.refuse(key, "expected true or false.")
        return value

    def choice(self, key: str, options: Collection[str], *, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is not None and value not in options:
            raise self.refuse(key, f"expected one of {', '.join(sorted(options))}.")
        return value

    def _parsed(self, key: str, required: bool, parse: Any, what: str) -> Any:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.refuse(key, f"expected {what} as text.")
        try:
            return parse(value)
        except ValueError:
            raise self.refuse(key, f"expected {what}, got {value[:40]!r}.") from None

    def date(self, key: str, *, required: bool = True) -> date | None:
        return self._parsed(key, required, date.fromisoformat, "a date (YYYY-MM-DD)")

    def clock(self, key: str, *, required: bool = True) -> time | None:
        value = self._parsed(key, required, time.fromisoformat, "a time of day (HH:MM)")
        if value is not None and value.tzinfo is not None:
            raise self.refuse(key, "a time of day has no offset.")
        return value

    def instant(self, key: str, *, required: bool = True) -> datetime | None:
        """An ISO-8601 date and time with its offset, as aware UTC."""
        what = "a date and time with offset (2025-06-01T08:00:00+02:00)"
        value = self._parsed(key, required, datetime.fromisoformat, what)
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise self.refuse(key, f"expected {what}; the offset is missing.")
        return value.astimezone(UTC)

    def zone(self, key: str) -> str:
        value = self.text(key, 64, required=True) or ""
        if not is_zone(value):
            raise self.refuse(key, f"{value!r} is not an IANA time zone.")
        return value

    def keys(self, key: str, options: Collection[str]) -> list[str]:
        """A list of known keys (followed practices, mood scales)."""
        value = self._get(key, True)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.refuse(key, "expected a list of names.")
        unknown = [v for v in value if v not in options]
        if unknown:
            raise self.refuse(key, f"{unknown[0]!r} is not one of {', '.join(options)}.")
        return value

    def scores(self, key: str) -> list[int] | None:
        """Item answers: a list of whole numbers, or null."""
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise self.refuse(key, "expected a list of whole numbers.")
        return value
