"""The date ranges a chart or report can cover (pure: the caller supplies the dates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.errors import Invalid

RANGES: dict[str, str] = {
    "30": "Last 30 days",
    "90": "Last 90 days",
    "365": "Last 365 days",
    "all": "Everything",
    "appointment": "Since the last appointment",
    "custom": "Choose dates",
}
DEFAULT = "90"
MOST_DAYS = 3660  # ten years, as far back as entries go


@dataclass(frozen=True)
class Range:
    key: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def phrase(self) -> str:
        """The range inside a sentence: "the last 90 days", "all your records"."""
        if self.key == "all":
            return "all your records"
        if self.key == "custom":
            return f"{self.first.isoformat()} to {self.last.isoformat()}"
        prefix = "the time " if self.key == "appointment" else "the "
        return prefix + RANGES[self.key].lower()

    @property
    def label(self) -> str:
        if self.key == "custom":
            return f"{self.first.isoformat()} to {self.last.isoformat()}"
        return RANGES[self.key]


def resolve(
    key: str | None,
    *,
    today: date,
    first_day: date,
    last_appointment: date | None,
    start: date | None = None,
    end: date | None = None,
) -> Range:
    """The range a choice stands for; Invalid names the field to fix."""
    key = key or DEFAULT
    if key not in RANGES:
        raise Invalid("Choose one of the ranges offered.", "range")
    if key.isdigit():
        return Range(key, today - timedelta(days=int(key) - 1), today)
    if key == "all":
        return Range(key, min(first_day, today), today)
    if key == "appointment":
        if last_appointment is None:
            raise Invalid(
                "No past appointment is recorded yet: add one under Visits, or choose another "
                "range.",
                "range",
            )
        return Range(key, last_appointment, today)
    return custom(start, end, today)


def custom(start: date | None, end: date | None, today: date) -> Range:
    """Chosen dates, checked: both given, in order, not after today, at most ten years."""
    if start is None:
        raise Invalid("Choose the first day.", "start")
    if end is None:
        raise Invalid("Choose the last day.", "end")
    if start > end:
        raise Invalid("The first day must be on or before the last day.", "start")
    if end > today:
        raise Invalid("The last day cannot be after today.", "end")
    if (end - start).days >= MOST_DAYS:
        raise Invalid("Choose at most ten years.", "start")
    return Range("custom", start, end)
