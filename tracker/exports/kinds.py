"""What a kind of record is to the exports: its name, columns, and how a row is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, select

from tracker.auth.models import User

Refs = dict[str, dict[int, int]]  # kind name -> database id -> file ref
CellType = Literal["number", "flag", "keys", "scores"]

# What a CSV cell holds when it is not text, so the import reads it back into the JSON value
# the loaders ask for (`Fields.integer`/`number`, `flag`, `keys`, `scores`); a column not
# listed is text. A column name means the same in every kind and in the profile, so one table
# serves them all, but for the few `KIND_CELL_TYPES` names (FIBSER's `intensity` is a score,
# an activity's a word); a test checks it against what the loaders read.
_NUMBERS = (
    "ref medication_ref taper_plan_ref schedule_version_ref symptom_ref appointment_ref "
    "on_time_window_minutes questionnaire_days strength default_amount max_per_24h "
    "min_interval_minutes start_amount step interval_days end_amount amount helped position "
    "severity mood anxiety irritability energy focus sol_minutes awakenings waso_minutes "
    "quality minutes steps helpful duration_minutes mood_before mood_after difficulty total item9 "
    "frequency burden"
).split()
_FLAGS = ("as_needed", "ends_in_stop", "followed", "done", "homework_done", "times_known")
CELL_TYPES: dict[str, CellType] = {
    **dict.fromkeys(_NUMBERS, "number"),
    **dict.fromkeys(_FLAGS, "flag"),
    "followed_practices": "keys",
    "mood_scales": "keys",
    "answers": "scores",
}
KIND_CELL_TYPES: dict[str, dict[str, CellType]] = {
    "questionnaire_responses": {"intensity": "number"},
}


def cell_type(kind: str, column: str) -> CellType | None:
    """What a kind's (or the profile's) column holds when it is not text; None: text."""
    return KIND_CELL_TYPES.get(kind, {}).get(column, CELL_TYPES.get(column))


@dataclass(frozen=True)
class Kind:
    """One kind of record: its JSON key and CSV file, columns, and how a row is written."""

    name: str
    model: type
    columns: tuple[str, ...]
    dump: Callable[[Any, Refs], dict[str, Any]]
    order: Callable[[Any], tuple] = lambda row: (row.id,)
    has_ref: bool = False  # other kinds point at its rows
    private: tuple[str, ...] = ()  # left out of CSV and FHIR (therapy notes)
    query: Callable[[User], Select] | None = None  # default: the model's rows of the user

    def rows_of(self, user: User) -> Select:
        """The select of this kind's rows that belong to `user`."""
        if self.query is not None:
            return self.query(user)
        return select(self.model).where(self.model.user_id == user.id)


def ref(refs: Refs, kind: str, row_id: int | None) -> int | None:
    return None if row_id is None else refs[kind][row_id]
