"""Vitals forms: shape only; the ranges and rules live in vitals.services."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import Length, Optional

from tracker.checkins.forms import wall_instant
from tracker.forms import AmountField, RequestKeyField, choices, wall_time_field
from tracker.timeutils import to_wall
from tracker.vitals.models import VitalSign
from tracker.vitals.services import NOTE_LIMIT, UNITS, VitalFields

UNIT_CHOICES = choices((u, u) for u in UNITS)


class NumberField(AmountField):
    """A decimal number as typed (82.4), with a message that says what to type."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, invalid_value_message="Enter a number, like 82.4.", **kwargs)


class WholeField(IntegerField):
    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, invalid_value_message="Enter a whole number, like 72.", **kwargs)


class VitalsForm(FlaskForm):
    at = wall_time_field(
        "Date and time", validators=[Optional()], description="When you measured. Empty means now."
    )
    weight = NumberField("Weight", validators=[Optional()])
    weight_unit = RadioField("Unit", choices=UNIT_CHOICES, default="kg")
    systolic = WholeField(
        "Blood pressure, upper number", validators=[Optional()], description="Systolic, mmHg."
    )
    diastolic = WholeField(
        "Blood pressure, lower number", validators=[Optional()], description="Diastolic, mmHg."
    )
    pulse = WholeField(
        "Pulse", validators=[Optional()], description="Beats per minute, from the same reading."
    )
    heart_rate = WholeField(
        "Resting heart rate",
        validators=[Optional()],
        description="Beats per minute, sitting quietly.",
    )
    note = TextAreaField(
        "Note",
        validators=[
            Optional(),
            Length(max=NOTE_LIMIT, message=f"Keep this under {NOTE_LIMIT} characters."),
        ],
    )
    next = HiddenField()
    request_key = RequestKeyField()

    def fields(self, tz: str, original_at: Any = None) -> VitalFields:
        """The service's input; the time is read in the user's zone."""
        return VitalFields(
            at=wall_instant(self.at, tz, original_at),
            weight=self.weight.data,
            weight_unit=self.weight_unit.data,
            systolic=self.systolic.data,
            diastolic=self.diastolic.data,
            pulse=self.pulse.data,
            heart_rate=self.heart_rate.data,
            note=self.note.data,
        )


class VitalsEditForm(VitalsForm):
    row_version = HiddenField()


def edit_data(entry: VitalSign, tz: str, unit: str) -> dict[str, Any]:
    """What the edit form starts with: the weight as it was entered, in its own unit."""
    names = ("weight", "systolic", "diastolic", "pulse", "heart_rate", "note")
    return {
        **{name: getattr(entry, name) for name in names},
        "weight_unit": entry.weight_unit or unit,
        "at": to_wall(entry.at, tz),
        "row_version": entry.row_version,
    }


class WeightUnitForm(FlaskForm):
    weight_unit = RadioField("Enter and show weights in", choices=UNIT_CHOICES)
