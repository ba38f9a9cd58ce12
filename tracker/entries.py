"""Delete, written once for every journal entry (and the plan's own rows).

The pages, the API and the CLI of every domain call these, so "another user's record is not
found" and "a stale page is refused, not merged" hold the same way everywhere. What an entry
of one kind may hold stays in its domain's services.
"""

from __future__ import annotations

from typing import Any, TypeVar

from tracker.database import get_owned_or_404
from tracker.extensions import db
from tracker.journal import check_version

M = TypeVar("M")


def delete_entry(user: Any, model: type[M], entry_id: int, *, row_version: int | None = None) -> M:
    """Delete one of the user's rows by id (anybody else's is 404); with `row_version`, a row
    changed since the page was made is refused with a conflict. Returns the deleted row."""
    entry = get_owned_or_404(model, entry_id, user)
    check_version(entry, row_version)  # type: ignore[arg-type]  # any row with a row_version
    db.session.delete(entry)
    db.session.flush()
    return entry
