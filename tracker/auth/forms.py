"""Account forms: shape only; the rules live in auth.services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from tracker.forms import choices
from tracker.timeutils import zone_names

# The zones most of our users live in, offered first so a phone user need not scroll
# through 400 names; every zone follows in order.
COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
)


def _zone_label(zone: str) -> str:
    return zone.replace("_", " ")


def _zone_choices() -> list:
    return choices((z, _zone_label(z)) for z in zone_names())


def _signup_zone_choices() -> dict[str, list]:
    """A placeholder, then the common zones, then all of them (as option groups)."""
    return {
        "": choices([("", "Choose your time zone")]),
        "Common": choices((z, _zone_label(z)) for z in COMMON_ZONES),
        "All time zones": _zone_choices(),
    }


class SignupForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        "Password",
        validators=[DataRequired()],
        description="At least 8 characters. A passphrase of a few words works well.",
    )
    confirm = PasswordField(
        "Password again", validators=[DataRequired(), EqualTo("password", "The passwords differ.")]
    )
    # No zone is picked for the user: a wrong guess would shift every day's doses.
    timezone = SelectField(
        "Time zone",
        default="",
        validators=[DataRequired("Choose your time zone.")],
        description="Your days start at midnight in this zone.",
    )
    # How the browser shows times (timezone.js sets "12" where the device uses a 12-hour
    # clock); Settings changes it later.
    clock = HiddenField(default="24")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = _signup_zone_choices()


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField(
        "Keep me signed in",
        description="For 30 days on this device. Otherwise you are signed out after 30 "
        "minutes without use, and after 12 hours in any case.",
    )


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
        self.timezone.choices = _zone_choices()


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


class ReauthForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1024)])
