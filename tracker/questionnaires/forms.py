"""Questionnaire forms: shape only; the scoring and rules live in instruments and services."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from tracker.forms import RequestKeyField, choices
from tracker.questionnaires import instruments as ins
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.questionnaires.services import CADENCE_DAYS


class AnswerField(RadioField):
    """One item's answers as radio buttons; an answer that is not an anchor is refused."""

    def __init__(self, label: str, answers: tuple[tuple[int, str], ...], **kwargs: Any) -> None:
        super().__init__(label, choices=choices(answers), coerce=int, **kwargs)
        self.values = {value for value, _ in answers}
        self.type = "RadioField"  # render_field draws it as a fieldset of radio buttons

    def pre_validate(self, form: object) -> None:
        # Left empty is the validators' business ("Choose an answer."), not "not a choice".
        if self.data is not None and self.data not in self.values:
            raise ValidationError("Choose one of the answers shown.")


class AnswerForm(FlaskForm):
    """Base of the per-instrument forms made by `answer_form`."""

    key = ""
    count = 0
    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=2000)])
    request_key = RequestKeyField()
    row_version = HiddenField()

    def items(self) -> list[AnswerField]:
        return [self[f"item{n}"] for n in range(1, self.count + 1)]

    def answers(self) -> list[int | None]:
        return [field.data for field in self.items()]

    def item9_value(self) -> int | None:
        """PHQ-9 item 9 as answered (only when it is a valid answer), else None."""
        if self.key != ins.PHQ9 or self["item9"].errors:
            return None
        return self["item9"].data

    def difficulty_value(self) -> int | None:
        return self["difficulty"].data if "difficulty" in self else None


def _make(instrument: ins.Instrument) -> type[AnswerForm]:
    fields: dict[str, Any] = {"key": instrument.key, "count": len(instrument.items)}
    for number, item in enumerate(instrument.items, start=1):
        fields[f"item{number}"] = AnswerField(
            f"{number}. {item.text}",
            item.answers,
            validators=[InputRequired("Choose an answer.")],
        )
    if instrument.key == ins.PHQ9:
        fields["difficulty"] = AnswerField(
            ins.DIFFICULTY_QUESTION,
            ins.DIFFICULTY_ANSWERS,
            validators=[Optional()],
            description="Optional; not part of the score.",
        )
    return type(f"{instrument.title.replace('-', '')}Form", (AnswerForm,), fields)


ANSWER_FORMS = {key: _make(instrument) for key, instrument in ins.INSTRUMENTS.items()}


def answer_data(entry: QuestionnaireResponse) -> dict[str, Any]:
    """A saved entry's answers as form data, to re-answer it."""
    answers, difficulty = ins.split_answers(entry.instrument, entry.answers)
    data: dict[str, Any] = {f"item{n}": v for n, v in enumerate(answers, start=1)}
    if entry.instrument == ins.PHQ9:
        data["difficulty"] = difficulty
    return {**data, "note": entry.note, "row_version": entry.row_version}


class OtherScoreForm(FlaskForm):
    name = StringField(
        "Instrument",
        validators=[DataRequired("Enter the instrument's name, e.g. ODQ."), Length(max=60)],
        description="The name of the scale your clinician used, e.g. ODQ, GASS, ASEC or ASRM.",
    )
    total = IntegerField(
        "Score",
        validators=[
            InputRequired("Enter the score."),
            NumberRange(min=0, max=ins.OTHER_MAX, message=f"Enter 0 to {ins.OTHER_MAX}."),
        ],
    )
    taken_on = DateField("Date", validators=[InputRequired("Enter the date of the score.")])
    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=2000)])
    request_key = RequestKeyField()
    row_version = HiddenField()


class SettingsForm(FlaskForm):
    questionnaire_days = IntegerField(
        "PHQ-9 and GAD-7 fall due every (days)",
        validators=[
            InputRequired(f"Enter a number of days from {CADENCE_DAYS[0]} to {CADENCE_DAYS[1]}."),
            NumberRange(
                min=CADENCE_DAYS[0],
                max=CADENCE_DAYS[1],
                message=f"Choose from {CADENCE_DAYS[0]} to {CADENCE_DAYS[1]} days.",
            ),
        ],
        description="Both ask about the last 2 weeks, so every 14 days is usual.",
    )


class ConfirmForm(FlaskForm):
    """An empty form: a POST with a CSRF token, for deletions."""
