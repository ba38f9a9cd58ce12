"""Form pieces several domains share."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import DateTimeLocalField, FloatField, HiddenField
from wtforms.fields.choices import SelectChoice

from tracker import requestkeys


class RequestKeyField(HiddenField):
    """A key made when the form is rendered; the same form sent twice records once."""

    def __init__(self, **kwargs: object) -> None:
        self._made: str | None = None
        super().__init__(default=self._make, **kwargs)

    def _make(self) -> str:
        self._made = requestkeys.new_key()
        return self._made

    def _value(self) -> str:
        # A kept page renews the keys it was drawn with (tracker/requestkeys.py)
        value = super()._value()
        requestkeys.shown(value, made_here=value == self._made)
        return value

    def pre_validate(self, form: object) -> None:
        if self.data and (len(self.data) > 64 or not self.data.isalnum()):
            raise ValueError("Reload the page and try again.")


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class AmountField(FloatField):
    """A dose amount shown as typed by people: 50 rather than 50.0, 12.5 as 12.5."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"


def wall_time_field(label: str, **kwargs: object) -> DateTimeLocalField:
    """A `datetime-local` input in the HTML format (2025-03-30T08:00), seconds optional."""
    return DateTimeLocalField(label, format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs)
