"""The Settings page's forms: shape only; the rules live in auth.services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.auth.forms import zone_choices
from tracker.forms import choices


class SettingsForm(FlaskForm):
    display_name = StringField(
        "Name on reports (optional)", validators=[Optional(), Length(max=100)]
    )
    timezone = SelectField("Time zone")
    on_time_window_minutes = IntegerField(
        "On-time window (minutes)",
        validators=[InputRequired(), NumberRange(min=5, max=240)],
        description="A dose taken this many minutes before or after its time counts as on time.",
    )
    clock = RadioField(
        "Clock",
        choices=choices([("24", "24-hour (13:30)"), ("12", "12-hour (1:30 PM)")]),
        # Checked by the service (tracker/auth/services.py); a form without it keeps the clock.
        validate_choice=False,
        description="How this app shows times. Time pickers follow your device's own setting.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = zone_choices()


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired()],
        description="At least 8 characters. This logs out your other devices.",
    )
    revoke_access = BooleanField(
        "Also revoke every API token, calendar feed address and share link",
        default=True,
        description="Anyone who has one of them can no longer use it. Make new ones after.",
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired()])
