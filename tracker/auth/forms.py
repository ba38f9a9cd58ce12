"""Sign-up, login and re-authentication forms: shape only; the rules live in auth.services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, Length

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


def zone_choices() -> list:
    """Every time zone, by name."""
    return choices((z, _zone_label(z)) for z in zone_names())


def _signup_zone_choices() -> dict[str, list]:
    """A placeholder, then the common zones, then all of them (as option groups)."""
    return {
        "": choices([("", "Choose your time zone")]),
        "Common": choices((z, _zone_label(z)) for z in COMMON_ZONES),
        "All time zones": zone_choices(),
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


class ReauthForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1024)])
