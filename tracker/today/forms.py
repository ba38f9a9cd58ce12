"""The timeline's filter (a GET form: no state changes, no CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, widgets
from wtforms.validators import Optional

from tracker.forms import choices
from tracker.today.services import SOURCES


class TimelineFilter(FlaskForm):
    class Meta:
        csrf = False

    first = DateField("From", validators=[Optional()])
    last = DateField("To", validators=[Optional()])
    kind = SelectMultipleField(
        "Show",
        choices=choices(SOURCES),
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
        validators=[Optional()],
    )
