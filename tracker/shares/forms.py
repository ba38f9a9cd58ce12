"""Share link forms: shape only; the rules live in shares.services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, PasswordField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from tracker.forms import RequestKeyField
from tracker.shares.services import LABEL_LIMIT, POLICY


class ShareForm(FlaskForm):
    label = StringField(
        "Name of the link",
        validators=[
            InputRequired("Name the link, for example “Dr. Okafor, March visit”."),
            Length(max=LABEL_LIMIT, message=f"Keep the name under {LABEL_LIMIT} characters."),
        ],
        description="Only you see it, in the list of your links.",
    )
    start = DateField("Report from", validators=[InputRequired("Choose the first day.")])
    end = DateField("Report to", validators=[InputRequired("Choose the last day.")])
    days = IntegerField(
        "Expires after (days)",
        default=POLICY.default_days,
        validators=[
            InputRequired(f"Choose {POLICY.min_days} to {POLICY.max_days} days."),
            NumberRange(
                POLICY.min_days,
                POLICY.max_days,
                f"Choose {POLICY.min_days} to {POLICY.max_days} days.",
            ),
        ],
    )
    pin = PasswordField(
        "PIN (optional)",
        validators=[Optional()],
        description="4 to 8 digits. Tell it to your prescriber separately, not with the link.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    request_key = RequestKeyField()


class PinForm(FlaskForm):
    pin = PasswordField(
        "PIN",
        validators=[InputRequired("Enter the PIN.")],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class RevokeForm(FlaskForm):
    """A POST with its CSRF token."""
