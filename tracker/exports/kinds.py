"""What a table of records is to the exports: its name, columns, how a row is written, and
what its CSV cells hold. Each journal kind declares its tables in its own codec
(`tracker/<domain>/codec.py`) and lists them as its `tables` (tracker/kind.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Select, select

from tracker.auth.models import User

Refs = dict[str, dict[int, int]]  # table name -> database id -> file ref
CellType = Literal["number", "flag", "keys", "scores"]


def cells(
    *,
    numbers: Iterable[str] = (),
    flags: Iterable[str] = (),
    keys: Iterable[str] = (),
    scores: Iterable[str] = (),
) -> dict[str, CellType]:
    """What a table's CSV cells hold when they are not text, so the import reads them back into
    the JSON value its loader asks for: `numbers` (read with `Fields.integer`/`number`),
    `flags` (`flag`), `keys` and `scores` (lists joined with `;`). A `ref` column and one
    ending in `_ref` are numbers without being named; a column not named is text."""
    out: dict[str, CellType] = {}
    for kind, names in (("number", numbers), ("flag", flags), ("keys", keys), ("scores", scores)):
        out |= dict.fromkeys(names, kind)
    return out


@dataclass(frozen=True)
class Kind:
    """One table of records: its JSON key and CSV file, columns, and how a row is written."""

    name: str
    model: type
    columns: tuple[str, ...]
    dump: Callable[[Any, Refs], dict[str, Any]]
    order: Callable[[Any], tuple] = lambda row: (row.id,)
    has_ref: bool = False  # other tables point at its rows
    private: tuple[str, ...] = ()  # left out of CSV and FHIR (therapy notes)
    query: Callable[[User], Select] | None = None  # default: the model's rows of the user
    cells: Mapping[str, CellType] = field(default_factory=dict)  # see `cells()`
    # Columns newer exports write that older ones lack: a CSV file without them is read, and
    # the loader gives them their old meaning.
    added_later: tuple[str, ...] = ()
    # A table added after exports were made without it (a new kind's): an older CSV zip
    # without its file, like an older JSON file without its key, reads as no rows.
    table_added_later: bool = False

    def rows_of(self, user: User) -> Select:
        """The select of this table's rows that belong to `user`."""
        if self.query is not None:
            return self.query(user)
        return select(self.model).where(self.model.user_id == user.id)

    def cell_type(self, column: str) -> CellType | None:
        """What a column's CSV cell holds when it is not text; None: text."""
        if column == "ref" or column.endswith("_ref"):
            return "number"
        return self.cells.get(column)


@dataclass(frozen=True)
class ProfileSetting:
    """One of a kind's account settings in the export's profile (a `JournalKind.profile`).

    The export writes `dump(user)` under `key`; the import reads the file's value with
    `read(fields)` (a `tracker.exports.values.Fields` of the profile: its shape only), then,
    once every setting is read, applies it with `apply(user, value)` by the domain's own rules,
    whose refusal names `profile.<key>`. `cell` says what its CSV cell holds when not text."""

    key: str
    dump: Callable[[User], Any]
    read: Callable[[Any], Any]
    apply: Callable[[User, Any], Any]
    cell: CellType | None = None


def ref(refs: Refs, table: str, row_id: int | None) -> int | None:
    """The file ref of a row of an earlier table (None stays None)."""
    return None if row_id is None else refs[table][row_id]
