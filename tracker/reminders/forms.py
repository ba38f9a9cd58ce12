"""Forms of Settings → Reminders; the rules (a valid address, both ends of quiet hours) are in
channels.py so the CLI enforces them too."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.forms import choices


class ChannelForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=60)])
    url = StringField(
        "Apprise address",
        validators=[DataRequired(), Length(max=2000)],
        description="For example ntfys://ntfy.sh/your-topic or mailtos://user:app-password@"
        "example.org. It is kept encrypted and never shown in full again.",
    )


class PreferencesForm(FlaskForm):
    quiet_start = TimeField("Quiet hours from", validators=[Optional()])
    quiet_end = TimeField(
        "until",
        validators=[Optional()],
        description="Your local time; may cross midnight (22:00 until 07:00). A reminder due "
        "then is sent when quiet hours end, unless its dose's on-time window has closed by then.",
    )
    name_drug = BooleanField("Name the medication in reminders")


class RepeatForm(FlaskForm):
    every_minutes = SelectField(
        "Remind again",
        choices=choices([("", "No"), ("15", "Every 15 minutes"), ("30", "Every 30 minutes"),
                         ("60", "Every hour")]),
        coerce=lambda v: int(v) if v else None,
        validate_choice=False,  # the service says which are allowed
    )  # fmt: skip
    times = IntegerField(
        "At most", validators=[InputRequired(), NumberRange(min=1, max=6)], default=2
    )
