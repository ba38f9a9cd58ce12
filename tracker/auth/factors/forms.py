"""The second step's and the Security page's forms: shape only; the rules are in services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

CODE_HELP = "The 6 digits your authenticator app shows now, or one of your recovery codes."


class SecondStepForm(FlaskForm):
    factor = HiddenField(validators=[DataRequired()])
    # A passkey's answer is the browser's signed assertion (JSON), longer than any code.
    answer = StringField("Code", validators=[DataRequired("Enter the code."), Length(max=16000)])


class ConfirmForm(FlaskForm):
    """The current factors again, within the request that changes one."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1024)])
    code = StringField(
        "Code from your authenticator app",
        validators=[Optional(), Length(max=64)],
        description=CODE_HELP,
    )
    # For an account with passkeys and no authenticator: filled by static/passkeys.js with
    # the browser's signed assertion (JSON) over a "confirm" challenge.
    confirmation = HiddenField(validators=[Length(max=16000)])


class EnrolForm(ConfirmForm):
    new_code = StringField(
        "The 6-digit code the app shows",
        validators=[DataRequired("Enter the code the app shows."), Length(max=16)],
    )


PASSKEY_NAME_HELP = 'Where it is kept, so you can tell them apart: "Phone", "Laptop", "Key ring".'


class AddPasskeyForm(ConfirmForm):
    name = StringField(
        "Name for the passkey",
        validators=[DataRequired("Name the passkey."), Length(max=80)],
        description=PASSKEY_NAME_HELP,
    )
    # Filled by static/passkeys.js with the browser's new credential (JSON).
    credential = HiddenField(validators=[Length(max=16000)])


class RenamePasskeyForm(FlaskForm):
    name = StringField(
        "New name",
        validators=[DataRequired("Name the passkey."), Length(max=80)],
        description=PASSKEY_NAME_HELP,
    )


class PasskeySignInForm(FlaskForm):
    # Filled by static/passkeys.js with the browser's signed assertion (JSON).
    credential = HiddenField(validators=[DataRequired(), Length(max=16000)])
