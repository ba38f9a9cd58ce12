"""The import form: shape only (a file was chosen); the import service checks the content."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class ImportForm(FlaskForm):
    file = FileField(
        "Export file (JSON)",
        validators=[FileRequired("Choose the .json file this app exported.")],
        description="A JSON export of this app. It goes only into an account with no records.",
    )
