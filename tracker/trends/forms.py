"""The range picker of the trends pages (a GET form: no state changes, no CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from tracker.forms import choices
from tracker.trends.ranges import DEFAULT, RANGES
from tracker.trends.services import MAX_WINDOW, MIN_WINDOW


class RangeForm(FlaskForm):
    class Meta:
        csrf = False

    range = SelectField("Range", choices=choices(RANGES.items()), default=DEFAULT)
    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])


class ChangesForm(RangeForm):
    days = IntegerField(
        "Days before and after each change",
        validators=[Optional(), NumberRange(MIN_WINDOW, MAX_WINDOW)],
        default=14,
    )
