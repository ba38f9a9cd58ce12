"""Symptom forms: shape only; the rules (and the ownership of ids) live in the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from tracker.forms import RequestKeyField, choices, wall_time_field
from tracker.symptoms.following import NAME_LIMIT, SymptomView
from tracker.symptoms.services import NOTE_LIMIT, SCALE_HELP, SEVERITY_MESSAGE

SCALE = [SelectChoice(i, str(i)) for i in range(11)]  # type: ignore[arg-type]


def optional_id(value: object) -> int | None:
    """A posted id: empty is None; anything not a number becomes 0, which no record has."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    return int(value) if str(value).isdigit() else 0


class EntryForm(FlaskForm):
    symptom = SelectField(
        "Symptom", validate_choice=False, validators=[InputRequired("Choose a symptom.")]
    )
    severity = IntegerField(
        "How strong (0–10)",
        validators=[InputRequired(SEVERITY_MESSAGE), NumberRange(0, 10, SEVERITY_MESSAGE)],
        description=SCALE_HELP,
    )
    medication_id = SelectField(
        "Suspected medication (optional)",
        coerce=optional_id,
        validate_choice=False,
        validators=[Optional()],
        description="Only if you link it to one of your medications.",
    )
    at = wall_time_field(
        "When", validators=[Optional()], description="Now, or change it to an earlier time."
    )
    note = TextAreaField(
        "Note",
        validators=[
            Optional(),
            Length(max=NOTE_LIMIT, message=f"Keep this under {NOTE_LIMIT} characters."),
        ],
    )

    def set_choices(
        self,
        symptoms: Sequence[SymptomView],
        medications: Sequence[Any],
        *,
        placeholder: bool = False,
    ) -> None:
        """Symptoms grouped followed-first (numbness and fog lead); the user's medications."""
        followed = [
            SelectChoice(s.ref, s.name, optgroup="Followed") for s in symptoms if s.followed
        ]
        others = [
            SelectChoice(s.ref, s.name, optgroup="Others") for s in symptoms if not s.followed
        ]
        if not (followed and others):  # a single group needs no heading
            followed = [SelectChoice(c.value, c.label) for c in followed + others]
            others = []
        # A new entry starts with no symptom chosen, so none is logged by mistake.
        first = [SelectChoice("", "Choose a symptom")] if placeholder else []
        self.symptom.choices = first + followed + others
        self.medication_id.choices = choices(
            [("", "None / not sure"), *((str(m.id), m.name) for m in medications)]
        )


class NewEntryForm(EntryForm):
    request_key = RequestKeyField()


class EditEntryForm(EntryForm):
    row_version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token, for deletions."""


class DayForm(FlaskForm):
    """A Today panel form: the day shown and where to go back to."""

    day = DateField("Day", validators=[InputRequired()])
    next = HiddenField()
    request_key = RequestKeyField()


def scale_name(symptom: SymptomView) -> str:
    """The Today panel's field (and id prefix) for one symptom's 0–10 row."""
    return f"sym-{symptom.ref}"


class FollowedForm(DayForm):
    """One 0–10 row of radio buttons per followed symptom; built by `followed_form`."""

    symptoms: tuple[SymptomView, ...] = ()

    def rows(self) -> list[tuple[SymptomView, RadioField]]:
        return [(s, self[scale_name(s)]) for s in self.symptoms]

    def values(self) -> dict[str, int]:
        """The symptoms given a value, by ref."""
        return {s.ref: f.data for s, f in self.rows() if f.data is not None}


def followed_form(symptoms: Sequence[SymptomView], **kwargs: Any) -> FollowedForm:
    """The Today panel form for these symptoms (pass `data=` to preselect values)."""
    fields = {
        scale_name(s): RadioField(
            s.name, choices=SCALE, coerce=int, validators=[Optional()], description=s.description
        )
        for s in symptoms
    }
    form_class = type("FollowedForm", (FollowedForm,), {**fields, "symptoms": tuple(symptoms)})
    return form_class(**kwargs)


def follow_name(symptom: SymptomView) -> str:
    """The settings page's checkbox for one symptom."""
    return f"follow-{symptom.ref}"


class SettingsForm(FlaskForm):
    """Which symptoms to follow, plus one of the user's own to add; built by `settings_form`."""

    new_name = StringField(
        "Add your own symptom",
        validators=[
            Optional(),
            Length(max=NAME_LIMIT, message=f"Keep the name to {NAME_LIMIT} characters or fewer."),
        ],
        description="For example “Jaw clenching”. It is followed as soon as it is added.",
    )
    symptoms: tuple[SymptomView, ...] = ()

    def rows(self) -> list[tuple[SymptomView, BooleanField]]:
        return [(s, self[follow_name(s)]) for s in self.symptoms]

    def followed(self) -> list[str]:
        """The refs ticked."""
        return [s.ref for s, f in self.rows() if f.data]


def settings_form(symptoms: Sequence[SymptomView], **kwargs: Any) -> SettingsForm:
    """The settings form with one checkbox per symptom, ticked when followed."""
    fields = {
        follow_name(s): BooleanField(s.name, default=s.followed, description=s.description)
        for s in symptoms
    }
    form_class = type("SettingsForm", (SettingsForm,), {**fields, "symptoms": tuple(symptoms)})
    return form_class(**kwargs)
