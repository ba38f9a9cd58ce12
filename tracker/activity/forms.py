"""Activity, practice and substance forms: shape only; the rules live in the services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from tracker.activity import catalog
from tracker.forms import AmountField, RequestKeyField, choices, wall_time_field

KIND_CHOICES = choices(catalog.ACTIVITY_KINDS.items())
INTENSITY_CHOICES = choices(catalog.INTENSITIES.items())
PRACTICE_CHOICES = choices((key, p.label) for key, p in catalog.PRACTICES.items())
SUBSTANCE_CHOICES = choices((key, s.label) for key, s in catalog.SUBSTANCES.items())


def _yes(value: object) -> bool:
    """Radio "yes"/"no" to a bool, and a stored bool through unchanged."""
    return value is True or value in ("yes", "y", "true", "on")


class _EntryFields(FlaskForm):
    """When, a note, and where to go back to: every create form has these."""

    at = wall_time_field(
        "When", validators=[Optional()], description="In your time zone. Leave empty for now."
    )
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])
    next = HiddenField()
    request_key = RequestKeyField()


class _EditFields(_EntryFields):
    at = wall_time_field("When", validators=[InputRequired("Enter when it was.")])
    row_version = HiddenField()
    request_key = None  # an edit changes one known row; repeating it changes nothing more


# The selects do not check their choices: the services refuse an unknown key with a plain
# message beside the field, for the API as for these pages.
class ActivityForm(_EntryFields):
    kind = SelectField("Activity", choices=KIND_CHOICES, validate_choice=False)
    minutes = IntegerField(
        "Minutes",
        validators=[
            InputRequired("Enter how many minutes."),
            NumberRange(min=1, max=1440, message="Enter 1 to 1440 minutes."),
        ],
    )
    intensity = RadioField(
        "Intensity", choices=INTENSITY_CHOICES, default="moderate", validate_choice=False
    )
    steps = IntegerField(
        "Steps",
        validators=[
            Optional(),
            NumberRange(min=0, max=200_000, message="Enter 0 to 200,000 steps."),
        ],
        description="Optional.",
    )


class ActivityEditForm(ActivityForm, _EditFields):
    pass


class PracticeForm(_EntryFields):
    # The user's own practices are added to the choices by the page (views.practice_choices).
    practice = SelectField("Practice", choices=PRACTICE_CHOICES, validate_choice=False)
    minutes = IntegerField(
        "Minutes",
        validators=[Optional(), NumberRange(min=1, max=1440, message="Enter 1 to 1440 minutes.")],
        description="For practices counted in minutes; leave empty for meals and water.",
    )
    done = RadioField(
        "Done?",
        choices=choices([("yes", "Yes"), ("no", "Not today")]),
        coerce=_yes,
        default=True,
        validate_choice=False,
        description="Not today is for meals and water only.",
    )
    helpful = IntegerField(
        "How helpful was it? (0 not at all – 10 very)",
        validators=[Optional(), NumberRange(min=0, max=10, message="Choose from 0 to 10.")],
    )


class PracticeEditForm(PracticeForm, _EditFields):
    pass


class SubstanceForm(_EntryFields):
    substance = SelectField("What", choices=SUBSTANCE_CHOICES, validate_choice=False)
    amount = AmountField(
        "Amount",
        validators=[
            InputRequired("Enter how much."),
            NumberRange(min=0.5, max=50, message="Enter 0.5 to 50."),
        ],
        description="Caffeine in whole drinks; alcohol in standard units of 10 g, halves allowed.",
    )


class SubstanceEditForm(SubstanceForm, _EditFields):
    pass


class PracticesForm(FlaskForm):
    """Which practices show on Today: one checkbox per practice in the catalog (added below),
    and one per own practice (`practices_form`)."""

    next = HiddenField()
    own_keys: tuple[str, ...] = ()

    def chosen(self) -> list[str]:
        keys = [*catalog.PRACTICES, *self.own_keys]
        return [key for key in keys if self[_field_name(key)].data]

    def own_fields(self) -> list:
        return [self[_field_name(key)] for key in self.own_keys]


for _key, _practice in catalog.PRACTICES.items():
    setattr(PracticesForm, _key, BooleanField(_practice.label, description=_practice.hint))


def _field_name(key: str) -> str:
    return key.replace(":", "_")  # own:3 -> own_3


def practices_form(own: list[catalog.Practice], **kwargs: object) -> PracticesForm:
    """The Choose practices form with a checkbox for each of the user's own practices too."""

    class Form(PracticesForm):
        own_keys = tuple(p.key for p in own)

    for practice in own:
        field = BooleanField(practice.label, description=practice.hint or None)
        setattr(Form, _field_name(practice.key), field)
    return Form(**kwargs)


class OwnPracticeForm(FlaskForm):
    """A practice of the user's own; the services check the name (unique, not a listed one)."""

    name = StringField(
        "Name",
        validators=[InputRequired("Enter a name for the practice.")],
        description="For example: prayer, somatic exercises, acupuncture. Up to 60 characters.",
    )
    mode = RadioField(
        "Logged as",
        choices=choices(catalog.MODES.items()),
        default=catalog.MINUTES,
        validate_choice=False,
    )
    hint = StringField(
        "Hint", validators=[Optional()], description="Optional: a few words shown beside it."
    )
    followed = BooleanField("Show on Today", default=True)
    next = HiddenField()


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token, for deletions."""

    next = HiddenField()
