"""The Settings form that makes a personal access token: shape only; rules in tokens.py."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length

from tracker.api.tokens import NAME_LIMIT
from tracker.forms import choices


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            InputRequired("Name the token, for example “phone shortcut”."),
            Length(max=NAME_LIMIT, message=f"Keep the name under {NAME_LIMIT} characters."),
        ],
        description="Only you see it, to tell your tokens apart.",
    )
    scope = RadioField(
        "It may",
        choices=choices([("read", "Read only"), ("write", "Read and write")]),
        default="read",
    )
