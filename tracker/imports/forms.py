"""The upload form, and the mapping the preview page posts (one select per source name)."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from tracker.forms import choices
from tracker.imports.mapping import Choice
from tracker.imports.services import SOURCES


class UploadForm(FlaskForm):
    source = SelectField("Where the file comes from", choices=choices(SOURCES.items()))
    file = FileField(
        "File",
        validators=[FileRequired("Choose the file to import.")],
        description="Nothing is added until you have seen the preview and confirmed it.",
    )


class ConfirmForm(FlaskForm):
    """The preview's buttons; the mapping selects are read by `posted_mapping`."""


def posted_mapping(
    form: Mapping[str, str], choices: list[Choice]
) -> tuple[dict[str, str], dict[str, str]]:
    """The mapping the page posted, checked against each name's options: (mapping, errors)."""
    mapping: dict[str, str] = {}
    errors: dict[str, str] = {}
    for choice in choices:
        value = form.get(f"map:{choice.key}", "")
        allowed = {v for v, _ in choice.options}
        if value and value not in allowed:
            errors[choice.key] = "Choose one of the listed options."
        elif value:
            mapping[choice.key] = value
        minutes = form.get(f"minutes:{choice.name}", "").strip()
        if choice.group == "activity" and minutes:
            if not minutes.isdigit() or not 1 <= int(minutes) <= 1440:
                errors[f"minutes:{choice.name}"] = "Enter 1 to 1440 minutes."
            else:
                mapping[f"minutes:{choice.name}"] = minutes
    return mapping, errors
