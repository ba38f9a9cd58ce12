"""Lab result forms: shape only; the rules live in labs.services."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from tracker.checkins.forms import wall_instant
from tracker.forms import RequestKeyField, choices, wall_time_field
from tracker.labs import catalog
from tracker.labs.models import LabResult
from tracker.labs.services import NAME_LIMIT, NOTE_LIMIT, UNIT_LIMIT, LabFields
from tracker.timeutils import to_wall
from tracker.vitals.forms import NumberField

OTHER = "other"
TEST_CHOICES = choices(
    [("", "Choose…"), *((t.key, t.label) for t in catalog.CATALOG), (OTHER, "Another test…")]
)
# Every unit the catalog offers, for the browser's suggestions (any other unit may be typed).
UNIT_SUGGESTIONS = tuple(dict.fromkeys(u for t in catalog.CATALOG for u in t.units))


def _limit(n: int) -> list:
    return [Optional(), Length(max=n, message=f"Keep this under {n} characters.")]


class LabForm(FlaskForm):
    at = wall_time_field(
        "Drawn at", validators=[Optional()], description="When the blood was taken. Empty: now."
    )
    test = SelectField("Test", choices=TEST_CHOICES)
    name = StringField(
        "Name of the test", validators=_limit(NAME_LIMIT), description="For another test."
    )
    value = NumberField("Result", validators=[InputRequired("Enter the result as a number.")])
    unit = StringField(
        "Unit",
        validators=_limit(UNIT_LIMIT),
        description="As on the lab report. Empty: the test's usual unit.",
    )
    ref_low = NumberField("Lab's range: low end", validators=[Optional()])
    ref_high = NumberField(
        "Lab's range: high end",
        validators=[Optional()],
        description="As printed on the report, in the same unit. Either end may be empty.",
    )
    last_dose_at = wall_time_field(
        "Last dose before the draw",
        validators=[Optional()],
        description="For drug levels (trough): when you took the dose before the blood test.",
    )
    note = TextAreaField("Note", validators=_limit(NOTE_LIMIT))
    next = HiddenField()
    request_key = RequestKeyField()

    def fields(self, tz: str, original: LabResult | None = None) -> LabFields:
        """The service's input; the times are read in the user's zone."""
        test = self.test.data
        return LabFields(
            test=None if test in ("", OTHER) else test,
            value=self.value.data,
            unit=self.unit.data,
            name=self.name.data if test in ("", OTHER) else None,
            ref_low=self.ref_low.data,
            ref_high=self.ref_high.data,
            last_dose_at=wall_instant(
                self.last_dose_at, tz, original.last_dose_at if original else None
            ),
            at=wall_instant(self.at, tz, original.at if original else None),
            note=self.note.data,
        )


class LabEditForm(LabForm):
    row_version = HiddenField()


def edit_data(entry: LabResult, tz: str) -> dict[str, Any]:
    """What the edit form starts with."""
    names = ("name", "value", "unit", "ref_low", "ref_high", "note")
    return {
        **{name: getattr(entry, name) for name in names},
        "test": entry.test or OTHER,
        "at": to_wall(entry.at, tz),
        "last_dose_at": to_wall(entry.last_dose_at, tz),
        "row_version": entry.row_version,
    }
