"""Check-in forms: shape only; the rules (at least one scale, time not ahead) are services'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from tracker.checkins.scales import BY_KEY, HIGH, KEYS, LOW
from tracker.forms import RequestKeyField, wall_time_field
from tracker.timeutils import from_wall, to_wall

# The Today page's check-in shares one HTML form with other sections: its names carry this.
TODAY_PREFIX = "checkin"
RANGE_MESSAGE = f"Choose a number from {LOW} to {HIGH}."
NOTE = [Optional(), Length(max=2000, message="Keep this under 2000 characters.")]


class ScaleField(Field):
    """A 0-10 rating, tapped on a row of radio buttons; nothing chosen means not rated.

    Templates draw the row with the `scale_row` macro (templates/checkins/_scale.html).
    """

    widget = HiddenInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if raw:
            try:
                self.data = int(raw)
            except ValueError as exc:
                raise ValueError(RANGE_MESSAGE) from exc

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and not LOW <= self.data <= HIGH:
            raise ValidationError(RANGE_MESSAGE)

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


def scale_field(key: str) -> ScaleField:
    scale = BY_KEY[key]
    return ScaleField(scale.label, description=scale.anchor_text)


def wall_instant(field: Field, tz: str, original: datetime | None = None) -> datetime | None:
    """A `datetime-local` field's wall time in the user's zone, as UTC.

    The wall time the form showed for `original` gives `original` back, so saving a form
    without touching its time keeps the seconds and which of two 02:30s (DST fall-back) it was.
    """
    if field.data is None:
        return None
    if original is not None:
        shown = to_wall(original, tz)
        if shown is not None and shown.replace(second=0, microsecond=0) == field.data.replace(
            second=0, microsecond=0
        ):
            return original
    return from_wall(field.data, tz)


class CheckinForm(FlaskForm):
    mood = scale_field("mood")
    anxiety = scale_field("anxiety")
    irritability = scale_field("irritability")
    energy = scale_field("energy")
    focus = scale_field("focus")
    note = TextAreaField("Note (optional)", validators=NOTE)
    at = wall_time_field(
        "Time", validators=[Optional()], description="Leave empty for now, or set an earlier time."
    )
    next = HiddenField()
    request_key = RequestKeyField()

    def ratings(self) -> dict[str, int | None]:
        """Each scale's rating, None where none was chosen."""
        return {key: self[key].data for key in KEYS}

    def values(self, tz: str, original_at: datetime | None = None) -> dict[str, Any]:
        """The services' ratings, note and time (read in the user's zone)."""
        return {
            "ratings": self.ratings(),
            "note": self.note.data,
            "at": wall_instant(self.at, tz, original_at),
        }


class CheckinEditForm(CheckinForm):
    row_version = HiddenField()


def edit_data(entry: Any, tz: str) -> dict[str, Any]:
    """What an edit form starts with: the ratings, note, wall time and row version."""
    data = {key: getattr(entry, key) for key in KEYS}
    return {
        **data,
        "note": entry.note,
        "at": to_wall(entry.at, tz),
        "row_version": entry.row_version,
    }


class ScalesForm(FlaskForm):
    """Which scales the check-in asks for (at least one; the service says so)."""

    mood = BooleanField(BY_KEY["mood"].label, description=BY_KEY["mood"].anchor_text)
    anxiety = BooleanField(BY_KEY["anxiety"].label, description=BY_KEY["anxiety"].anchor_text)
    irritability = BooleanField(
        BY_KEY["irritability"].label, description=BY_KEY["irritability"].anchor_text
    )
    energy = BooleanField(BY_KEY["energy"].label, description=BY_KEY["energy"].anchor_text)
    focus = BooleanField(BY_KEY["focus"].label, description=BY_KEY["focus"].anchor_text)
    next = HiddenField()

    def keys(self) -> list[str]:
        """The ticked scales."""
        return [key for key in KEYS if self[key].data]


class ConfirmForm(FlaskForm):
    """A POST with its CSRF token, for deletions and one-tap actions."""

    next = HiddenField()


def version(value: str | None) -> int:
    """The hidden row version as a number; a missing one (0) never matches, so it is refused."""
    return int(value) if value and value.isdigit() else 0
