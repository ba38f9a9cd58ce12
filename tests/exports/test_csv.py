"""The CSV zip: a file per kind with the documented columns, every field quoted, UTF-8 with a
BOM, times with offsets, formula cells neutralized (and exactly reversible)."""

import csv
import io
import zipfile

import pytest

from tests.conftest import NOW
from tests.exports.factories import FORMULA, NOTE, full_account
from tracker.exports import services
from tracker.exports.account import ACCOUNT_SETTINGS, KINDS, SETTINGS, columns
from tracker.exports.csv_format import cell, neutralize, unneutralize

TRICKY = [
    "=1+1",
    "+49 30 1234",
    "-5 mood",
    "@SUM(A1)",
    "\tTab first",
    "\rCR first",
    "\nLF first",
    "\0NUL first",
    "'already quoted",
    "''two quotes",
    "'=quote then formula",
    "plain",
    "",
    "mid=dle - ok",
]


@pytest.mark.parametrize("value", TRICKY)
def test_neutralize_and_unneutralize_are_exact_inverses(value):
    written = neutralize(value)
    assert unneutralize(written) == value
    if value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "'"):
        assert written == "'" + value
    else:
        assert written == value


def test_no_neutralized_cell_starts_with_a_character_a_spreadsheet_runs():
    for value in TRICKY:
        assert not neutralize(value).startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0"))


def test_cells_write_null_as_empty_booleans_as_words_and_numbers_as_is():
    assert [cell(None), cell(True), cell(False), cell(12.5), cell(3)] == [
        "", "true", "false", "12.5", "3"
    ]  # fmt: skip
    assert cell([1, 2, 3]) == "1;2;3" and cell("=x") == "'=x"


@pytest.fixture
def files(app):
    with app.app_context():
        data = services.export(full_account(), "csv", now=NOW).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name.split("/")[-1]: archive.read(name) for name in archive.namelist()}


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _dicts(raw: bytes) -> list[dict[str, str]]:
    header, *rows = _rows(raw)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_zip_holds_profile_and_one_file_per_kind_with_the_documented_columns(files):
    assert set(files) == {"profile.csv", *(f"{k.name}.csv" for k in KINDS)}
    for kind in KINDS:
        header = _rows(files[f"{kind.name}.csv"])[0]
        assert header == [c for c in columns(kind) if c not in kind.private]
    assert "notes" not in _rows(files["therapy_sessions.csv"])[0]


def test_every_field_is_quoted_utf8_with_bom_and_crlf(files):
    raw = files["mood_checkins.csv"]
    assert raw.startswith(b'\xef\xbb\xbf"at","tz"')
    for line in raw.decode("utf-8-sig").split("\r\n")[:-1]:
        assert line.startswith('"') and line.endswith('"')


def test_times_carry_their_offsets_and_text_is_neutralized_and_reversible(files):
    mood = _dicts(files["mood_checkins.csv"])
    assert mood[0]["at"] == "2025-05-25T08:00:00+05:30" and mood[0]["tz"] == "Asia/Kolkata"
    assert mood[0]["note"] == "'" + FORMULA and unneutralize(mood[0]["note"]) == FORMULA
    assert unneutralize(mood[1]["note"]) == "'quoted on purpose"
    doses = _dicts(files["dose_events.csv"])
    assert NOTE in [unneutralize(r["note"]) for r in doses]  # multi-line, unicode, tabs survive
    reasons = [r["reason"] for r in doses]
    assert "'-felt sick" in reasons and "'@night panic" in reasons


def test_private_therapy_notes_stay_out_of_the_csv(files):
    assert all("Private ada" not in data.decode("utf-8-sig") for data in files.values())


def test_the_docs_document_every_files_columns_as_written():
    from pathlib import Path

    documented = (Path(__file__).parents[2] / "docs" / "data.md").read_text()
    for kind in KINDS:
        header = ", ".join(c for c in columns(kind) if c not in kind.private)
        assert f"| `{kind.name}.csv` | {header}" in documented, kind.name
    profile = ", ".join([*ACCOUNT_SETTINGS, *(setting.key for setting in SETTINGS)])
    assert f"| `profile.csv` | {profile} |" in documented
