"""Medication, schedule and dose forms: shape only; the rules live in the services."""

from __future__ import annotations

from datetime import time

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.forms import AmountField, RequestKeyField, choices, wall_time_field
from tracker.medications import catalog
from tracker.medications.models import STOP_REASONS
from tracker.medications.services import UNITS
from tracker.medications.supply import UNIT_KINDS
from tracker.medications.tapers import TaperInput

CLASS_CHOICES = choices([("", "—"), *catalog.CLASSES.items(), ("other", "Other")])
FORM_CHOICES = choices([("", "—"), *((f, f.capitalize()) for f in catalog.FORMS)])
REASON_CHOICES = choices([("", "—"), *STOP_REASONS.items()])
AMOUNT = [Optional(), NumberRange(min=0.0001, max=100_000, message="Enter a number above 0.")]


class DoseRow(Form):
    at = TimeField("Time", validators=[Optional()])
    amount = AmountField("Amount", validators=AMOUNT)


class DoseRowsMixin:
    """Four time-and-amount rows: enough for most schedules, no JavaScript needed."""

    rows = FieldList(FormField(DoseRow), min_entries=4, max_entries=8)

    def doses(self) -> list[tuple[time, float]]:
        """The filled rows; a row with only one of its two fields filled is an error."""
        out = []
        for row in self.rows:  # type: ignore[attr-defined]
            at, amount = row.form.at.data, row.form.amount.data
            if at is None and amount is None:
                continue
            if at is None or amount is None:
                row.form.at.errors = [*row.form.at.errors, "Give both a time and an amount."]
                raise ValueError
            out.append((at, amount))
        return out


class MedicationDetailsForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired("Enter the medication's name."), Length(max=100)],
        description="Generic or brand name; brands are filed under the generic.",
    )
    drug_class = SelectField(
        "Class",
        choices=CLASS_CHOICES,
        validators=[Optional()],
        description="Filled in from the name when you leave it empty.",
    )
    form = SelectField("Form", choices=FORM_CHOICES, validators=[Optional()])
    strength = AmountField(
        "Strength of one unit", validators=AMOUNT, description="For a 50 mg tablet, 50."
    )
    unit = SelectField("Unit", choices=choices((u, u) for u in UNITS), default="mg")
    kind = RadioField(
        "How it is taken",
        choices=choices([("scheduled", "On a schedule"), ("as_needed", "As needed")]),
        default="scheduled",
    )
    purpose = StringField("What it is for", validators=[Optional(), Length(max=200)])
    prescriber = StringField("Prescriber", validators=[Optional(), Length(max=100)])
    started_on = DateField("Start date", validators=[InputRequired()])
    default_amount = AmountField("Usual amount per dose", validators=AMOUNT)
    max_per_24h = AmountField(
        "Maximum in 24 hours",
        validators=AMOUNT,
        description="As entered by your prescriber, in the unit above.",
    )
    min_interval_minutes = IntegerField(
        "Minimum minutes between doses",
        validators=[Optional(), NumberRange(min=1, max=2880)],
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=2000)])
    row_version = HiddenField()


class NewMedicationForm(MedicationDetailsForm, DoseRowsMixin):
    pass


class ScheduleForm(FlaskForm, DoseRowsMixin):
    effective_from = DateField(
        "Effective from",
        validators=[InputRequired()],
        description="Days before this date keep their old schedule.",
    )
    note = StringField("Reason or note", validators=[Optional(), Length(max=200)])


class TaperForm(FlaskForm):
    starts_on = DateField("First step on", validators=[InputRequired()])
    at = TimeField("Time of day", validators=[InputRequired()])
    start_amount = AmountField("Start amount", validators=[InputRequired(), *AMOUNT[1:]])
    step = AmountField("Reduce by", validators=[InputRequired(), *AMOUNT[1:]])
    interval_days = IntegerField(
        "Every (days)", validators=[InputRequired(), NumberRange(min=1, max=365)]
    )
    end_amount = AmountField(
        "Down to",
        validators=[InputRequired(), NumberRange(min=0)],
        description="The last step. With a stop, the stop comes one interval after it.",
    )
    ends_in_stop = BooleanField("The plan ends with a stop")
    stop_reason = SelectField(
        "Reason for stopping", choices=REASON_CHOICES, validators=[Optional()]
    )

    def plan(self) -> TaperInput:
        """The taper as the service takes it."""
        return TaperInput(
            starts_on=self.starts_on.data,
            start_amount=self.start_amount.data,
            step=self.step.data,
            interval_days=self.interval_days.data,
            end_amount=self.end_amount.data,
            ends_in_stop=self.ends_in_stop.data,
            at=self.at.data,
            stop_reason=self.stop_reason.data or None,
        )


class StopForm(FlaskForm):
    stopped_on = DateField("First day without it", validators=[InputRequired()])
    stop_reason = SelectField("Reason", choices=REASON_CHOICES, validators=[DataRequired()])


class HistoryFilter(FlaskForm):
    class Meta:
        csrf = False

    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])


class TakeForm(FlaskForm):
    medication_id = HiddenField(validators=[DataRequired()])
    day = DateField(validators=[InputRequired()])
    at = TimeField(validators=[InputRequired()])
    taken_at = wall_time_field("Taken at", validators=[Optional()])
    amount = AmountField("Amount", validators=AMOUNT)
    request_key = RequestKeyField()


class SkipForm(FlaskForm):
    medication_id = HiddenField(validators=[DataRequired()])
    day = DateField(validators=[InputRequired()])
    at = TimeField(validators=[InputRequired()])
    reason = StringField("Reason (optional)", validators=[Optional(), Length(max=200)])
    request_key = RequestKeyField()


class AsNeededForm(FlaskForm):
    medication_id = HiddenField(validators=[DataRequired()])
    taken_at = wall_time_field("Taken at", validators=[Optional()])
    amount = AmountField("Amount", validators=AMOUNT)
    reason = StringField("Reason or trigger", validators=[Optional(), Length(max=200)])
    note = StringField("Note", validators=[Optional(), Length(max=2000)])
    confirmed = HiddenField(default="")
    request_key = RequestKeyField()


class DoseEditForm(FlaskForm):
    action = SelectField("Status", choices=choices([("taken", "Taken"), ("skipped", "Skipped")]))
    taken_at = wall_time_field("Taken at", validators=[Optional()])
    amount = AmountField("Amount", validators=AMOUNT)
    reason = StringField("Reason", validators=[Optional(), Length(max=200)])
    helped = IntegerField(
        "How much did it help? (0 not at all – 10 completely)",
        validators=[Optional(), NumberRange(min=0, max=10)],
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
    row_version = HiddenField(validators=[DataRequired()])


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token, for deletions and other confirmations."""


UNIT_KIND_CHOICES = choices((k, k) for k in UNIT_KINDS)
UNITS_FIELD = [Optional()]  # a count of 0 is fine, a refill is above 0: the service says which


class SupplyForm(FlaskForm):
    unit_kind = SelectField("One unit is a", choices=UNIT_KIND_CHOICES, default="tablet")
    unit_size = AmountField(
        "How much one unit holds",
        validators=[InputRequired("Enter how much one unit holds."), *AMOUNT[1:]],
        description="A 50 mg tablet: 50 mg. A liquid of 1 mg per ml: 1 mg.",
    )
    size_unit = SelectField("Unit of that amount", choices=choices((u, u) for u in UNITS))
    units_on_hand = AmountField(
        "Units on hand now", validators=UNITS_FIELD, description="Halves are fine: 27.5."
    )
    warn_days = IntegerField(
        "Warn this many days before it runs out",
        default=7,
        validators=[InputRequired("Enter a number of days."), NumberRange(min=0, max=90)],
    )


class SupplyEventForm(FlaskForm):
    units = AmountField("Units", validators=UNITS_FIELD)
    at = wall_time_field("When", validators=[Optional()], description="Now when left empty.")
    note = StringField("Note", validators=[Optional(), Length(max=200)])
    request_key = RequestKeyField()
