"""The second step's and the Security page's forms: shape only; the rules are in services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

CODE_HELP = "The 6 digits your authenticator app shows now, or one of your recovery codes."


class SecondStepForm(FlaskForm):
    factor = HiddenField(validators=[DataRequired()])
    answer = StringField("Code", validators=[DataRequired("Enter the code."), Length(max=64)])


class ConfirmForm(FlaskForm):
    """The current factors again, within the request that changes one."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1024)])
    code = StringField(
        "Code from your authenticator app",
        validators=[Optional(), Length(max=64)],
        description=CODE_HELP,
    )


class EnrolForm(ConfirmForm):
    new_code = StringField(
        "The 6-digit code the app shows",
        validators=[DataRequired("Enter the code the app shows."), Length(max=16)],
    )
