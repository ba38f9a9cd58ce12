"""The CSV cells read back into the JSON values the import's loaders ask for: the type table
agrees with the loaders, and reading a written cell gives its value back."""

import json
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import NOW
from tests.exports.factories import empty_user, full_account
from tracker.exports import csv_reader, services
from tracker.exports.account import KINDS, PROFILE_CELLS, cell_type
from tracker.exports.csv_format import cell, file_columns
from tracker.exports.values import Fields
from tracker.extensions import db

# Each Fields accessor the loaders read with, and the cell type it needs (None: text).
ACCESSORS = {
    "integer": "number", "number": "number", "flag": "flag", "keys": "keys", "scores": "scores",
    "text": None, "choice": None, "date": None, "clock": None, "instant": None,
}  # fmt: skip


def _spy(method: str, cell_type: str | None, read: dict) -> Callable:
    """A Fields accessor that notes which kind's key it read as which cell type."""
    original = getattr(Fields, method)

    def spy(self, key, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        read.setdefault((self.path.split("[")[0], key), set()).add(cell_type)
        return original(self, key, *args, **kw)

    return spy


def test_the_cell_type_table_is_what_the_loaders_read(app, monkeypatch):
    read: dict[tuple[str, str], set] = {}
    for method, accessor_type in ACCESSORS.items():
        monkeypatch.setattr(Fields, method, _spy(method, accessor_type, read))
    with app.app_context():
        data = services.export(full_account(), "json", now=NOW).data
        services.import_json(empty_user(), data, now=NOW)
        db.session.rollback()
        profile = json.loads(data)["profile"]
    written = [("profile", c) for c in profile]
    written += [(kind.name, c) for kind in KINDS for c in file_columns(kind)]
    assert {place: read.get(place) for place in written} == {
        (name, c): {cell_type(name, c)} for name, c in written
    }
    assert set(PROFILE_CELLS) <= set(profile)
    for kind in KINDS:  # no table names a cell type for a column it does not write
        assert set(kind.cells) <= set(file_columns(kind)), kind.name


VALUES = {
    "number": st.integers(-(10**30), 10**30) | st.floats(allow_nan=False, allow_infinity=False),
    "flag": st.booleans(),
    "keys": st.lists(st.text("abcxyz_", min_size=1, max_size=12), max_size=5),
    "scores": st.lists(st.integers(-5, 30), min_size=1, max_size=9),
    None: st.text(min_size=1),
}


@settings(deadline=None)  # a fresh checkout's first text draw builds Hypothesis' Unicode tables
@given(st.data())
def test_reading_a_cell_gives_back_what_was_written(data):
    places = [("profile", c) for c in [*PROFILE_CELLS, "display_name"]]
    places += [(kind.name, c) for kind in KINDS for c in file_columns(kind)]
    file, column = data.draw(st.sampled_from(places))
    kind = cell_type(file, column)
    value = data.draw(VALUES[kind])
    assert csv_reader.read_cell(column, cell(value), file) == value
    assert csv_reader.read_cell(column, "", file) == ([] if kind == "keys" else None)
