"""Form pieces several domains share."""

from __future__ import annotations

import uuid

from wtforms import HiddenField


class RequestKeyField(HiddenField):
    """A key made when the form is rendered; the same form sent twice records once."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(default=lambda: uuid.uuid4().hex, **kwargs)

    def pre_validate(self, form: object) -> None:
        if self.data and (len(self.data) > 64 or not self.data.isalnum()):
            raise ValueError("Reload the page and try again.")
