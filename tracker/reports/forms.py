"""The report's GET form: the trends range picker, the paper and the appendix (no CSRF)."""

from __future__ import annotations

from wtforms import BooleanField, SelectField

from tracker.forms import choices
from tracker.trends.forms import RangeForm

PAPERS = {"A4": "A4", "Letter": "Letter"}


class ReportForm(RangeForm):
    paper = SelectField("Paper", choices=choices(PAPERS.items()), default="A4")
    appendix = BooleanField("Add every dose as an appendix")
